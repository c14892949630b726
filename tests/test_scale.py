"""Several clocks and workers on PostgreSQL: every message reaches LINE exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.config import load
from models import OutboxMessage
from models.db import transaction
from scheduler.clock import run_jobs_at
from scheduler.delivery import deliver_due
from scheduler.world import add_group, add_task, build_world

BKK = ZoneInfo("Asia/Bangkok")
CONFIG = load({})


def test_two_clocks_and_four_workers_send_each_message_once(engine, factory, gateway, standin):
    if engine.dialect.name != "postgresql":
        pytest.skip("needs TEST_DATABASE_URL=postgresql+psycopg://…")
    with transaction(factory) as session:
        for n in range(30):
            world = build_world(session, slug=f"org{n}", units=["กองคลัง", "กองช่าง"])
            add_group(session, world, "กองคลัง", members=6)
            for k in range(6):
                add_task(session, world, ("กองคลัง", "กองช่าง")[k % 2], f"งาน {k}",
                         date(2023, 1, 31 - k), refs=[f"o{k + 1}"])
    now = datetime(2023, 1, 31, 8, 30, tzinfo=BKK)
    start = threading.Barrier(6)
    errors: list[BaseException] = []

    def clock() -> None:
        try:
            start.wait()
            run_jobs_at(factory, lambda org_id: gateway, now, CONFIG)
        except BaseException as err:  # reported below
            errors.append(err)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(20):
                deliver_due(factory, lambda org_id: gateway, now, limit=50)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=clock) for _ in range(2)]
    threads += [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    run_jobs_at(factory, lambda org_id: gateway, now, CONFIG)  # whatever is left
    pushes = standin.state.sends("push")
    keys = Counter(r.headers["X-Line-Retry-Key"] for r in pushes)
    assert pushes and max(keys.values()) == 1, "a message went out twice"
    with factory() as session:
        sent = session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status == "sent"))
        written = session.scalar(select(func.count()).select_from(OutboxMessage))
    assert len(pushes) == sent == written  # each written once, each sent once
