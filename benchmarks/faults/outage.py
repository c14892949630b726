"""LINE misbehaving for minutes while messages are due: 500s, then timeouts (LINE accepted
the push but the answer never came back), then 429 with Retry-After; then it recovers.
Delivery runs on a simulated clock every 30 s, through the real SDK client. Afterwards each
recipient must have the message exactly once (retry keys make a repeat after a timeout a
409, which counts as sent)."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import select

import bot.line_api as line_api
from bot.line_api import LineGateway
from bot.line_standin import LineStandIn, StandInServer
from models import Organization, OutboxMessage, utcnow
from models.db import make_engine, make_sessionmaker, transaction
from models.outbox import enqueue
from scheduler.clock import deliver_all

PHASES = [(2, "500"), (4, "timeout"), (8, "429")]  # until minute N: LINE answers this


class FaultyLine:
    """The stand-in behind a switch: in a fault phase pushes fail the way LINE's do."""

    def __init__(self) -> None:
        self.inner = LineStandIn()
        self.mode: str | None = None
        self.answers: Counter = Counter()

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def __call__(self, environ, start_response):
        mode = self.mode
        if mode == "500":
            self.answers["500"] += 1
            start_response("500 Internal Server Error", [("Content-Type", "application/json")])
            return [b'{"message": "Internal server error"}']
        if mode == "429":
            self.answers["429"] += 1
            start_response("429 Too Many Requests", [("Content-Type", "application/json"),
                                                     ("Retry-After", "60")])
            return [b'{"message": "Too many requests"}']
        answer = self.inner(environ, start_response)
        if mode == "timeout":  # accepted, but the client gives up before the answer
            self.answers["timeout"] += 1
            time.sleep(line_api.TIMEOUT_SECONDS * 3)
        return answer


def run(db_url: str, messages: int = 40) -> dict:
    line_api.TIMEOUT_SECONDS = 0.3  # so a timeout costs a third of a second, not ten
    faulty = FaultyLine()
    server = StandInServer(state=faulty).start()
    engine = make_engine(db_url)
    factory = make_sessionmaker(engine)
    gateway = LineGateway("outage-token", server.url)
    config = SimpleNamespace(tz=ZoneInfo("Asia/Bangkok"))
    start = utcnow()
    with transaction(factory) as session:
        org = Organization(slug="outage", name="outage")
        session.add(org)
        session.flush()
        for i in range(messages):
            enqueue(session, org_id=org.id, key=f"outage:{i}", to=f"Uout{i:029d}",
                    messages=[{"type": "text", "text": f"สรุปประจำเดือน {i}"}],
                    purpose="digest", not_before=start)
    step, outcomes = 0, Counter()
    while step < 6 * 120:  # at most six simulated hours
        minute = step / 2
        faulty.mode = next((mode for until, mode in PHASES if minute < until), None)
        outcomes.update(deliver_all(factory, lambda _org: gateway,
                                    start + timedelta(seconds=30 * step), config))
        step += 1
        with factory() as s:
            if not s.scalar(select(OutboxMessage.id).where(
                    OutboxMessage.status.in_(["pending", "sending"])).limit(1)):
                break
    accepted = Counter(r.body["to"] for r in faulty.inner.sends("push"))
    replays = sum(1 for r in faulty.inner.requests if r.status == 409)
    with factory() as s:
        statuses = Counter(s.scalars(select(OutboxMessage.status)))
        keys = list(s.scalars(select(OutboxMessage.retry_key)))
    server.stop()
    engine.dispose()
    return {
        "messages": messages, "simulated_minutes": step / 2,
        "line_fault_answers": dict(faulty.answers), "delivery_outcomes": dict(outcomes),
        "retry_409_answers": replays, "outbox": dict(statuses),
        "retry_keys_unique": len(set(keys)) == len(keys),
        "lost": messages - len(accepted),
        "duplicated": sum(1 for v in accepted.values() if v > 1),
    }
