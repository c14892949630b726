"""Sends the worker's answers once their transaction has committed: with the reply token
while it is fresh (free), else as a push through the outbox (paid).

Each reply is claimed and counted as attempted in one statement, committed just before it
is sent: if this process dies with a reply in flight, delivery finds it attempted and never
sends it a second time (LINE has no retry key for replies), and marks it unknown. What LINE
answered is committed once the batch's replies are out, with the sent message ids a
quote-reply needs. Each of these writes commits by itself (no BEGIN/COMMIT round trips
around it): one statement per reply, and two for the results of the whole batch.
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, update

from bot.line_api import LineError
from bot.outside_transaction import shown
from bot.runtime import Runtime
from models import OutboxMessage, SentMessage
from models.db import redoable, redoable_statements
from models.outbox import STALE_CLAIM, claimable_if_claimed_before
from scheduler.delivery import UNKNOWN, deliver_due, sent_rows, surely_not_sent

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    """An outbox row a handler queued; `by_reply` when it carries a fresh reply token;
    `after`: the loading animation's call, which must reach LINE before the answer."""

    outbox_id: int
    by_reply: bool
    after: Future | None = None


# Built once: the worker runs them for every reply.
_CLAIM = (update(OutboxMessage)
          .where(OutboxMessage.id == bindparam("row"),
                 claimable_if_claimed_before(bindparam("stale")))
          .values(status="sending", claimed_at=bindparam("now"),
                  attempts=OutboxMessage.attempts + 1)
          .returning(OutboxMessage.org_id, OutboxMessage.reply_token, OutboxMessage.messages,
                     OutboxMessage.task_ids))
# The token is single-use: no reason to keep it.
_SENT = (update(OutboxMessage).where(OutboxMessage.id == bindparam("row"))
         .values(status="sent", sent_at=bindparam("now"), reply_token=None,
                 line_response=bindparam("response")))


def send_answers(rt: Runtime, answers: list[Answer]) -> None:
    """Send them in the order given (the claim's: nearest token expiry first). Each waits
    for its own loading-animation call first (started while handling; done by now as a
    rule), so one slow call delays one answer, not the batch."""
    replies = [a for a in answers if a.by_reply]
    pushes = [a for a in answers if not a.by_reply]
    refused = _reply_all(rt, replies) if replies else False
    if pushes or refused:
        for answer in pushes:
            shown(answer.after)
        deliver_due(rt.factory, rt.gateway_for, rt.now())


def _reply_all(rt: Runtime, answers: list[Answer]) -> bool:
    """Reply with each token; True if some reply has to go out as a push instead."""
    now, refused = rt.now(), False
    sent: list[dict] = []  # sent_messages rows
    done: list[dict] = []  # _SENT's parameters
    with redoable_statements(rt.engine) as conn:  # each statement below commits by itself
        try:
            for answer in answers:
                shown(answer.after)
                row = conn.execute(_CLAIM, {"row": answer.outbox_id, "now": now,
                                            "stale": now - STALE_CLAIM}).first()
                if row is None:
                    continue  # delivery took it over meanwhile
                try:
                    result = rt.gateway_for(row.org_id).reply(row.reply_token,
                                                              json.loads(row.messages))
                except (LineError, LookupError) as err:
                    refused |= _not_replied(rt, answer.outbox_id, err, now)
                    continue
                sent += sent_rows(row.org_id, answer.outbox_id, result.message_ids,
                                  json.loads(row.task_ids))
                done.append({"row": answer.outbox_id, "now": now, "response": json.dumps(
                    {"status": result.status, "ids": result.message_ids})})
        finally:
            # What quote-replies need first: a death between the two writes leaves these
            # replies marked unknown (never sent again), their messages still traceable.
            # Should those rows be refused (a task deleted meanwhile), the replies are
            # still recorded as sent.
            if sent:
                try:
                    conn.execute(insert(SentMessage), sent)
                except Exception:
                    log.exception("sent message ids of %d replies not kept", len(done))
            if done:
                conn.execute(_SENT, done)
    return refused


def _not_replied(rt: Runtime, outbox_id: int, err: Exception, now: datetime) -> bool:
    """Record a failed reply; True when LINE surely refused it, so a push is safe."""
    with redoable(rt.factory) as session:
        row = session.get(OutboxMessage, outbox_id)
        row.last_error = str(err)[:1000]
        if not surely_not_sent(err):
            log.warning("reply outcome unknown (%s); not sent again", err)
            row.status = UNKNOWN
            return False
        log.warning("reply failed (%s); sending as a push instead", err)
        row.kind, row.reply_token, row.status, row.next_attempt_at = "push", None, "pending", now
    return True
