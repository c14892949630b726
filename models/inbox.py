"""Storing webhook events durably, and taking them back out in order, once."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from models.messaging import InboxEvent


def _event_key(raw: dict) -> str:
    """LINE's webhookEventId, or for a malformed event a digest of its content, so the same
    bad event delivered twice is still stored once."""
    key = raw.get("webhookEventId") if isinstance(raw, dict) else None
    if isinstance(key, str) and key:
        return key[:64]
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False).encode())
    return "sha256:" + digest.hexdigest()[:57]


def store_event(session: Session, org_id: int, raw: dict, *, chat_key: str, readable: bool,
                now: datetime) -> bool:
    """Store one event unless already stored; True when it is new."""
    key = _event_key(raw)
    if session.scalar(select(InboxEvent.id).where(InboxEvent.org_id == org_id,
                                                  InboxEvent.webhook_event_id == key)):
        return False
    timestamp = raw.get("timestamp") if isinstance(raw, dict) else None
    event_time = (datetime.fromtimestamp(timestamp / 1000, UTC)
                  if isinstance(timestamp, int | float) else None)
    delivery = raw.get("deliveryContext") if isinstance(raw, dict) else None
    session.add(InboxEvent(
        org_id=org_id,
        webhook_event_id=key,
        event_type=str(raw.get("type", ""))[:32] if isinstance(raw, dict) else "",
        chat_key=chat_key[:80],
        body=json.dumps(raw, ensure_ascii=False),
        is_redelivery=bool(isinstance(delivery, dict) and delivery.get("isRedelivery")),
        event_time=event_time,
        received_at=now,
        status="pending" if readable else "unreadable",
    ))
    return True


def store_unreadable_body(session: Session, org_id: int, body: bytes, now: datetime) -> None:
    """A signed body we cannot read at all is kept as it came, for someone to look at."""
    text = body.decode("utf-8", "replace")
    key = "body:" + hashlib.sha256(body).hexdigest()[:58]
    if session.scalar(select(InboxEvent.id).where(InboxEvent.org_id == org_id,
                                                  InboxEvent.webhook_event_id == key)):
        return
    session.add(InboxEvent(org_id=org_id, webhook_event_id=key, body=text, received_at=now,
                           status="unreadable"))


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
