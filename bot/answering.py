"""Handles one stored event inside the worker's transaction: reads it back, runs the
handlers (handlers.routing) and queues the answer in the outbox, a reply while the token is
fresh. The worker (bot/worker.py) owns the transaction, the batch and what happens after
the commit."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.line_api import LineError
from bot.outside_transaction import NeedsLine, Prepared, start_loading
from bot.replies import Answer
from bot.runtime import Runtime
from handlers.context import Context
from handlers.incoming import Incoming, read_event
from handlers.loading import takes_a_while
from handlers.routing import dispatch
from models import ChatGroup, InboxEvent, Organization, Person
from models.outbox import enqueue
from models.queries import person_by_line_id
from scheduler.reply import take_pending_with_tasks

log = logging.getLogger(__name__)

REPLY_TOKEN_FRESH = timedelta(seconds=50)


@dataclass
class BatchFacts:
    """What every event of a batch may need, read once for the batch: its organizations
    and which of its chats have a reminder waiting to ride along with the reply."""

    orgs: dict[int, Organization] = field(default_factory=dict)
    reminder_chats: set[tuple[int, str]] = field(default_factory=set)
    # The senders registered when the batch began, by (organization, LINE id). A sender
    # not among them is looked up again: an earlier event may have registered them.
    people: dict[tuple[int, str], Person] = field(default_factory=dict)
    shared: dict = field(default_factory=dict)  # handlers.context.Context.shared


class HandlerFailed(Exception):
    """The handler raised (the cause). If it ran in a savepoint, that undid what it had
    written: the transaction is still good and only this event is marked failed."""


@dataclass
class Outcome:
    """What handling one event came to, before the batch commits."""

    answer: Answer | None = None
    sender_1to1: str | None = None  # a 1:1 sender: their rich menu is checked after
    unreadable: str | None = None  # why the stored body could not be read


def answer_event(rt: Runtime, session: Session, row: InboxEvent, facts: BatchFacts,
                 now: datetime, prepared: Prepared, savepoint: bool) -> Outcome:
    """`savepoint`: the handler runs in one (handlers.routing.dispatch); without, any
    failure of the handler leaves the caller's transaction to be rolled back."""
    org = facts.orgs[row.org_id]
    try:
        raw = json.loads(row.body)
    except ValueError as err:
        return Outcome(unreadable=f"stored body is not JSON: {err}")
    event, problem = read_event(raw)
    if event is None:
        return Outcome(unreadable=problem)
    group = None
    if event.in_group:
        group = session.scalar(select(ChatGroup).where(ChatGroup.org_id == org.id,
                                                       ChatGroup.line_group_id == event.chat_id))
    ctx = Context(
        session=session, org=org, event=event, now=now, tz=rt.config.tz,
        sender=_sender(session, facts, org.id, event.user_id), group=group,
        display_name=lambda user_id, group_id: _display_name(rt, org.id, user_id, group_id),
        public_base_url=rt.config.public_base_url,
        store_content=prepared.content_getter(row.id),
        drop_content=prepared.dropped.append, shared=facts.shared,
    )
    # A stranger's answer is the one-line "how to register": nothing to wait for. A stale
    # token means a push, which delivery may send before LINE got the loading call.
    if (ctx.sender is not None and prepared.loading is None and _fresh(event, row, now)
            and takes_a_while(ctx)):
        prepared.loading = start_loading(rt, org.id, event.user_id)  # not waited for here
    sender_1to1 = event.user_id if event.source_type == "user" and event.user_id else None
    try:
        outcome = dispatch(ctx, savepoint)
    except NeedsLine:
        raise
    except Exception as exc:
        raise HandlerFailed from exc
    if outcome.silent:
        return Outcome(sender_1to1=sender_1to1)
    with_reminders = (org.id, event.chat_id) in facts.reminder_chats
    return Outcome(_queue_reply(session, org.id, event, outcome, now, row, with_reminders),
                   sender_1to1)


def _sender(session: Session, facts: BatchFacts, org_id: int, user_id: str | None) -> Person | None:
    known = facts.people.get((org_id, user_id or ""))
    if known is not None and known.active:
        return known
    return person_by_line_id(session, org_id, user_id)


def _queue_reply(session: Session, org_id: int, event: Incoming, outcome, now: datetime,
                 row: InboxEvent, with_reminders: bool) -> Answer | None:
    fresh = _fresh(event, row, now)
    messages, task_ids = outcome.messages[:5], outcome.task_ids[:5]
    if fresh and with_reminders and len(messages) < 5:
        # Replies are free: hand over today's waiting reminder for this chat in the same
        # reply. If the reply fails, this row (reminder included) goes out as a push.
        for pending in take_pending_with_tasks(session, org_id, event.chat_id, now,
                                               max_messages=5 - len(messages)):
            messages.append(pending.message)
            task_ids.append(pending.task_ids)
    if outcome.to and outcome.to != event.chat_id:
        fresh = False  # said elsewhere (the sender's 1:1 chat): a push, not this chat's reply
    # The inbox key, not LINE's id as sent: it is bounded to 64 characters (handlers.edge).
    queued = enqueue(
        session, org_id=org_id, key=f"reply:{org_id}:{row.webhook_event_id}",
        to=outcome.to or event.chat_id,
        messages=messages, purpose="reply", task_ids=task_ids,
        reply_token=event.reply_token if fresh else None,
        not_before=now + timedelta(minutes=1) if fresh else now,
    )
    return None if queued is None else Answer(queued, by_reply=bool(fresh))


def _fresh(event: Incoming, row: InboxEvent, now: datetime) -> bool:
    """Whether the reply token can still be used (LINE's stamp, else when we stored it)."""
    return bool(event.reply_token) and now - (event.timestamp or row.received_at) < REPLY_TOKEN_FRESH


def _display_name(rt: Runtime, org_id: int, user_id: str, group_id: str | None) -> str:
    try:
        return rt.gateway_for(org_id).display_name(user_id, group_id)
    except (LineError, LookupError):
        return ""
