"""Sending the outbox: claim a row, send it once, record what LINE answered.

The gateway comes in as a function (org id → client) so this package needs nothing from
`bot/`; tests hand it a client pointed at the local LINE stand-in.

What happens when LINE says no:
- 5xx, timeouts, network errors: try again with backoff (30 s, 1 min, 2 min … 1 h).
- 429: wait as long as LINE's Retry-After says (or the backoff when it says nothing);
  "monthly limit" 429s are the quota running out, which waiting won't fix this month.
- "the bot is not in this group": permanent. The group is marked inactive, the
  coordinator is told, and the unit's reminders go to its officers 1:1 from the next sweep.
- Any other permanent error, or MAX_ATTEMPTS temporary ones: the row fails and the
  coordinator is told once.
A reply (LINE has no retry key for replies) that was attempted once and whose outcome is
unknown, because of a timeout, a 5xx or a sender that died mid-send, is marked "unknown"
and never pushed again: the user must not get it twice.
A reminder that could not go out on its day expires, and its items come back in the next
day's reminder (the scheduled send is cancelled, so scheduler.due sees them as untold).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from handlers.cards.notices import delivery_failed, group_removed
from models import (
    BudgetMonth,
    ChatGroup,
    InboxEvent,
    Membership,
    OutboxMessage,
    Person,
    Role,
    ScheduledSend,
    SentMessage,
    Unit,
)
from models.outbox import claim, due_ids
from scheduler.budget import month_key
from scheduler.reminder_cards import draw_row
from scheduler.sends import Send, clear_mark, existing_keys, write_sends

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BANGKOK = ZoneInfo("Asia/Bangkok")
# A chat that wrote to the bot this recently will probably get a reply soon: hold its
# pending reminder a little so the worker can hand it over in that (free) reply.
RECENTLY_ACTIVE = timedelta(seconds=60)
HOLD_AT_MOST = timedelta(minutes=3)
HOLD_STEP = timedelta(seconds=20)
REPLY_TOKEN_FRESH = timedelta(seconds=50)
UNKNOWN = "unknown"  # a reply that may or may not have reached LINE
PURPOSE_THAI = {"reminder": "เตือนงาน", "digest": "สรุปประจำเดือน", "escalation": "แจ้งงานค้าง",
                "notice": "แจ้งรอบรายงาน", "budget": "แจ้งโควตา"}


class Gateway(Protocol):
    def push(self, to: str, messages: list[dict], retry_key: str): ...


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … capped at 1 hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def surely_not_sent(err: Exception) -> bool:
    """LINE answered and refused (4xx, 429): nothing was delivered, a push is safe. A timeout,
    a network error or a 5xx leave the outcome unknown."""
    if isinstance(err, LookupError):  # no client for the organization: nothing was tried
        return True
    status = getattr(err, "status", None)
    return status is not None and (status == 429 or getattr(err, "permanent", False))


def sent_rows(org_id: int, outbox_id: int | None, message_ids: list[str],
              task_ids: list[list[int]]) -> list[dict]:
    """`sent_messages` rows: which task each sent message was about, so a quote-reply can
    find it (one row per message × task)."""
    return [{"org_id": org_id, "line_message_id": message_id, "task_id": task_id,
             "outbox_id": outbox_id}
            for index, message_id in enumerate(message_ids)
            for task_id in (task_ids[index] if index < len(task_ids) else []) or [None]]


def record_sent(session: Session, org_id: int, outbox_id: int | None, message_ids: list[str],
                task_ids: list[list[int]]) -> None:
    """Remember which task each sent message was about, so a quote-reply can find it."""
    session.add_all(SentMessage(**row) for row in sent_rows(org_id, outbox_id, message_ids,
                                                             task_ids))


def deliver(factory: sessionmaker[Session], gateway_for: Callable[[int], Gateway],
            now: datetime, limit: int = 100, tz: ZoneInfo = BANGKOK) -> Counter:
    """Try every due row once; counts by outcome (sent, retry, failed, expired, held)."""
    with factory() as session:
        session.connection(execution_options={"sqlite_deferred": True})  # a read: no lock
        ids = due_ids(session, now, limit)
    outcomes: Counter = Counter()
    for outbox_id in ids:
        outcomes[_deliver(factory, outbox_id, gateway_for, now, tz)] += 1
    return outcomes


def deliver_due(factory: sessionmaker[Session], gateway_for: Callable[[int], Gateway],
                now: datetime, limit: int = 100, tz: ZoneInfo = BANGKOK) -> int:
    """Send every due row; returns how many were sent. Safe to run in several processes."""
    return deliver(factory, gateway_for, now, limit, tz)["sent"]


@dataclass
class _Attempt:
    """What one send needs, read in the claiming transaction. `kind` turns to "push" when
    the reply token is too old or LINE refused it."""

    org_id: int
    kind: str
    reply_token: str | None
    fresh: bool
    to: str
    messages: list[dict]
    retry_key: str


def _deliver(factory, outbox_id, gateway_for, now, tz) -> str:
    """Claim, send, record: the first and last in short transactions of their own, the
    LINE call between them with none open. On SQLite a transaction open across the call
    would hold the one write lock for as long as LINE takes (the webhook waiting behind
    it). The attempt is counted when claimed, before sending: a sender that dies mid-send
    leaves a reply that is never sent again, and a push its retry key makes LINE drop."""
    with factory() as session, session.begin():
        if not claim(session, outbox_id, now):
            return "skipped"
        row = session.get(OutboxMessage, outbox_id)
        held = _not_now(session, row, now, tz)
        if held is not None:
            return held
        # A reminder's card is drawn now and committed before it is sent, so a retry
        # sends the same card, whose button tokens exist.
        if not draw_row(session, row, now):
            row.status, row.last_error = "expired", "none of its tasks exists any more"
            _cancel_schedule(session, row)
            return "expired"
        row.attempts += 1
        if row.kind == "push" and not row.billed:
            # LINE bills every push (a worker's fallback for a stale reply token too), so
            # it counts in this month's total wherever it was queued.
            row.billed = _push_cost(session, row)
        attempt = _Attempt(row.org_id, row.kind, row.reply_token,
                           now - row.created_at <= REPLY_TOKEN_FRESH, row.to,
                           json.loads(row.messages), row.retry_key)
    try:
        result = _send(gateway_for(attempt.org_id), attempt)
    except Exception as err:  # a LineError, a network failure, no client (LookupError)
        with factory() as session, session.begin():
            row = _as_attempted(session, outbox_id, attempt)
            return _failed(session, row, err, now)
    with factory() as session, session.begin():
        row = _as_attempted(session, outbox_id, attempt)
        row.status = "sent"
        row.sent_at = now
        row.last_error = None
        row.line_response = json.dumps({"status": result.status, "ids": result.message_ids,
                                        "request_id": getattr(result, "request_id", None)})
        record_sent(session, row.org_id, row.id, result.message_ids, json.loads(row.task_ids))
        return "sent"


def _not_now(session: Session, row: OutboxMessage, now: datetime, tz: ZoneInfo) -> str | None:
    """Why this claimed row is not sent now (expired, held, unknown), or None to send it."""
    if row.purpose == "reminder":
        if _stale(session, row, now, tz):
            row.status, row.last_error = "expired", "not delivered on its day"
            _cancel_schedule(session, row)
            return "expired"
        if row.kind == "push" and _chat_just_wrote(session, row, now):
            row.status, row.next_attempt_at = "pending", now + HOLD_STEP
            return "held"
    if row.kind == "reply" and row.attempts > 0:
        row.status = UNKNOWN
        row.last_error = "reply attempted before; outcome unknown, not sent again"
        return UNKNOWN
    return None


def _send(gateway, attempt: _Attempt):
    if attempt.kind == "reply" and attempt.reply_token:
        if attempt.fresh:
            try:
                return gateway.reply(attempt.reply_token, attempt.messages)
            except Exception as err:
                if not surely_not_sent(err):
                    raise  # _failed retries; the next try finds the reply attempted
        # The token is too old or was refused: push instead (this one costs a message).
        attempt.kind = "push"
    return gateway.push(attempt.to, attempt.messages, attempt.retry_key)


def _as_attempted(session: Session, outbox_id: int, attempt: _Attempt) -> OutboxMessage:
    """The row again, turned into a push if the send became one."""
    row = session.get(OutboxMessage, outbox_id)
    if attempt.kind == "push" and row.kind == "reply":
        row.kind, row.reply_token = "push", None
        row.billed = _push_cost(session, row)
    return row


def _push_cost(session: Session, row: OutboxMessage) -> int:
    if row.to.startswith(("C", "R")):  # LINE group and room ids
        group = session.scalar(select(ChatGroup).where(ChatGroup.org_id == row.org_id,
                                                       ChatGroup.line_group_id == row.to))
        return group.member_count or 1 if group is not None else 1
    return 1


def _stale(session: Session, row: OutboxMessage, now: datetime, tz: ZoneInfo) -> bool:
    day = session.scalar(select(ScheduledSend.day).where(ScheduledSend.outbox_id == row.id))
    return day is not None and day < now.astimezone(tz).date()


def _chat_just_wrote(session: Session, row: OutboxMessage, now: datetime) -> bool:
    if now - row.created_at > HOLD_AT_MOST:
        return False
    return session.scalar(
        select(InboxEvent.id).where(InboxEvent.org_id == row.org_id,
                                    InboxEvent.chat_key == row.to,
                                    InboxEvent.received_at >= now - RECENTLY_ACTIVE,
                                    # "just": not after now (a clock run `--at` an earlier
                                    # moment would otherwise hold every reminder for good)
                                    InboxEvent.received_at <= now).limit(1)
    ) is not None


def _cancel_schedule(session: Session, row: OutboxMessage) -> None:
    session.execute(update(ScheduledSend).where(ScheduledSend.outbox_id == row.id)
                    .values(cancelled=True))


def _not_in_chat(err: Exception) -> bool:
    """The gateway's error says the bot was removed from the group (bot.line_api decides)."""
    return bool(getattr(err, "chat_gone", False))


