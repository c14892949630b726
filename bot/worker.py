"""Handles stored webhook events, a batch per transaction, and answers them.

The handlers' changes, the events' new statuses and the replies (as outbox rows) commit
together; a crash before the commit leaves the events pending, to be handled once after
restart. The replies go out after the commit (bot/replies.py): with the reply token while it is fresh,
else (or if LINE surely refused it) as a push through the outbox. A reply whose outcome is
unknown (a timeout, a 5xx, a crash mid-send) is not pushed again: LINE has no retry key for
replies, and a person reading the same answer twice is worse than a rare missing one.
"""

from __future__ import annotations

import json
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.line_api import LineError
from bot.menu_sync import menu_outdated, sync_person_menu
from bot.outside_transaction import NeedsLine, Prepared, delete_withdrawn, prepare
from bot.replies import Answer, send_answers
from bot.runtime import Runtime
from handlers.context import Context
from handlers.incoming import Incoming, read_event
from handlers.loading import takes_a_while
from handlers.routing import dispatch
from models import ChatGroup, InboxEvent, Organization
from models.db import redoable
from models.inbox import claim_pending, pending_by_ids
from models.outbox import enqueue
from models.queries import person_by_line_id
from operations.jsonlog import log_context
from operations.metrics import EVENTS_HANDLED
from scheduler.reply import take_pending_with_tasks

log = logging.getLogger(__name__)

REPLY_TOKEN_FRESH = timedelta(seconds=50)
MAX_PREPARATIONS = 4  # loading animation, then a file (one per event): two are usual
# Events handled in one transaction. On PostgreSQL a batch shares the claim, the commit and
# the reply bookkeeping, which cost more than most handlers; on SQLite the transaction holds
# the one write lock the webhook needs, so it stays one event long.
BATCH = {"postgresql": 20, "sqlite": 1}


@dataclass
class Handled:
    """One event's outcome, acted on after the batch commits."""

    org_id: int
    status: str
    answer: Answer | None
    dropped: list[str]
    menu_for: str | None  # a LINE user whose rich menu is not their role's


Waiting = dict[int, tuple[NeedsLine, Prepared]]  # by event id: what LINE must do first


def handle_next(rt: Runtime, batch: int | None = None) -> bool:
    """Handle the next pending events (a batch, in one transaction); False when there is
    none. Events whose handler needs LINE first (a file to download, the loading
    animation) are left out of the batch with nothing written; LINE is called for them
    after the commit, outside any transaction, and they are handled together again."""
    limit = batch or BATCH.get(rt.engine.dialect.name, 1)
    taken, waiting = _handle_batch(
        rt, lambda session: claim_pending(session, rt.now(), REPLY_TOKEN_FRESH, limit), {})
    for attempt in range(1, MAX_PREPARATIONS + 1):
        if not waiting:
            break
        for need, prepared in waiting.values():
            prepare(rt, prepared.org_id, need, prepared)
            # the last try: a handler asking again gets "not fetched" instead
            prepared.final = attempt == MAX_PREPARATIONS
        _, waiting = _handle_batch(
            rt, lambda session, ids=list(waiting): pending_by_ids(session, ids), waiting)
    return taken


def _handle_batch(rt: Runtime, claim: Callable[[Session], list[InboxEvent]],
                  prepared_for: Waiting) -> tuple[bool, Waiting]:
    handled, waiting = [], {}
    with redoable(rt.factory) as session:
        rows = claim(session)
        for row in rows:
            prepared = (prepared_for[row.id][1] if row.id in prepared_for
                        else Prepared(org_id=row.org_id))
            try:
                handled.append(_handle_row(rt, session, row, prepared))
            except NeedsLine as need:
                waiting[row.id] = (need, prepared)
    _after_commit(rt, handled)
    return bool(rows), waiting


