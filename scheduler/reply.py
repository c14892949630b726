"""Replies are free, pushes are not: when someone writes to the bot while today's reminder
for their chat is still waiting in the outbox, the worker hands the reminder over in its
reply instead (delivery holds such a reminder for a little while to make that likely).

The worker calls `take_pending_for_reply` while handling an event from that chat and adds
the messages to its reply (LINE allows five per reply). If its reply then fails, it calls
`release_for_push` so the reminders go out as pushes after all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from models import ChatGroup, OutboxMessage, ScheduledSend
from scheduler.reminder_cards import draw_row

BANGKOK = ZoneInfo("Asia/Bangkok")


@dataclass(frozen=True)
class PendingMessage:
    outbox_id: int
    message: dict  # a LINE message object
    task_ids: list[int]  # what it is about: record with the reply's sent message id


def take_pending_with_tasks(session: Session, org_id: int, chat_id: str, now: datetime,
                            max_messages: int = 4, tz: ZoneInfo = BANGKOK
                            ) -> list[PendingMessage]:
    """Claim today's pending reminders for this chat (whole outbox rows, at most
    `max_messages` messages in all) and mark them sent as replies (billed 0)."""
    today = now.astimezone(tz).date()
    rows = session.scalars(
        select(OutboxMessage)
        .outerjoin(ScheduledSend, ScheduledSend.outbox_id == OutboxMessage.id)
        .where(OutboxMessage.org_id == org_id, OutboxMessage.to == chat_id,
               OutboxMessage.status == "pending", OutboxMessage.kind == "push",
               OutboxMessage.purpose == "reminder",
               or_(ScheduledSend.day.is_(None), ScheduledSend.day == today))
        .order_by(OutboxMessage.id)
    ).all()
    out: list[PendingMessage] = []
    for row in rows:
        if not draw_row(session, row, now):  # drawn now: it is about to be sent
            continue
        outbox_id, messages = row.id, json.loads(row.messages)
        if len(out) + len(messages) > max_messages:
            break
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status == "pending")
            .values(status="sent", kind="reply", billed=0, sent_at=now, claimed_at=now,
                    attempts=OutboxMessage.attempts + 1,
                    line_response=json.dumps({"via": "reply"}))
        ).rowcount == 1
        if not claimed:  # delivery got there first
            continue
        task_ids = json.loads(row.task_ids or "[]")
        for index, message in enumerate(messages):
            ids = task_ids[index] if index < len(task_ids) else []
            out.append(PendingMessage(outbox_id, message, list(ids)))
    return out


def chats_with_reminders(session: Session, chats: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of these (organization, chat) pairs have a reminder waiting: one query for a
    worker's whole batch, so `take_pending_with_tasks` runs only where it finds something.
    A superset (any day's reminder) is fine: that function filters by today."""
    if not chats:
        return set()
    rows = session.execute(
        select(OutboxMessage.org_id, OutboxMessage.to).distinct()
        .where(OutboxMessage.org_id.in_({org for org, _ in chats}),
               OutboxMessage.to.in_({chat for _, chat in chats}),
               OutboxMessage.status == "pending", OutboxMessage.kind == "push",
               OutboxMessage.purpose == "reminder"))
    return {(org, chat) for org, chat in rows} & chats


def take_pending_for_reply(session: Session, org_id: int, chat_id: str,
                           now: datetime) -> list[dict]:
    """The LINE messages of today's pending reminders for this chat, now marked as sent
    by reply. (Use `take_pending_with_tasks` to also get the task ids per message.)"""
    return [p.message for p in take_pending_with_tasks(session, org_id, chat_id, now)]


def release_for_push(session: Session, outbox_ids: list[int], now: datetime) -> None:
    """The reply carrying these reminders failed: send them as pushes after all."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(outbox_ids), OutboxMessage.kind == "reply",
               OutboxMessage.status == "sent")
        .values(status="pending", kind="push", sent_at=None, next_attempt_at=now,
                line_response=None, billed=_billed_again())
    )


def _billed_again():
    """A released reminder costs what it would have cost as a push: the group's size, or 1.
    (The row's cost was set to 0 when it was taken; the chat group knows its size.)"""
    size = (select(func.coalesce(ChatGroup.member_count, 1))
            .where(ChatGroup.id == OutboxMessage.chat_group_id).scalar_subquery())
    return func.coalesce(size, 1)
