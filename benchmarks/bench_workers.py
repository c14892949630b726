"""How many stored webhook events workers handle a second, and how many answers lose
their free reply token and become paid pushes.

    .venv/bin/python benchmarks/bench_workers.py [--events 5000] [--workers 4] [--runs 3]

Needs PostgreSQL: BENCH_DATABASE_URL (its public schema is dropped and rebuilt). Stores a
burst of events at once (as after a month-end announcement: 500 registered officers of the
demo organization's units, and one sender in ten a stranger, writing "o12 เสร็จแล้ว",
"วิธีใช้", questions), each stamped by LINE 0-20 s before the burst, then starts N worker
processes (`python -m bot worker`'s loop) against the local LINE stand-in and times until the inbox is empty.
Goal: ≥ 300 events/s with four workers.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text

from bot.config import load
from bot.demo import load_demo
from bot.line_standin import StandInServer
from bot.menu_sync import sync_all_menus
from bot.runtime import Runtime
from handlers.edge import prepare_event
from models import InboxEvent
from models.db import make_engine, transaction, upgrade
from models.inbox import store_event

TEXTS = ["o12 เสร็จแล้ว", "วิธีใช้", "งานของฉัน", "กองคลังถึงไหนแล้ว", "o5 ทำไปแล้ว 50%"]


def config(url: str, standin_url: str):
    return load({"DATABASE_URL": url, "LINE_CHANNEL_SECRET": "bench-secret",
                 "LINE_CHANNEL_ACCESS_TOKEN": "bench-token", "LINE_API_BASE_URL": standin_url})


def prepare(url: str, standin_url: str, events: int) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    upgrade(url)
    rt = Runtime.create(config(url, standin_url))
    org_id = rt.ensure_default_org()
    rng = random.Random(1)
    now = datetime.now(UTC)
    with transaction(rt.factory) as session:
        from models import Membership, Organization, Person, Role, Unit

        load_demo(session, session.get(Organization, org_id), now.date())
        units = list(session.scalars(select(Unit.id).where(Unit.org_id == org_id)))
        for n in range(500):
            person = Person(org_id=org_id, line_user_id=f"Uofficer{n:025d}",
                            display_name=f"เจ้าหน้าที่ {n}")
            session.add(person)
            session.flush()
            session.add(Membership(person_id=person.id, unit_id=units[n % len(units)],
                                   role=Role.OFFICER))
        officers = list(session.scalars(select(Person.line_user_id)))
    sync_all_menus(rt, org_id)  # as registration (or `menus sync` after adding people) does
    strangers = [f"Ustranger{n:024d}" for n in range(500)]
    with transaction(rt.factory) as session:
        for n in range(events):
            sent = now - timedelta(seconds=rng.uniform(0, 20))
            raw = {"type": "message", "mode": "active", "timestamp": int(sent.timestamp() * 1000),
                   "source": {"type": "user", "userId": rng.choice(
                       strangers if rng.random() < 0.1 else officers)},
                   "webhookEventId": f"01BENCH{n:019d}", "replyToken": f"bench-reply-{n}",
                   "deliveryContext": {"isRedelivery": False},
                   "message": {"id": str(10**12 + n), "type": "text", "text": rng.choice(TEXTS),
                               "quoteToken": "q"}}
            event = prepare_event(raw)
            store_event(session, org_id, key=event.key, event_type=event.event_type,
                        chat_key=event.chat_key, body=event.body, event_time=event.event_time,
                        is_redelivery=event.is_redelivery, now=now, problem=event.problem)
    rt.engine.dispose()


def work(url: str, standin_url: str) -> None:
    from bot.worker import handle_next

    rt = Runtime.create(config(url, standin_url))
    while handle_next(rt):
        pass


def one_run(url: str, events: int, workers: int) -> tuple[float, int, int, int, int]:
    """(seconds, handled, left pending, replies, pushes) for one burst."""
    standin = StandInServer().start()
    try:
        prepare(url, standin.url, events)
        started = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pool.starmap(work, [(url, standin.url)] * workers)
        seconds = time.perf_counter() - started
        engine = make_engine(url)
        with engine.connect() as conn:
            left = conn.scalar(select(func.count()).select_from(InboxEvent)
                               .where(InboxEvent.status == "pending"))
            handled = conn.scalar(select(func.count()).select_from(InboxEvent)
                                  .where(InboxEvent.status != "pending"))
        engine.dispose()
        return (seconds, handled, left, len(standin.state.sends("reply")),
                len(standin.state.sends("push")))
    finally:
        standin.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3, help="bursts; the median is the figure")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        print("set BENCH_DATABASE_URL=postgresql+psycopg://… (its schema is rebuilt)")
        return 2
    rates, shares = [], []
    for run in range(1, args.runs + 1):
        seconds, handled, left, replies, pushes = one_run(url, args.events, args.workers)
        rates.append(handled / seconds)
        shares.append(100 * pushes / max(replies + pushes, 1))
        print(f"run {run}: {args.workers} workers, {handled} events in {seconds:.1f} s = "
              f"{rates[-1]:.0f} events/s; {left} left pending; answers: {replies} replies "
              f"(free), {pushes} pushes (paid) = {shares[-1]:.1f}% became pushes")
    print(f"median of {args.runs}: {statistics.median(rates):.0f} events/s (goal ≥ 300), "
          f"{statistics.median(shares):.1f}% of answers became pushes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