def _handle_row(rt: Runtime, session: Session, row: InboxEvent,
                prepared: Prepared) -> Handled:
    """Handle one claimed event inside the batch's transaction, in a savepoint of its own:
    an event that fails is marked failed without undoing the others."""
    now = rt.now()
    org = session.get(Organization, row.org_id)
    answer = menu_for = None
    try:
        with session.begin_nested(), log_context(org=org.slug, event=row.webhook_event_id):
            answer = _handle(rt, session, row, org, now, prepared)
            menu_for = _menu_to_link(session, row)
        row.status = row.status if row.status in ("ignored", "unreadable") else "handled"
    except NeedsLine:
        raise  # its savepoint is undone: nothing written; LINE is called after the commit
    except Exception as exc:
        with log_context(org=org.slug, event=row.webhook_event_id):
            log.exception("event %s failed", row.webhook_event_id)
        row.status, answer = "failed", None
        row.error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
    row.attempts += 1  # with the status: one UPDATE (the transaction is all or nothing)
    row.handled_at = now
    return Handled(row.org_id, row.status, answer, prepared.dropped, menu_for)


def _after_commit(rt: Runtime, handled: list[Handled]) -> None:
    for one in handled:
        EVENTS_HANDLED.labels(one.status).inc()
        if one.dropped:
            delete_withdrawn(rt, one.dropped)
    send_answers(rt, [one.answer for one in handled if one.answer is not None])
    for one in handled:
        if one.menu_for:
            sync_person_menu(rt, one.org_id, one.menu_for)


def _menu_to_link(session: Session, row: InboxEvent) -> str | None:
    """After a 1:1 event (registration and role changes happen there), the sender should
    have their role's rich menu: checked here, linked through LINE after the commit."""
    if row.status in ("ignored", "unreadable"):
        return None
    user = _one_to_one_user(row.body)
    return user if user and menu_outdated(session, row.org_id, user) else None


def _one_to_one_user(body: str) -> str | None:
    try:
        source = json.loads(body).get("source") or {}
    except (ValueError, AttributeError):
        return None
    if isinstance(source, dict) and source.get("type") == "user":
        user = source.get("userId")
        return user if isinstance(user, str) and user else None
    return None


def _handle(rt: Runtime, session, row: InboxEvent, org: Organization, now: datetime,
            prepared: Prepared) -> Answer | None:
    try:
        raw = json.loads(row.body)
    except ValueError as err:
        raw, row.error = None, f"stored body is not JSON: {err}"[:2000]
    event, problem = read_event(raw) if raw is not None else (None, row.error)
    if event is None:
        row.status, row.error = "unreadable", problem
        return None
    group = None
    if event.in_group:
        group = session.scalar(select(ChatGroup).where(ChatGroup.org_id == org.id,
                                                       ChatGroup.line_group_id == event.chat_id))
    ctx = Context(
        session=session, org=org, event=event, now=now, tz=rt.config.tz,
        sender=person_by_line_id(session, org.id, event.user_id), group=group,
        display_name=lambda user_id, group_id: _display_name(rt, org.id, user_id, group_id),
        public_base_url=rt.config.public_base_url,
        store_content=prepared.content_getter(row.id),
        drop_content=prepared.dropped.append,
    )
    # A stranger's answer is the one-line "how to register": nothing to wait for.
    if (ctx.sender is not None and not (prepared.loading_shown or prepared.final)
            and takes_a_while(event, ctx.today)):
        raise NeedsLine(row.id, loading=event.user_id)  # shown before the transaction
    outcome = dispatch(ctx)
    if outcome.silent:
        return None
    return _queue_reply(session, org.id, event, outcome, now, row)


def _queue_reply(session, org_id: int, event: Incoming, outcome, now: datetime,
                 row: InboxEvent) -> Answer | None:
    received_at = row.received_at
    sent_at = event.timestamp or received_at
    fresh = event.reply_token and now - sent_at < REPLY_TOKEN_FRESH
    messages, task_ids = outcome.messages[:5], outcome.task_ids[:5]
    if fresh and len(messages) < 5:
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


def _display_name(rt: Runtime, org_id: int, user_id: str, group_id: str | None) -> str:
    try:
        return rt.gateway_for(org_id).display_name(user_id, group_id)
    except (LineError, LookupError):
        return ""


def run_worker(rt: Runtime, stop: threading.Event) -> None:
    """Handle events until `stop` is set; sleeps until the webhook wakes it (or 1 s)."""
    while not stop.is_set():
        try:
            while handle_next(rt):
                pass
        except Exception:
            log.exception("worker loop error")
        rt.wake_worker.wait(timeout=1.0)
        rt.wake_worker.clear()
