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
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.answering import REPLY_TOKEN_FRESH, BatchFacts, HandlerFailed, Outcome, answer_event
from bot.menu_sync import menus_outdated, sync_person_menu
from bot.outside_transaction import NeedsLine, Prepared, delete_withdrawn, prepare
from bot.replies import Answer, send_answers
from bot.runtime import Runtime
from models import InboxEvent, Organization
from models.db import reading, redoable
from models.inbox import claim_pending, pending_by_ids
from models.queries import people_by_line_ids
from operations.jsonlog import log_context
from operations.metrics import EVENTS_HANDLED
from scheduler.reply import chats_with_reminders

log = logging.getLogger(__name__)

MAX_PREPARATIONS = 4  # a sent file (one per event): one is usual
# Events handled in one transaction. On PostgreSQL a batch shares the claim, the commit,
# the lookups of BatchFacts and the status updates, which cost more than most handlers;
# on SQLite the transaction holds the one write lock the webhook needs, so it stays one
# event long.
BATCH = {"postgresql": 20, "sqlite": 1}


@dataclass
class Handled:
    """One event's outcome, acted on after the batch commits."""

    row: InboxEvent
    at: datetime
    status: str
    error: str | None
    answer: Answer | None
    dropped: list[str]
    sender_1to1: str | None


class _BatchUndone(Exception):
    """An event failed with no savepoint around it: the transaction may hold half its
    changes, or be unusable (on PostgreSQL, any failed statement aborts it). `need`: its
    handler had written, then asked for a sent file (NeedsLine)."""

    def __init__(self, event_id: int, need: NeedsLine | None = None) -> None:
        super().__init__(event_id)
        self.event_id, self.need = event_id, need


def handle_next(rt: Runtime, batch: int | None = None) -> bool:
    """Handle the next pending events (a batch, in one transaction); False when there is
    none. Events whose handler needs a sent file are left out of the batch with nothing
    written; the files are downloaded after the commit, outside any transaction, and those
    events are handled together again."""
    limit = batch or BATCH.get(rt.engine.dialect.name, 1)
    prepared: dict[int, Prepared] = {}
    taken, waiting = _handle_batch(
        rt, lambda session: claim_pending(session, rt.now(), REPLY_TOKEN_FRESH, limit), prepared)
    for attempt in range(1, MAX_PREPARATIONS + 1):
        if not waiting:
            break
        for event_id, need in waiting.items():
            prepare(rt, prepared[event_id].org_id, need, prepared[event_id])
            # the last try: a handler asking again gets "not fetched" instead
            prepared[event_id].final = attempt == MAX_PREPARATIONS
        _, waiting = _handle_batch(
            rt, lambda session, ids=list(waiting): pending_by_ids(session, ids), prepared)
    return taken


def _handle_batch(rt: Runtime, claim: Callable[[Session], list[InboxEvent]],
                  prepared: dict[int, Prepared], careful: bool = False
                  ) -> tuple[bool, dict[int, NeedsLine]]:
    """One transaction, and no savepoints: they would cost two round trips per event. A
    handler's polite refusal (UserMistake) that wrote nothing needs no undo. Any other
    failure undoes the batch, which is then handled again `careful`ly, each event and each
    handler in a savepoint of its own, so one bad event costs its neighbours nothing; but
    a handler that wrote and then asked for a sent file only leaves the batch, which goes
    again without it."""
    handled, waiting, ids = [], {}, []
    try:
        with redoable(rt.factory) as session:
            rows = claim(session)
            ids = [row.id for row in rows]
            facts = _batch_facts(session, rows)
            for row in rows:
                one = prepared.setdefault(row.id, Prepared(org_id=row.org_id))
                try:
                    handled.append(_handle_row(rt, session, row, facts, one, careful))
                except NeedsLine as need:
                    waiting[row.id] = need
            # Set last, all together: flushed at the commit as one batched UPDATE.
            for one in handled:
                one.row.status, one.row.handled_at = one.status, one.at
                one.row.attempts += 1
                if one.error:
                    one.row.error = one.error
    except _BatchUndone as undone:
        if undone.need is not None:
            # An update naming a sent file ("o12 เสร็จแล้ว" after a photo) writes before it
            # asks for the file: the batch goes again without it, and it waits like any
            # event that needs a file.
            rest = [event_id for event_id in ids if event_id != undone.event_id]
            _, waiting = _handle_batch(rt, lambda session: pending_by_ids(session, rest),
                                       prepared)
            return True, {**waiting, undone.event_id: undone.need}
        log.warning("batch of %d undone, handled again event by event: %s",
                    len(ids), undone.__cause__)
        _, waiting = _handle_batch(rt, lambda session: pending_by_ids(session, ids), prepared,
                                   careful=True)
        return True, waiting  # events were taken: look for more at once
    _after_commit(rt, handled)
    return bool(ids), waiting


