"""`python -m bot run`: web, worker and clock in one process (the embedded default)."""

from __future__ import annotations

import argparse
import threading

from werkzeug.serving import make_server

from bot.app import configure_logging, create_app
from bot.config import load
from bot.processes import prepare, start_clock, start_worker_thread, wait_for_signal


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (local mode: 127.0.0.1 only)")


def run(args: argparse.Namespace) -> int:
    config = load()
    configure_logging()
    rt = prepare(config)
    host = "127.0.0.1" if config.local_mode else (args.host or "0.0.0.0")
    stop = threading.Event()
    start_worker_thread(rt, stop)
    clock = start_clock(rt)
    server = make_server(host, config.port, create_app(rt), threaded=True)
    threading.Thread(target=server.serve_forever, name="web", daemon=True).start()
    if config.local_mode:
        print(f"\nบอท ITA พร้อมแล้ว · The bot is running locally.\n"
              f"  Chat page: http://127.0.0.1:{config.port}/dev\n"
              f"  Webhook:   http://127.0.0.1:{config.port}/callback\n"
              f"  LINE API stand-in: {rt.standin.url}\n  Stop with Ctrl+C.\n", flush=True)
    else:
        print(f"Webhook listening on http://{host}:{config.port}/callback", flush=True)
    wait_for_signal(stop)
    server.shutdown()
    if clock is not None:
        clock.shutdown(wait=False)
    return 0