def _failed(session: Session, row: OutboxMessage, err: Exception, now: datetime) -> str:
    status = getattr(err, "status", None)
    message = str(getattr(err, "message", "") or err)
    row.last_error = str(err)[:1000]
    row.line_response = json.dumps({"status": status, "error": message[:500]},
                                   ensure_ascii=False)
    log.warning("outbox %s: %s (attempt %s)", row.id, row.last_error, row.attempts)
    if _not_in_chat(err):
        row.status = "failed"
        _cancel_schedule(session, row)
        _group_gone(session, row, now)
        return "removed"
    if status == 429 and "monthly limit" in message.lower():
        row.status = "failed"  # the quota is spent: no point waiting within this month
        _cancel_schedule(session, row)
        _quota_spent(session, row.org_id, now)
        return "quota"
    if getattr(err, "permanent", False) or row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        _cancel_schedule(session, row)
        if row.purpose != "alert":
            _tell_coordinators(session, row.org_id, f"alert:failed:{row.org_id}:{row.id}",
                               delivery_failed(_where(session, row),
                                               PURPOSE_THAI.get(row.purpose, ""), str(err)),
                               now, skip=row.to)
        return "failed"
    row.status = "pending"
    retry_after = getattr(err, "retry_after", None)
    row.next_attempt_at = now + (timedelta(seconds=retry_after) if retry_after
                                 else backoff(row.attempts))
    return "retry"


