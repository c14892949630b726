# The bot's image: one image, four process types (release, web, worker, clock), chosen by
# the command compose.yaml (or the host's Procfile) gives it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 LOG_FORMAT=json TZ=Asia/Bangkok PORT=8000

# Pango and HarfBuzz: WeasyPrint lays out the PDF reports with them; tzdata: Asia/Bangkok.
# (Thai fonts come from pip: fontpkg-sarabun.)
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b tzdata \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# instance/evidence and instance/metrics exist in the image owned by `bot`, so the volumes
# compose mounts there start writable (evidence: web serves what the worker stored;
# metrics: every process's counters, added up by /metrics).
RUN useradd --system --create-home --uid 10001 bot \
    && mkdir -p /app/instance/evidence /app/instance/metrics \
    && chown -R bot /app/instance
USER bot

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c \
    "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=4)" || exit 1
CMD ["sh", "-c", "exec gunicorn --workers 2 --threads 4 --timeout 30 --bind 0.0.0.0:$PORT bot.wsgi:app"]
