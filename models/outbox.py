"""Writing to and claiming from the outbox: shared by the worker and the scheduler."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import BindParameter, ColumnElement, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models.base import utcnow
from models.messaging import OutboxMessage

# A row claimed longer ago than this belongs to a sender that died; the retry key makes
# LINE drop the repeat if the first attempt did get through.
STALE_CLAIM = timedelta(minutes=5)


def enqueue(
    session: Session,
    *,
    org_id: int,
    key: str,
    to: str,
    messages: list[dict],
    purpose: str,
    task_ids: list[list[int]] | None = None,
    chat_group_id: int | None = None,
    billed: int = 0,
    not_before: datetime | None = None,
    reply_token: str | None = None,
) -> int | None:
    """Add a message unless one with the same idempotency key exists; the new row's id,
    or None. One statement: a key another process wrote first is skipped by the database.

    With a reply token the row is a reply the worker sends at once; if that fails, or the
    worker dies first, delivery sends it as a push once `not_before` has passed.
    """
    # The values go as parameters, not in .values(): the statement is built and compiled
    # once per process (the worker queues one per event).
    return session.scalar(_insert_once(session.get_bind().dialect.name), dict(
        org_id=org_id, idempotency_key=key, retry_key=str(uuid.uuid4()),
        kind="reply" if reply_token else "push", reply_token=reply_token,
        purpose=purpose, to=to, messages=json.dumps(messages, ensure_ascii=False),
        task_ids=json.dumps(task_ids or []), chat_group_id=chat_group_id,
        billed=billed, next_attempt_at=not_before or utcnow()))


@cache
def _insert_once(dialect: str):
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (insert(OutboxMessage).on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(OutboxMessage.id))


def due_ids(session: Session, now: datetime, limit: int = 100) -> list[int]:
    return list(
        session.scalars(
            select(OutboxMessage.id)
            .where(
                or_(
                    (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now),
                    (OutboxMessage.status == "sending")
                    & (OutboxMessage.claimed_at < now - STALE_CLAIM),
                )
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
    )


def claimable(now: datetime) -> ColumnElement[bool]:
    """Rows nobody is sending: pending, or claimed by a sender that died."""
    return claimable_if_claimed_before(now - STALE_CLAIM)


def claimable_if_claimed_before(stale: datetime | BindParameter) -> ColumnElement[bool]:
    """`claimable`, with the time a claim counts as abandoned given (or left a parameter,
    for a statement built once)."""
    return or_(
        OutboxMessage.status == "pending",
        (OutboxMessage.status == "sending") & (OutboxMessage.claimed_at < stale),
    )


def claim(session: Session, outbox_id: int, now: datetime) -> bool:
    """Mark the row as being sent; only the caller whose update changed one row may send."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, claimable(now))
        .values(status="sending", claimed_at=now)
    )
    return result.rowcount == 1
