"""Writing what the sweeps decided: outbox rows (claimed later by delivery), the log of
what was scheduled for whom, and the per-organization marks that let a sweep skip work
already done. Written in bulk, because one sweep may cover thousands of organizations."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from sqlalchemy import and_, exists, func, insert, select, update
from sqlalchemy.orm import Session

from models import Organization, OutboxMessage, ScheduledSend, SweepMark

IN_CHUNK = 1000  # values per IN (...) list, or organizations per id range


def orgs_in(column, org_ids: Sequence[int]):
    """A condition for "one of these organizations". Sweeps take organizations in id order,
    so a chunk is nearly always a run of ids: then an id range (an index range scan, and no
    list of hundreds of values to render and parse), which may also match organizations
    outside the chunk: callers keep only the rows of theirs."""
    ids = sorted(org_ids)
    if ids and ids[-1] - ids[0] < 2 * len(ids):
        return column.between(ids[0], ids[-1])
    return column.in_(ids)


def exactly(column, org_ids: Sequence[int]):
    """A condition for exactly these organizations: a range when they are a run of ids."""
    ids = sorted(org_ids)
    if ids and ids[-1] - ids[0] + 1 == len(ids):
        return column.between(ids[0], ids[-1])
    return column.in_(ids)


def batched(values: Iterable, size: int) -> Iterator[list]:
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


@dataclass
class Send:
    """One push the clock decided on. `kind` and `target` go to the scheduled_sends log."""

    org_id: int
    key: str  # the outbox idempotency key
    to: str
    purpose: str
    kind: str
    target: str
    day: date
    billed: int
    chat_group_id: int | None = None
    messages: list[dict] = field(default_factory=list)
    task_ids: list[list[int]] = field(default_factory=list)


def existing_keys(session: Session, keys: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in batched(keys, IN_CHUNK):
        found.update(session.scalars(
            select(OutboxMessage.idempotency_key).where(OutboxMessage.idempotency_key.in_(chunk))
        ))
    return found


def write_sends(session: Session, sends: Sequence[Send], now: datetime) -> int:
    """Add the outbox rows and their log entries; returns how many. The caller has dropped
    keys that exist; if another clock wrote one meanwhile, the unique key makes the
    transaction fail and the next sweep starts over without it. A key twice in `sends` is
    written once. Plain executemany (no RETURNING): thousands of rows stay cheap."""
    unique: dict[str, Send] = {}
    for s in sends:
        unique.setdefault(s.key, s)
    if not unique:
        return 0
    session.flush()
    session.execute(insert(OutboxMessage), [{
        "org_id": s.org_id, "idempotency_key": s.key, "retry_key": str(uuid.uuid4()),
        "kind": "push", "purpose": s.purpose, "to": s.to,
        "messages": json.dumps(s.messages, ensure_ascii=False),
        "task_ids": json.dumps(s.task_ids), "chat_group_id": s.chat_group_id,
        "billed": s.billed, "status": "pending", "attempts": 0, "next_attempt_at": now,
        "created_at": now,
    } for s in unique.values()])
    ids: dict[str, int] = {}
    for chunk in batched(unique, IN_CHUNK):
        ids.update({key: outbox_id for key, outbox_id in session.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.id)
            .where(OutboxMessage.idempotency_key.in_(chunk)))})
    session.execute(insert(ScheduledSend), [
        {"org_id": s.org_id, "kind": s.kind, "target": s.target, "day": s.day,
         "outbox_id": ids[s.key], "cancelled": False} for s in unique.values()])
    return len(unique)


def last_sent(session: Session, org_ids: Sequence[int], kinds: Sequence[str],
              since: date) -> dict[tuple[int, str], date]:
    """(org, target) → the last day something of these kinds was scheduled for the target
    and not cancelled. Older than `since` counts as never (it no longer matters)."""
    out: dict[tuple[int, str], date] = {}
    for chunk in batched(org_ids, IN_CHUNK):
        rows = session.connection().execute(
            select(ScheduledSend.org_id, ScheduledSend.target, func.max(ScheduledSend.day))
            .where(orgs_in(ScheduledSend.org_id, chunk), ScheduledSend.kind.in_(list(kinds)),
                   ScheduledSend.day >= since, ScheduledSend.cancelled.is_(False))
            .group_by(ScheduledSend.org_id, ScheduledSend.target)
        ).all()
        wanted = set(chunk)
        out.update({(org_id, target): day for org_id, target, day in rows if org_id in wanted})
    return out


def unmarked_orgs(session: Session, sweep: str, mark: str) -> list[int]:
    """Organizations this sweep has not finished for this period, by id."""
    done = exists().where(and_(SweepMark.org_id == Organization.id, SweepMark.sweep == sweep,
                               SweepMark.mark == mark))
    return list(session.scalars(select(Organization.id).where(~done).order_by(Organization.id)))


def set_marks(session: Session, org_ids: Sequence[int], sweep: str, mark: str,
              now: datetime) -> None:
    if not org_ids:
        return
    wanted = set(org_ids)
    have = {org_id for org_id in session.scalars(select(SweepMark.org_id).where(
        orgs_in(SweepMark.org_id, org_ids), SweepMark.sweep == sweep)) if org_id in wanted}
    if have:
        session.execute(update(SweepMark)
                        .where(exactly(SweepMark.org_id, list(have)), SweepMark.sweep == sweep)
                        .values(mark=mark, updated_at=now))
    new = [org_id for org_id in org_ids if org_id not in have]
    if new:
        session.execute(insert(SweepMark), [
            {"org_id": org_id, "sweep": sweep, "mark": mark, "updated_at": now} for org_id in new
        ])


def clear_mark(session: Session, org_id: int, sweep: str) -> None:
    """Make the next sweep look at this organization again (for instance after its group
    removed the bot, so that day's reminders go to the officers instead)."""
    session.execute(update(SweepMark).where(SweepMark.org_id == org_id, SweepMark.sweep == sweep)
                    .values(mark=""))
