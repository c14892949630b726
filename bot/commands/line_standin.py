"""`python -m bot line-standin [--port 8090] [--record sends.jsonl]`: the local LINE stand-in
(bot/line_standin.py) as a process of its own, so an operator can try a deployment before
any LINE channel exists: set `LINE_API_BASE_URL=http://127.0.0.1:8090` for web, worker and
clock, and read what "LINE" was asked to send in the record file.

Each record line is one JSON object: time, method, path, status, the JSON body and which
token sent it, shown only by its last four characters (a record is no place for a token).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from bot.line_standin import LineStandIn, StandInServer


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8090, help="port on 127.0.0.1 (default 8090)")
    parser.add_argument("--record", type=Path, metavar="FILE",
                        help="append every request it receives to FILE as JSON lines")


def token_hint(authorization: str) -> str:
    """`Bearer …abcd`: enough to tell two organizations' tokens apart, not to use one."""
    token = authorization.removeprefix("Bearer ").strip()
    return f"…{token[-4:]}" if len(token) > 8 else ("…" if token else "")


class RecordingStandIn(LineStandIn):
    """The stand-in that also appends each request to a file as it arrives."""

    def __init__(self, record: Path | None) -> None:
        super().__init__()
        self.record = record
        self._file_lock = threading.Lock()

    def __call__(self, environ, start_response):
        before = len(self.requests)
        answer = super().__call__(environ, start_response)
        if self.record is not None:
            with self._lock:
                new = self.requests[before:]
            with self._file_lock, self.record.open("a", encoding="utf-8") as out:
                for r in new:
                    out.write(json.dumps(as_record(r), ensure_ascii=False) + "\n")
        return answer


def as_record(r: Any) -> dict:
    headers = {k.lower(): v for k, v in r.headers.items()}
    return {"at": round(r.at, 3), "method": r.method, "path": r.path, "status": r.status,
            "token": token_hint(headers.get("authorization", "")), "body": r.body}


def run(args: argparse.Namespace) -> int:
    try:
        server = StandInServer(RecordingStandIn(args.record), port=args.port).start()
    except OSError as err:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {err.strerror}", file=sys.stderr)
        return 1
    where = f", recording to {args.record}" if args.record else ""
    print(f"LINE stand-in on {server.url}{where}\n"
          f"point the bot at it: LINE_API_BASE_URL={server.url}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    server.stop()
    return 0
