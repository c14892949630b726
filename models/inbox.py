"""Storing webhook events durably, and taking them back out in order, once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from models.messaging import InboxEvent


def _insert(dialect: str):
    """INSERT … ON CONFLICT DO NOTHING for this database: concurrent copies of one event
    (LINE's redelivery racing the original) all succeed, and one row is kept."""
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return build(InboxEvent).on_conflict_do_nothing(index_elements=["org_id", "webhook_event_id"])


def inbox_row(org_id: int, *, key: str, event_type: str, chat_key: str, body: str,
              event_time: datetime | None, is_redelivery: bool, now: datetime,
              problem: str | None = None) -> dict:
    """The columns of one stored event. Values must already fit their columns and be free
    of NUL and lone surrogates (handlers.edge sees to it)."""
    return dict(org_id=org_id, webhook_event_id=key, event_type=event_type, chat_key=chat_key,
                body=body, is_redelivery=is_redelivery, event_time=event_time, received_at=now,
                status="unreadable" if problem else "pending", error=problem, attempts=0)


def store_event(session: Session, org_id: int, **fields) -> bool:
    """Store one event (`inbox_row`'s fields) unless already stored; True when it is new."""
    statement = _insert(session.get_bind().dialect.name).values(inbox_row(org_id, **fields))
    # RETURNING, not rowcount: psycopg reports no count for this statement in a savepoint.
    return session.execute(statement.returning(InboxEvent.id)).first() is not None


def store_events(conn: Connection, rows: list[dict]) -> int:
    """Store all events of one body (`inbox_row`s) in one statement; how many were new.
    One multi-row INSERT costs about what one single-row INSERT does, and it is Core, not
    the ORM, because the webhook's time per request is what limits its throughput."""
    if not rows:
        return 0
    # The rows go as parameters, not in .values(): the statement is then compiled once per
    # process, and SQLAlchemy sends a list as one multi-row INSERT ("insertmanyvalues").
    statement = _insert(conn.dialect.name).returning(InboxEvent.id)
    return len(conn.execute(statement, rows[0] if len(rows) == 1 else rows).all())


# Events LINE sends with a reply token (unfollow, leave, memberLeft and unsend have none).
WITH_REPLY_TOKEN = ("message", "postback", "follow", "join", "memberJoined", "beacon",
                    "accountLink", "things", "videoPlayComplete")


def claim_pending(session: Session, now: datetime, fresh_for: timedelta,
                  limit: int = 1) -> list[InboxEvent]:
    """Up to `limit` pending events, each the first still waiting in its chat (so each chat
    is handled in order), locked for this transaction (other workers skip them).

    Earliest deadline first: events whose reply token is still usable (LINE stamped them
    less than `fresh_for` ago) come first, the one closest to expiry at the head, because
    answering them late turns a free reply into a paid push. Events whose token is already
    stale, or that carry none, follow in arrival order: their answer costs the same
    whenever it goes, so handling them first would only let fresher tokens expire too."""
    earlier = aliased(InboxEvent)
    # The chat's first pending event, as a subquery run per candidate (an index probe):
    # as NOT EXISTS the planner may turn it into a join, which with statistics taken
    # before a burst (they say "no pending events") scanned every pending event once per
    # pending event: seconds per claim.
    chat_head = (select(func.min(earlier.id))
                 .where(earlier.org_id == InboxEvent.org_id,
                        earlier.chat_key == InboxEvent.chat_key, earlier.status == "pending")
                 .scalar_subquery())
    free = select(InboxEvent).where(InboxEvent.status == "pending", InboxEvent.id == chat_head)
    # Two queries, each walking an index of pending events in its own order and stopping
    # at the first events free to take (ix_inbox_pending_time, ix_inbox_pending): one
    # query with a computed order sorted every pending event for each claim, which in a
    # burst of thousands cost more than handling the event.
    rows = list(session.scalars(
        free.where(InboxEvent.event_type.in_(WITH_REPLY_TOKEN),
                   InboxEvent.event_time > now - fresh_for)
        .order_by(InboxEvent.event_time, InboxEvent.id)
        .limit(limit).with_for_update(skip_locked=True, of=InboxEvent)
    ))
    if len(rows) < limit:
        rest = free.order_by(InboxEvent.id).limit(limit - len(rows))
        if rows:
            rest = rest.where(InboxEvent.id.not_in([row.id for row in rows]))
        rows += session.scalars(rest.with_for_update(skip_locked=True, of=InboxEvent))
    return rows


def pending_by_ids(session: Session, event_ids: list[int]) -> list[InboxEvent]:
    """Events again, those still pending and held by no other worker: the worker left its
    transaction to call LINE first (see bot/outside_transaction.py) and comes back."""
    rows = session.scalars(
        select(InboxEvent).where(InboxEvent.id.in_(event_ids), InboxEvent.status == "pending")
        .with_for_update(skip_locked=True, of=InboxEvent)
    ).all()
    order = {event_id: n for n, event_id in enumerate(event_ids)}
    return sorted(rows, key=lambda row: order[row.id])
