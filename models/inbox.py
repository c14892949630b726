"""Storing webhook events durably, and taking them back out in order, once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from models.messaging import InboxEvent


def _insert(session: Session):
    """INSERT … ON CONFLICT DO NOTHING for this database: concurrent copies of one event
    (LINE's redelivery racing the original) all succeed, and one row is kept."""
    dialect = session.get_bind().dialect.name
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return build(InboxEvent).on_conflict_do_nothing(index_elements=["org_id", "webhook_event_id"])


def store_event(session: Session, org_id: int, *, key: str, event_type: str, chat_key: str,
                body: str, event_time: datetime | None, is_redelivery: bool, now: datetime,
                problem: str | None = None) -> bool:
    """Store one event unless already stored; True when it is new. Values must already fit
    their columns and be free of NUL and lone surrogates (handlers.edge sees to it)."""
    result = session.execute(_insert(session).values(
        org_id=org_id, webhook_event_id=key, event_type=event_type, chat_key=chat_key,
        body=body, is_redelivery=is_redelivery, event_time=event_time, received_at=now,
        status="unreadable" if problem else "pending", error=problem, attempts=0,
    ).returning(InboxEvent.id))
    # RETURNING, not rowcount: psycopg reports no count for this statement in a savepoint.
    return result.first() is not None


def next_pending(session: Session) -> InboxEvent | None:
    """The oldest pending event whose chat has no earlier event still waiting, locked for
    this transaction (other workers skip it), so each chat is handled in order."""
    earlier = aliased(InboxEvent)
    blocked = exists().where(
        and_(earlier.chat_key == InboxEvent.chat_key, earlier.org_id == InboxEvent.org_id,
             earlier.id < InboxEvent.id, earlier.status == "pending")
    )
    return session.scalar(
        select(InboxEvent)
        .where(InboxEvent.status == "pending", ~blocked)
        .order_by(InboxEvent.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=InboxEvent)
    )


def pending_by_id(session: Session, event_id: int) -> InboxEvent | None:
    """One event again, when still pending and no other worker holds it: the worker left
    its transaction to call LINE first (see bot/outside_transaction.py) and comes back."""
    return session.scalar(
        select(InboxEvent).where(InboxEvent.id == event_id, InboxEvent.status == "pending")
        .with_for_update(skip_locked=True, of=InboxEvent)
    )
