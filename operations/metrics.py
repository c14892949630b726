"""Prometheus metrics for operators: what came in, what went out, what waits, what LINE
refused, and each organization's message quota.

Two kinds, because a deployment runs several processes (web, workers, clock):
- Read from the database at scrape time (`DatabaseCollector`): stored events by
  organization and status, inbox and outbox backlog and the age of their oldest row,
  each organization's quota left and billed pushes this month. Any process's /metrics
  shows the whole deployment's numbers.
- Counted in the process (module-level counters below): webhook events received, events
  handled by outcome, LINE calls' latency and errors by HTTP status. In the one-process
  `run` these cover everything. In split deployments (gunicorn workers, worker and clock
  processes) set PROMETHEUS_MULTIPROC_DIR to one folder they all share: each process then
  counts into files there (prometheus_client's multiprocess mode) and any /metrics adds
  them up. Files are named by host and process id, so containers sharing a volume never
  write to the same file.
prometheus_client formats the exposition, so scrapers and dashboards just work.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select

from models import BudgetMonth, InboxEvent, Organization, OutboxMessage

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
if os.environ.get(MULTIPROCESS_ENV):  # before the counters below are made
    os.makedirs(os.environ[MULTIPROCESS_ENV], exist_ok=True)
    _host = socket.gethostname()
    values.ValueClass = values.MultiProcessValue(lambda: f"{_host}-{os.getpid()}")
else:  # set but empty (a copied .env): prometheus_client would count into the cwd
    values.ValueClass = values.MutexValue

REGISTRY = CollectorRegistry(auto_describe=True)

EVENTS_RECEIVED = Counter("ita_webhook_events_received", "Webhook events stored, by organization",
                          ["org"], registry=REGISTRY)
EVENTS_HANDLED = Counter("ita_events_handled", "Events the worker finished, by outcome "
                         "(handled, ignored, failed)", ["outcome"], registry=REGISTRY)
LINE_SECONDS = Histogram("ita_line_send_seconds", "Time of LINE reply/push calls", ["kind"],
                         buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10), registry=REGISTRY)
LINE_ERRORS = Counter("ita_line_errors", "LINE API calls that failed, by HTTP status "
                      "('network' when there was no answer)", ["status"], registry=REGISTRY)


def line_call(kind: str, seconds: float, status: int | None, ok: bool) -> None:
    """Record one LINE call (bot.line_api calls this)."""
    LINE_SECONDS.labels(kind).observe(seconds)
    if not ok:
        LINE_ERRORS.labels(str(status) if status else "network").inc()


class DatabaseCollector(Collector):
    """Gauges read from the database when Prometheus scrapes."""

    def __init__(self, engine: Engine, now: Callable[[], datetime], month: Callable[[], str]):
        self._engine, self._now, self._month = engine, now, month

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self._now()
        with self._engine.connect() as conn:
            slugs = dict(conn.execute(select(Organization.id, Organization.slug)).all())
            stored = GaugeMetricFamily("ita_inbox_events", "Stored webhook events by "
                                       "organization and status", labels=["org", "status"])
            for org_id, status, count in conn.execute(
                    select(InboxEvent.org_id, InboxEvent.status, func.count())
                    .group_by(InboxEvent.org_id, InboxEvent.status)):
                stored.add_metric([slugs.get(org_id, str(org_id)), status], count)
            yield stored
            yield from _backlog(conn, "inbox", select(func.count(), func.min(
                InboxEvent.received_at)).where(InboxEvent.status == "pending"), now)
            yield from _backlog(conn, "outbox", select(func.count(), func.min(
                OutboxMessage.next_attempt_at)).where(OutboxMessage.status == "pending",
                                                      OutboxMessage.next_attempt_at <= now), now)
            quota = GaugeMetricFamily("ita_quota_left", "Messages left in the LINE quota this "
                                      "month (as last read from LINE)", labels=["org"])
            billed = GaugeMetricFamily("ita_billed_messages", "Billed pushes this month "
                                       "(sent or waiting), as the budget counts them",
                                       labels=["org"])
            for org_id, limit, used in conn.execute(
                    select(BudgetMonth.org_id, BudgetMonth.quota_limit, BudgetMonth.quota_used
                           ).where(BudgetMonth.month == self._month())):
                if limit is not None and used is not None:
                    quota.add_metric([slugs.get(org_id, str(org_id))], max(limit - used, 0))
            start = month_start(now)
            for org_id, total in conn.execute(
                    select(OutboxMessage.org_id, func.sum(OutboxMessage.billed))
                    .where(OutboxMessage.kind == "push", OutboxMessage.created_at >= start,
                           OutboxMessage.status.in_(("pending", "sending", "sent")))
                    .group_by(OutboxMessage.org_id)):
                billed.add_metric([slugs.get(org_id, str(org_id))], int(total or 0))
            yield quota
            yield billed


def month_start(now: datetime) -> datetime:
    """The first instant of this month in Asia/Bangkok, as UTC (budgets count that way)."""
    from zoneinfo import ZoneInfo

    local = now.astimezone(ZoneInfo("Asia/Bangkok"))
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def _backlog(conn, name: str, query, now: datetime) -> Iterator[GaugeMetricFamily]:
    count, oldest = conn.execute(query).one()
    yield GaugeMetricFamily(f"ita_{name}_backlog", f"{name.title()} rows waiting", value=count)
    yield GaugeMetricFamily(f"ita_{name}_backlog_age_seconds",
                            f"Age of the oldest waiting {name} row (0 when none)",
                            value=_age(oldest, now))


def _age(oldest: datetime | None, now: datetime) -> float:
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:  # core selects bypass the ORM's UTC type on some drivers
        oldest = oldest.replace(tzinfo=UTC)
    return max((now - oldest).total_seconds(), 0.0)


def backlog(engine: Engine, now: datetime) -> dict[str, float]:
    """For /healthz: how many events and messages wait, and the oldest's age in seconds."""
    with engine.connect() as conn:
        inbox, inbox_oldest = conn.execute(select(func.count(), func.min(
            InboxEvent.received_at)).where(InboxEvent.status == "pending")).one()
        outbox, outbox_oldest = conn.execute(select(func.count(), func.min(
            OutboxMessage.next_attempt_at)).where(OutboxMessage.status == "pending",
                                                  OutboxMessage.next_attempt_at <= now)).one()
    return {"inbox_backlog": inbox, "inbox_backlog_age_seconds": round(_age(inbox_oldest, now), 1),
            "outbox_backlog": outbox,
            "outbox_backlog_age_seconds": round(_age(outbox_oldest, now), 1)}


def exposition(engine: Engine, now: Callable[[], datetime], month: Callable[[], str]) -> bytes:
    """The text Prometheus scrapes: the counters (this process's, or every process's in
    PROMETHEUS_MULTIPROC_DIR) plus the database's gauges."""
    registry = CollectorRegistry()
    registry.register(DatabaseCollector(engine, now, month))
    folder = os.environ.get(MULTIPROCESS_ENV)
    if not folder:
        return generate_latest(REGISTRY) + generate_latest(registry)
    from prometheus_client.multiprocess import MultiProcessCollector

    MultiProcessCollector(registry, path=folder)
    return generate_latest(registry)
