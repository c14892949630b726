"""How long POST /callback takes to verify, store and answer (LINE gives up after 2 s).

    .venv/bin/python benchmarks/bench_webhook.py [N]

Runs the real Flask app on a fresh SQLite file (or BENCH_DATABASE_URL), posting N signed
one-event bodies through the WSGI stack, while the worker handles them in a thread, as in
the embedded default. Prints p50 / p99 / max latency of the webhook answer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import create_app
from bot.config import load
from bot.line_standin import StandInServer
from bot.runtime import Runtime
from bot.worker import run_worker
from models.db import upgrade

SECRET = "bench-secret-0123456789abcdef"


def main(n: int) -> None:
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    upgrade(url)
    standin = StandInServer().start()
    rt = Runtime.create(load({"DATABASE_URL": url, "LINE_CHANNEL_SECRET": SECRET,
                              "LINE_CHANNEL_ACCESS_TOKEN": "t", "LINE_API_BASE_URL": standin.url}))
    rt.ensure_default_org()
    client = create_app(rt).test_client()
    stop = threading.Event()
    threading.Thread(target=run_worker, args=(rt, stop), daemon=True).start()
    latencies = []
    for i in range(n):
        event = {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
                 "source": {"type": "user", "userId": f"U{i % 50}"},
                 "webhookEventId": f"01BENCH{i:019d}", "deliveryContext": {"isRedelivery": False},
                 "replyToken": f"r{i}", "message": {"id": str(i), "type": "text",
                                                    "text": "o12 เสร็จแล้วครับ", "quoteToken": "q"}}
        body = json.dumps({"destination": "U", "events": [event]}).encode()
        sig = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
        start = time.perf_counter()
        response = client.post("/callback", data=body, headers={"X-Line-Signature": sig})
        latencies.append(time.perf_counter() - start)
        assert response.status_code == 200
    stop.set()
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(f"webhook answers, {n} events on {url.split(':')[0]} with the worker running:")
    print(f"  p50 {p(0.5):.1f} ms   p99 {p(0.99):.1f} ms   max {latencies[-1] * 1000:.1f} ms"
          f"   mean {statistics.mean(latencies) * 1000:.1f} ms   (LINE's limit: 2000 ms)")
    standin.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
