"""Sending the outbox: claim a row, send it once, record what LINE answered.

The gateway comes in as a function (org id → client) so this package needs nothing from
`bot/`; tests hand it a client pointed at the local LINE stand-in.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from models import OutboxMessage, SentMessage
from models.outbox import claim, due_ids

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


class Gateway(Protocol):
    def push(self, to: str, messages: list[dict], retry_key: str): ...


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … capped at 1 hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def record_sent(session: Session, org_id: int, outbox_id: int | None, message_ids: list[str],
                task_ids: list[list[int]]) -> None:
    """Remember which task each sent message was about, so a quote-reply can find it."""
    for index, message_id in enumerate(message_ids):
        tasks = task_ids[index] if index < len(task_ids) else []
        for task_id in tasks or [None]:
            session.add(SentMessage(org_id=org_id, line_message_id=message_id,
                                    task_id=task_id, outbox_id=outbox_id))


def deliver_due(factory: sessionmaker[Session], gateway_for: Callable[[int], Gateway],
                now: datetime, limit: int = 100) -> int:
    """Send every due row; returns how many were sent. Safe to run in several processes."""
    with factory() as session:
        ids = due_ids(session, now, limit)
    sent = 0
    for outbox_id in ids:
        if _deliver(factory, outbox_id, gateway_for, now) == "sent":
            sent += 1
    return sent


def _deliver(factory, outbox_id, gateway_for, now) -> str:
    with factory() as session, session.begin():
        if not claim(session, outbox_id, now):
            return "skipped"
    with factory() as session, session.begin():
        row = session.get(OutboxMessage, outbox_id)
        row.attempts += 1
        try:
            result = gateway_for(row.org_id).push(row.to, json.loads(row.messages), row.retry_key)
        except Exception as err:
            permanent = bool(getattr(err, "permanent", False))
            row.last_error = str(err)[:1000]
            if permanent or row.attempts >= MAX_ATTEMPTS:
                row.status = "failed"
            else:
                row.status = "pending"
                retry_after = getattr(err, "retry_after", None)
                delay = timedelta(seconds=retry_after) if retry_after else backoff(row.attempts)
                row.next_attempt_at = now + delay
            log.warning("outbox %s: %s (attempt %s)", outbox_id, row.last_error, row.attempts)
            return row.status
        row.status = "sent"
        row.sent_at = now
        row.line_response = json.dumps({"status": result.status, "ids": result.message_ids})
        record_sent(session, row.org_id, row.id, result.message_ids, json.loads(row.task_ids))
        return "sent"
