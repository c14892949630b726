"""gunicorn entry point: `gunicorn bot.wsgi:app` (the Procfile's web process)."""

from bot.app import configure_logging, create_app
from bot.config import load
from bot.processes import prepare

configure_logging()
app = create_app(prepare(load()))
