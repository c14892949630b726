"""The clock: one APScheduler instance (timezone Asia/Bangkok) with two jobs, the sweep every
few minutes and delivery every few seconds. Each job asks the database what is due at
`now_fn()`, so a clock that was stopped catches up when it starts, and the /dev page can
run it on a shifted clock.

With PostgreSQL only one clock leads: it holds `pg_try_advisory_lock` on a connection of
its own; another clock waits and tries again. On SQLite there is one process anyway.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from models import utcnow
from models.db import transaction
from operations.retention import purge_inbox
from scheduler.charts import purge_expired_charts
from scheduler.delivery import deliver
from scheduler.digests import sweep_digests, sweep_escalations, sweep_notices
from scheduler.problem_notes import sweep_problem_notes
from scheduler.reminders import sweep_reminders

log = logging.getLogger(__name__)

LEADER_LOCK_KEY = 0x17A_C10C  # any fixed 64-bit number, the same in every clock process
SWEEP_MINUTES = 5
DELIVERY_SECONDS = 15
DELIVERY_ROUNDS = 50  # a bound on one run_jobs_at's delivery loop


def run_sweeps(factory: sessionmaker[Session], gateway_for: Callable[[int], object],
               now: datetime, config, digest_seconds: float | None = 30.0) -> dict[str, int]:
    """Everything that decides what to send at `now`; writes to the outbox only."""
    counts: Counter = Counter()
    reminders = sweep_reminders(factory, now, config, gateway_for)
    counts.update({k: v for k, v in reminders.items() if k in (
        "reminders", "reminder_items", "budget_notices", "conflicts")})
    counts["digests"] += sweep_digests(factory, now, config, digest_seconds).get("digests", 0)
    escalations = sweep_escalations(factory, now, config)
    counts["escalations"] += escalations.get("escalations", 0)
    counts["notices"] += sweep_notices(factory, now, config).get("notices", 0)
    counts["problem_notes"] += sweep_problem_notes(factory, now, config).get("problem_notes", 0)
    return dict(counts)


def deliver_all(factory: sessionmaker[Session], gateway_for: Callable[[int], object],
                now: datetime, config) -> dict[str, int]:
    """Deliver until nothing more is due at `now` (retries wait for their time)."""
    outcomes: Counter = Counter()
    for _ in range(DELIVERY_ROUNDS):
        batch = deliver(factory, gateway_for, now, limit=200, tz=config.tz)
        outcomes.update(batch)
        if not batch or set(batch) <= {"skipped", "held"}:
            break
    return dict(outcomes)


def run_jobs_at(factory: sessionmaker[Session], gateway_for: Callable[[int], object],
                now: datetime, config) -> dict[str, int]:
    """Run every sweep for this instant, then deliver what is due. Returns counts:
    reminders, reminder_items, digests, escalations, notices, budget_notices (messages
    written) and sent, retry, failed, removed, expired, held (delivery outcomes)."""
    if now.tzinfo is None:
        raise ValueError("run_jobs_at needs an aware datetime")
    counts = run_sweeps(factory, gateway_for, now, config, digest_seconds=None)
    counts.update(deliver_all(factory, gateway_for, now, config))
    return counts


def build_scheduler(factory: sessionmaker[Session], gateway_for: Callable[[int], object],
                    config, now_fn: Callable[[], datetime] = utcnow,
                    sweep_minutes: float = SWEEP_MINUTES,
                    delivery_seconds: float = DELIVERY_SECONDS) -> BackgroundScheduler:
    """A BackgroundScheduler (not started) with the sweep and delivery jobs."""
    scheduler = BackgroundScheduler(
        timezone=config.tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 120},
    )

    def sweep() -> None:
        now = now_fn()
        try:
            counts = run_sweeps(factory, gateway_for, now, config)
            if any(counts.values()):
                log.info("sweep at %s: %s", now.isoformat(timespec="seconds"), counts)
            with transaction(factory) as session:
                purge_expired_charts(session, now)
                purge_inbox(session, now, getattr(config, "inbox_retention_days", 90))
        except Exception:
            log.exception("sweep failed; the next run tries again")

    def delivery() -> None:
        now = now_fn()
        try:
            outcomes = deliver_all(factory, gateway_for, now, config)
            if any(k != "skipped" for k in outcomes):
                log.info("delivery at %s: %s", now.isoformat(timespec="seconds"), outcomes)
        except Exception:
            log.exception("delivery failed; the next run tries again")

    start = datetime.now(UTC)
    scheduler.add_job(sweep, IntervalTrigger(minutes=sweep_minutes, timezone=config.tz),
                      id="sweep", name="reminders, digests, escalations, notices",
                      next_run_time=start)
    scheduler.add_job(delivery, IntervalTrigger(seconds=delivery_seconds, timezone=config.tz),
                      id="deliver", name="outbox delivery", next_run_time=start)
    return scheduler


class Leadership:
    """Truthy when this process leads. `alive()` checks the lock's connection still works
    (if it dropped, PostgreSQL released the lock and another clock may lead)."""

    def __init__(self, leading: bool, connection=None) -> None:
        self.leading, self._connection = leading, connection

    def __bool__(self) -> bool:
        return self.leading

    def alive(self) -> bool:
        if self._connection is None:
            return self.leading
        try:
            self._connection.execute(text("SELECT 1"))
            self._connection.commit()
            return True
        except Exception:
            log.exception("the leader lock's connection failed")
            return False


@contextmanager
def leader_lock(engine: Engine, key: int = LEADER_LOCK_KEY) -> Iterator[Leadership]:
    """`with leader_lock(engine) as leading: if leading: …` — pg_try_advisory_lock held on
    a dedicated connection for the block; always leading on SQLite."""
    if engine.dialect.name != "postgresql":
        yield Leadership(True)
        return
    connection = engine.connect()
    leading = False
    try:
        leading = bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"),
                                          {"key": key}).scalar())
        connection.commit()  # the lock belongs to the session, not the transaction
        yield Leadership(leading, connection if leading else None)
    finally:
        try:
            if leading:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()
        except Exception:
            connection.invalidate()  # closing the session releases the lock anyway
        connection.close()


def run_clock(engine: Engine, factory: sessionmaker[Session],
              gateway_for: Callable[[int], object], config,
              stop: threading.Event | None = None, retry_seconds: float = 30.0,
              now_fn: Callable[[], datetime] = utcnow) -> None:
    """Lead when possible and run the scheduler until `stop` is set; wait otherwise."""
    stop = stop or threading.Event()
    while not stop.is_set():
        with leader_lock(engine) as leading:
            if not leading:
                log.info("another clock leads; trying again in %ss", retry_seconds)
                stop.wait(retry_seconds)
                continue
            log.info("this clock leads")
            scheduler = build_scheduler(factory, gateway_for, config, now_fn)
            scheduler.start()
            try:
                while not stop.wait(retry_seconds):
                    if not leading.alive():
                        break
            finally:
                scheduler.shutdown(wait=True)
