"""`python -m bot clock [--once]`: run only the scheduler (the Procfile's `clock` process).

It refuses an out-of-date schema, then leads if no other clock does (PostgreSQL advisory
lock) and runs the sweep and delivery jobs until SIGTERM; a second clock waits. `--once`
runs every job for the present moment, prints the counts and exits (handy from cron);
`--once --at 2023-01-31T09:00` runs them as if it were that moment (Bangkok time unless
the text has an offset), which is how an operator sees reminders arrive without waiting
for a deadline, e.g. against the LINE stand-in (`python -m bot line-standin`).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from datetime import datetime

from bot.app import configure_logging
from bot.config import load
from models import utcnow
from models.db import SchemaOutOfDate, check_schema, make_engine, make_sessionmaker
from scheduler.clock import run_clock, run_jobs_at


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true",
                        help="run every job for now, print the counts and exit")
    parser.add_argument("--at", metavar="WHEN",
                        help="with --once: as if it were WHEN, e.g. 2023-01-31T09:00 (local "
                             "time unless an offset is given); messages are really sent")


def moment(text: str, tz) -> datetime:
    """`2023-01-31T09:00`, `2023-01-31 09:00+07:00`: an aware datetime (naive → `tz`)."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--at {text!r}: give a date and time like 2023-01-31T09:00") from None
    return when if when.tzinfo else when.replace(tzinfo=tz)


def gateways(config, engine):
    """org id → a LINE client with that organization's token (the environment's for the
    default organization; short-lived tokens renewed before they expire).

    Delivery asks for a client inside its own write transaction, so `Channels` reads the
    token in a read-only session: on SQLite a second write transaction in the same thread
    would wait for the first one's lock until "database is locked", and the clock never
    delivered."""
    from bot.channels import Channels

    return Channels(make_sessionmaker(engine), config, lambda: config.line_api_base_url, "",
                    utcnow).gateway_for


def run(args: argparse.Namespace) -> int:
    configure_logging()  # LOG_FORMAT=json like the other processes
    config = load()
    if args.at and not args.once:
        print("error: --at needs --once (a running clock follows the real time)", file=sys.stderr)
        return 2
    try:
        now = moment(args.at, config.tz) if args.at else None
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    engine = make_engine(config.database_url)
    try:
        check_schema(engine)
    except SchemaOutOfDate as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if config.local_mode and not config.line_api_base_url:
        print("error: no LINE credentials: the clock alone cannot send anything; use "
              "`python -m bot run` for the local demo", file=sys.stderr)
        return 1
    factory = make_sessionmaker(engine)
    gateway_for = gateways(config, engine)
    if args.once:
        print(json.dumps(run_jobs_at(factory, gateway_for, now or utcnow(), config)))
        return 0
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    run_clock(engine, factory, gateway_for, config, stop=stop)
    return 0
