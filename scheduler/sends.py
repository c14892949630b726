"""Writing what the sweeps decided: outbox rows (claimed later by delivery), the log of
what was scheduled for whom, and the per-organization marks that let a sweep skip work
already done. Written in bulk, because one sweep may cover thousands of organizations."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import islice

import psycopg
from sqlalchemy import and_, exc, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import Organization, OutboxMessage, ScheduledSend, SweepMark
from models.db import count_write

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
    draft: dict | None = None  # stored instead of `messages`, drawn when sent (reminder_cards)


def existing_keys(session: Session, keys: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in batched(keys, IN_CHUNK):
        found.update(session.scalars(
            select(OutboxMessage.idempotency_key).where(OutboxMessage.idempotency_key.in_(chunk))
        ))
    return found


def insert_rows(session: Session, table, rows: list[dict], *,
                unique_on: str | None = None) -> dict[str, int]:
    """Insert many rows in few statements. With `unique_on` (a unique column) rows whose
    value exists already are skipped (ON CONFLICT DO NOTHING) and the inserted ones come
    back as {value: id}. On PostgreSQL each page of rows is ONE statement with one array
    per column (INSERT … SELECT FROM unnest(…)): one round trip, and a short query text
    the driver does not have to parse per row. On SQLite (in-process, no round trips) it
    is the driver's executemany."""
    if not rows:
        return {}
    if session.get_bind().dialect.name == "postgresql":
        out: dict[str, int] = {}
        for page in batched(rows, PAGE):
            out.update(_insert_unnest(session, table, page, unique_on))
        return out
    statement = sqlite.insert(table)
    if unique_on:
        statement = statement.on_conflict_do_nothing(index_elements=[unique_on])
    values = [r[unique_on] for r in rows] if unique_on else []
    before = _ids_of(session, table, unique_on, values) if unique_on else {}
    session.connection().execute(statement, rows)
    if not unique_on:
        return {}
    after = _ids_of(session, table, unique_on, values)
    return {k: v for k, v in after.items() if k not in before}


PAGE = 5000  # rows per statement on PostgreSQL


def _insert_unnest(session: Session, table, rows: list[dict], unique_on: str | None
                   ) -> dict[str, int]:
    dialect = postgresql.dialect()
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    arrays = [_column(rows, name) for name in names]
    types = [str(c.type.compile(dialect=dialect)).split("(")[0] for c in columns]
    quoted = ", ".join(f'"{name}"' for name in names)
    sql = (f'INSERT INTO "{table.name}" ({quoted}) SELECT * FROM unnest('
           + ", ".join(f"%b::{t}[]" for t in types) + ")")
    if unique_on:
        sql += f' ON CONFLICT ("{unique_on}") DO NOTHING RETURNING "{unique_on}", id'
    # Binary parameters: arrays of text go over as bytes, with no quoting to do per value.
    count_write(session)  # the driver's cursor is not seen by models.db.writes_so_far
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        cursor.execute(sql, tuple(arrays))
        return dict(cursor.fetchall()) if unique_on else {}
    except psycopg.IntegrityError as err:  # as SQLAlchemy would say it: callers catch that
        raise exc.IntegrityError(sql, None, err) from err
    finally:
        cursor.close()


def _column(rows: list[dict], name: str) -> list:
    """One column's values; datetimes as the UTCDateTime column type stores them."""
    values = [r[name] for r in rows]
    if any(isinstance(v, datetime) for v in values):
        return [_plain(v) for v in values]
    return values


def _plain(value):
    """What the UTCDateTime column type would store: naive UTC."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _ids_of(session: Session, table, column: str, values: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in batched(values, IN_CHUNK):
        found.update(dict(session.connection().execute(
            select(table.c[column], table.c.id).where(table.c[column].in_(chunk))).all()))
    return found


def write_sends(session: Session, sends: Sequence[Send], now: datetime) -> set[str]:
    """Add the outbox rows and their log entries; returns the keys that were new. A key that
    another clock (or an earlier sweep) wrote is skipped by the database itself (ON
    CONFLICT DO NOTHING on the idempotency key), so two clocks never send a message twice
    and neither has to start over. A key twice in `sends` is written once."""
    unique: dict[str, Send] = {}
    for s in sends:
        unique.setdefault(s.key, s)
    if not unique:
        return set()
    session.flush()
    outbox = OutboxMessage.__table__
    inserted = insert_rows(session, outbox, [{
        "org_id": s.org_id, "idempotency_key": s.key, "retry_key": str(uuid.uuid4()),
        "kind": "push", "purpose": s.purpose, "to": s.to,
        "messages": json.dumps(s.messages if s.draft is None else s.draft, ensure_ascii=False),
        "task_ids": json.dumps(s.task_ids), "chat_group_id": s.chat_group_id,
        "billed": s.billed, "status": "pending", "attempts": 0, "next_attempt_at": now,
        "created_at": now,
    } for s in unique.values()], unique_on="idempotency_key")
    insert_rows(session, ScheduledSend.__table__, [
        {"org_id": s.org_id, "kind": s.kind, "target": s.target, "day": s.day,
         "outbox_id": inserted[s.key], "cancelled": False}
        for s in unique.values() if s.key in inserted])
    return set(inserted)


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
    """Organizations this sweep has not finished for this period, by id (disabled ones
    are left out: nothing is planned for them)."""
    done = exists().where(and_(SweepMark.org_id == Organization.id, SweepMark.sweep == sweep,
                               SweepMark.mark == mark))
    return list(session.scalars(select(Organization.id)
                                .where(~done, Organization.disabled_at.is_(None))
                                .order_by(Organization.id)))


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
    insert_rows(session, SweepMark.__table__, [
        {"org_id": org_id, "sweep": sweep, "mark": mark, "updated_at": now} for org_id in new])


def clear_mark(session: Session, org_id: int, sweep: str) -> None:
    """Make the next sweep look at this organization again (for instance after its group
    removed the bot, so that day's reminders go to the officers instead)."""
    session.execute(update(SweepMark).where(SweepMark.org_id == org_id, SweepMark.sweep == sweep)
                    .values(mark=""))
