"""`python -m bot web`: only the webhook, on Flask's server (production uses gunicorn)."""

from __future__ import annotations

import argparse

from bot.app import configure_logging, create_app
from bot.config import load
from bot.processes import prepare


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="0.0.0.0")


def run(args: argparse.Namespace) -> int:
    config = load()
    configure_logging()
    create_app(prepare(config)).run(host=args.host, port=config.port, threaded=True)
    return 0