def _batch_facts(session: Session, rows: list[InboxEvent]) -> BatchFacts:
    if not rows:
        return BatchFacts()
    org_ids = {row.org_id for row in rows}
    orgs = session.scalars(select(Organization).where(Organization.id.in_(org_ids)))
    return BatchFacts(
        orgs={org.id: org for org in orgs},
        reminder_chats=chats_with_reminders(session, {(row.org_id, row.chat_key) for row in rows}),
        people=people_by_line_ids(session, {(row.org_id, user) for row in rows
                                            if (user := _sender_id(row))}))


def _sender_id(row: InboxEvent) -> str | None:
    """The LINE id of who sent the event; an unreadable body is the handler's to report."""
    try:
        user = json.loads(row.body)["source"].get("userId")
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return user if isinstance(user, str) else None


def _handle_row(rt: Runtime, session: Session, row: InboxEvent, facts: BatchFacts,
                prepared: Prepared, careful: bool) -> Handled:
    """Handle one claimed event inside the batch's transaction; `careful`: in a savepoint
    of its own, so that even a failure outside its handler leaves the others standing."""
    now = rt.now()
    prepared.dropped.clear()  # filled again by this run of the handler
    with log_context(org=facts.orgs[row.org_id].slug, event=row.webhook_event_id):
        try:
            with session.begin_nested() if careful else nullcontext():
                outcome = answer_event(rt, session, row, facts, now, prepared,
                                       savepoint=careful)
            status = "unreadable" if outcome.unreadable else "handled"
            error = outcome.unreadable[:2000] if outcome.unreadable else None
        except NeedsLine:
            raise  # its handler's savepoint is undone: nothing written; LINE is called after
        except Exception as exc:
            if not careful:
                raise _BatchUndone(row.id, _line_needed(exc)) from exc
            failure = exc.__cause__ if isinstance(exc, HandlerFailed) else exc
            log.error("event %s failed", row.webhook_event_id, exc_info=failure)
            status, outcome = "failed", Outcome()
            error = "".join(traceback.format_exception_only(failure)).strip()[:2000]
            prepared.dropped.clear()  # the withdrawal was undone with the savepoint
    answer = outcome.answer
    if answer is not None and prepared.loading is not None:
        answer = replace(answer, after=prepared.loading)
    return Handled(row, now, status, error, answer, prepared.dropped, outcome.sender_1to1)


def _line_needed(failure: BaseException | None) -> NeedsLine | None:
    while failure is not None and not isinstance(failure, NeedsLine):
        failure = failure.__cause__
    return failure


def _after_commit(rt: Runtime, handled: list[Handled]) -> None:
    for one in handled:
        EVENTS_HANDLED.labels(one.status).inc()
        if one.dropped:
            delete_withdrawn(rt, one.dropped)
    send_answers(rt, [one.answer for one in handled if one.answer is not None])
    _link_menus(rt, {(one.row.org_id, one.sender_1to1) for one in handled
                     if one.sender_1to1 and one.status == "handled"})


def _link_menus(rt: Runtime, senders: set[tuple[int, str]]) -> None:
    """After 1:1 events (registration and role changes happen there) each sender should
    have their role's rich menu: one query finds who does not, LINE links theirs."""
    if not senders:
        return
    try:
        with reading(rt.engine) as session:
            outdated = menus_outdated(session, senders)
    except Exception:
        log.exception("rich menus not checked; checked again after the next message")
        return
    for org_id, user in sorted(outdated):
        sync_person_menu(rt, org_id, user)


def run_worker(rt: Runtime, stop: threading.Event) -> None:
    """Handle events until `stop` is set; sleeps until the webhook wakes it (or 1 s)."""
    while not stop.is_set():
        try:
            while handle_next(rt) and not stop.is_set():
                pass
        except Exception:
            log.exception("worker loop error")
        rt.wake_worker.wait(timeout=1.0)
        rt.wake_worker.clear()
