"""Handles stored webhook events, one transaction each, and answers them.

The handler's changes, the event's new status and the reply (as an outbox row) commit
together; a crash before the commit leaves the event pending, to be handled once after
restart. The reply goes out after the commit: with the reply token while it is fresh,
else (or if LINE surely refused it) as a push through the outbox. A reply whose outcome is
unknown (a timeout, a 5xx, a crash mid-send) is not pushed again: LINE has no retry key for
replies, and a person reading the same answer twice is worse than a rare missing one.
"""

from __future__ import annotations

import json
import logging
import threading
import traceback
from datetime import datetime, timedelta

from sqlalchemy import select, update

from bot.line_api import LineError
from bot.menu_sync import sync_person_menu
from bot.outside_transaction import NeedsLine, Prepared, delete_withdrawn, prepare
from bot.runtime import Runtime
from handlers.context import Context
from handlers.incoming import Incoming, read_event
from handlers.loading import takes_a_while
from handlers.routing import dispatch
from models import ChatGroup, InboxEvent, Organization, OutboxMessage
from models.db import reading, redoable
from models.inbox import claim_pending, pending_by_id
from models.outbox import claim, enqueue
from models.queries import person_by_line_id
from operations.jsonlog import log_context
from operations.metrics import EVENTS_HANDLED
from scheduler.delivery import UNKNOWN, deliver_due, record_sent, surely_not_sent
from scheduler.reply import take_pending_with_tasks

log = logging.getLogger(__name__)

REPLY_TOKEN_FRESH = timedelta(seconds=50)
MAX_PREPARATIONS = 4  # loading animation, then a file (one per event): two are usual


def handle_next(rt: Runtime) -> bool:
    """Handle the next pending event; False when there is none. When the handler needs LINE
    first (a file to download, the loading animation), the transaction is left with nothing
    written, LINE is called outside it, and the same event is handled again."""
    prepared, event_id = Prepared(), None
    for _ in range(MAX_PREPARATIONS):
        try:
            return _handle_next(rt, prepared, event_id)
        except NeedsLine as need:
            event_id = need.event_id
            prepare(rt, prepared.org_id, need, prepared)
    log.error("event %s still needs LINE after %d tries; handled without", event_id,
              MAX_PREPARATIONS)
    prepared.final = True  # a handler asking again and again gets "not fetched" instead
    return _handle_next(rt, prepared, event_id)


def _next(session, now: datetime) -> InboxEvent | None:
    """The pending event whose reply token is nearest expiry (see claim_pending)."""
    rows = claim_pending(session, now, REPLY_TOKEN_FRESH)
    return rows[0] if rows else None


def _handle_next(rt: Runtime, prepared: Prepared, event_id: int | None) -> bool:
    reply_id = None
    with redoable(rt.factory) as session:
        row = (_next(session, rt.now()) if event_id is None
               else pending_by_id(session, event_id))
        if row is None:
            return event_id is not None  # another worker took it meanwhile: go on
        org_id, body = row.org_id, row.body
        prepared.org_id = org_id
        now = rt.now()
        org = session.get(Organization, row.org_id)
        slug = org.slug
        try:
            with session.begin_nested(), log_context(org=slug, event=row.webhook_event_id):
                reply_id = _handle(rt, session, row, org, now, prepared)
            row.status = row.status if row.status in ("ignored", "unreadable") else "handled"
        except NeedsLine:
            raise  # leaves the transaction with nothing written; handle_next calls LINE
        except Exception as exc:
            with log_context(org=slug, event=row.webhook_event_id):
                log.exception("event %s failed", row.webhook_event_id)
            row.status, reply_id = "failed", None
            row.error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
        row.attempts += 1  # with the status: one UPDATE (the transaction is all or nothing)
        row.handled_at = now
    EVENTS_HANDLED.labels(row.status).inc()
    if prepared.dropped:
        delete_withdrawn(rt, prepared.dropped)
    if reply_id is not None:
        send_reply(rt, reply_id)
    _link_menu(rt, org_id, body)
    return True


def _link_menu(rt: Runtime, org_id: int, body: str) -> None:
    """After a 1:1 event (registration and role changes happen there), make sure the
    sender has their role's rich menu."""
    try:
        source = json.loads(body).get("source") or {}
    except (ValueError, AttributeError):
        return
    if isinstance(source, dict) and source.get("type") == "user" and source.get("userId"):
        sync_person_menu(rt, org_id, source["userId"])


def send_reply(rt: Runtime, outbox_id: int) -> None:
    """Answer now: with the reply token if the row has one, else as a push."""
    with reading(rt.engine) as session:  # on SQLite, no wait for the write lock
        has_token = session.scalar(select(OutboxMessage.reply_token)
                                   .where(OutboxMessage.id == outbox_id)) is not None
    if has_token:
        _reply_with_token(rt, outbox_id)
    else:
        deliver_due(rt.factory, rt.gateway_for, rt.now())


def _handle(rt: Runtime, session, row: InboxEvent, org: Organization, now: datetime,
            prepared: Prepared) -> int | None:
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
    if not (prepared.loading_shown or prepared.final) and takes_a_while(event, ctx.today):
        raise NeedsLine(row.id, loading=event.user_id)  # shown before the transaction
    outcome = dispatch(ctx)
    if outcome.silent:
        return None
    return _queue_reply(session, org.id, event, outcome, now, row)


def _queue_reply(session, org_id: int, event: Incoming, outcome, now: datetime,
                 row: InboxEvent) -> int | None:
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
    if queued is None:
        return None
    session.flush()
    return queued.id


def _reply_with_token(rt: Runtime, outbox_id: int) -> None:
    now = rt.now()
    with redoable(rt.factory) as session:
        if not claim(session, outbox_id, now):
            return
        row = session.get(OutboxMessage, outbox_id)
        # Counted before sending: if this process dies with the reply in flight, delivery
        # sees a reply already attempted and does not push it a second time.
        row.attempts += 1
        org_id, token, messages = row.org_id, row.reply_token, json.loads(row.messages)
        task_ids = json.loads(row.task_ids)
    try:
        result = rt.gateway_for(org_id).reply(token, messages)
    except (LineError, LookupError) as err:
        with redoable(rt.factory) as session:
            row = session.get(OutboxMessage, outbox_id)
            row.last_error = str(err)[:1000]
            if not surely_not_sent(err):
                log.warning("reply outcome unknown (%s); not sent again", err)
                row.status = UNKNOWN
                return
            log.warning("reply failed (%s); sending as a push instead", err)
            row.kind, row.reply_token, row.status, row.next_attempt_at = "push", None, "pending", now
        deliver_due(rt.factory, rt.gateway_for, rt.now())
        return
    with redoable(rt.factory) as session:
        # attempts was counted before sending; the token is single-use, no reason to keep it
        session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id).values(
            status="sent", sent_at=now, reply_token=None,
            line_response=json.dumps({"status": result.status, "ids": result.message_ids})))
        record_sent(session, org_id, outbox_id, result.message_ids, task_ids)


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
