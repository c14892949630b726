"""`python -m bot db upgrade|current`: the schema, through Alembic migrations."""

from __future__ import annotations

import argparse

from bot.config import load
from models.db import current_revision, head_revision, make_engine, upgrade


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["upgrade", "current"])


def run(args: argparse.Namespace) -> int:
    config = load()
    if args.action == "upgrade":
        upgrade(config.database_url)
        print(f"database schema is at {head_revision()} (latest)")
        return 0
    current = current_revision(make_engine(config.database_url))
    print(f"current: {current or 'empty'}; latest: {head_revision()}")
    return 0 if current == head_revision() else 1
