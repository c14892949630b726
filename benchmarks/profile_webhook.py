"""Where one POST /callback spends its time, and how many SQL statements it runs.

    .venv/bin/python benchmarks/profile_webhook.py [N] [--events K] [--top 25]

Posts N signed bodies of K text events each through the real Flask app (WSGI test client,
no worker, a fresh SQLite file or BENCH_DATABASE_URL), counts the statements each request
sends to the database (BEGIN/COMMIT/SAVEPOINT included) and prints cProfile's heaviest
functions by cumulative time. The web process's cost per request is what limits the load
test's throughput, so this is the first place to look when it falls.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import hashlib
import hmac
import json
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event

from bot.app import create_app
from bot.config import load
from bot.runtime import Runtime
from models.db import upgrade

SECRET = "bench-secret-0123456789abcdef"


def body_of(i: int, events: int) -> bytes:
    return json.dumps({"destination": "U", "events": [
        {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
         "source": {"type": "user", "userId": f"U{(i * events + k) % 50:032d}"},
         "webhookEventId": f"01PROF{i:014d}{k:04d}", "deliveryContext": {"isRedelivery": False},
         "replyToken": f"r{i}-{k}", "message": {"id": str(i * 100 + k), "type": "text",
                                                "text": "o12 เสร็จแล้วครับ", "quoteToken": "q"}}
        for k in range(events)]}, ensure_ascii=False).encode()


def sign(body: bytes) -> str:
    return base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=500)
    parser.add_argument("--events", type=int, default=1, help="events per body")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/prof.sqlite3"
    upgrade(url)
    rt = Runtime.create(load({"DATABASE_URL": url, "LINE_CHANNEL_SECRET": SECRET,
                              "LINE_CHANNEL_ACCESS_TOKEN": "t"}))
    rt.ensure_default_org()
    client = create_app(rt).test_client()
    statements: list[str] = []
    event.listen(rt.engine, "before_cursor_execute",
                 lambda conn, cur, sql, params, ctx, many: statements.append(sql.split()[0]))
    # Conections are opened (and their PRAGMAs run) on the first request: warm up first.
    for i in range(20):
        client.post("/callback", data=body_of(-1 - i, args.events),
                    headers={"X-Line-Signature": sign(body_of(-1 - i, args.events))})
    bodies = [body_of(i, args.events) for i in range(2 * args.n)]
    signatures = [sign(b) for b in bodies]
    began = time.perf_counter()
    for body, signature in zip(bodies[args.n:], signatures[args.n:], strict=True):
        client.post("/callback", data=body, headers={"X-Line-Signature": signature})
    plain = time.perf_counter() - began
    bodies, signatures = bodies[:args.n], signatures[:args.n]
    statements.clear()
    profile = cProfile.Profile()
    began = time.perf_counter()
    profile.enable()
    for body, signature in zip(bodies, signatures, strict=True):
        response = client.post("/callback", data=body, headers={"X-Line-Signature": signature})
        assert response.status_code == 200, response.data
    profile.disable()
    seconds = time.perf_counter() - began
    kinds = Counter(statements)
    print(f"{args.n} requests of {args.events} event(s) on {url.split(':')[0]}: "
          f"{1000 * plain / args.n:.2f} ms each ({1000 * seconds / args.n:.2f} under the "
          f"profiler); "
          f"{len(statements) / args.n:.1f} SQL statements per request "
          f"({', '.join(f'{k} {v / args.n:g}' for k, v in kinds.most_common())})")
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