def _where(session: Session, row: OutboxMessage) -> str:
    if row.chat_group_id:
        group = session.get(ChatGroup, row.chat_group_id)
        if group is not None and group.unit_id:
            return f"กลุ่ม LINE ของ{session.get(Unit, group.unit_id).name}"
        return "กลุ่ม LINE"
    person = session.scalar(select(Person).where(Person.org_id == row.org_id,
                                                 Person.line_user_id == row.to))
    return f"คุณ{person.display_name}" if person is not None and person.display_name else "ผู้รับ"


def _group_gone(session: Session, row: OutboxMessage, now: datetime) -> None:
    """The bot is no longer in this group: stop sending there, tell the coordinator, and
    let the next reminder sweep route the unit's reminders to its officers."""
    group = (session.get(ChatGroup, row.chat_group_id) if row.chat_group_id else
             session.scalar(select(ChatGroup).where(ChatGroup.org_id == row.org_id,
                                                    ChatGroup.line_group_id == row.to)))
    unit_name = None
    if group is not None:
        if group.active:
            group.active, group.left_at = False, now
        if group.unit_id:
            unit_name = session.get(Unit, group.unit_id).name
    _tell_coordinators(session, row.org_id,
                       f"alert:removed:{row.org_id}:{group.id if group else row.to}",
                       group_removed("กลุ่ม LINE", unit_name), now)
    clear_mark(session, row.org_id, "reminders")


def _quota_spent(session: Session, org_id: int, now: datetime) -> None:
    row = session.scalar(select(BudgetMonth).where(
        BudgetMonth.org_id == org_id, BudgetMonth.month == month_key(now.astimezone(BANGKOK))))
    if row is not None:
        row.level = 4  # Level.DUE_DAY_ONLY
        row.quota_used = row.quota_limit if row.quota_limit is not None else row.quota_used
        row.quota_checked_at = now


def _tell_coordinators(session: Session, org_id: int, key: str, message: dict, now: datetime,
                       skip: str | None = None) -> None:
    coordinators = session.scalars(
        select(Person.line_user_id).join(Membership, Membership.person_id == Person.id)
        .where(Person.org_id == org_id, Person.active.is_(True),
               Membership.role == Role.COORDINATOR.value).distinct()
    ).all()
    sends = [Send(org_id, f"{key}:{line_id}", line_id, "alert", "alert", line_id,
                  now.astimezone(BANGKOK).date(), 1, messages=[message], task_ids=[[]])
             for line_id in coordinators if line_id != skip]
    have = existing_keys(session, [s.key for s in sends])
    write_sends(session, [s for s in sends if s.key not in have], now)
