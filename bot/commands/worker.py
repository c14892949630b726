"""`python -m bot worker`: handle stored webhook events (several may run on PostgreSQL)."""

from __future__ import annotations

import argparse
import threading

from bot.app import configure_logging
from bot.config import load
from bot.processes import prepare, wait_for_signal
from bot.worker import run_worker


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    config = load()
    configure_logging()
    rt = prepare(config)
    stop = threading.Event()
    thread = threading.Thread(target=run_worker, args=(rt, stop), daemon=True)
    thread.start()
    wait_for_signal(stop)
    thread.join(timeout=10)
    return 0
