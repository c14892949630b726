"""POST /callback: verify, store, answer. Nothing is handled here.

LINE counts a webhook as failed after two seconds, so the request does only what must be
durable before the 200: the signature check (with the secret kept in memory, see
bot.channels) and one INSERT for all the body's events. Whatever a correctly
signed body holds, it is stored and answered 200 (handlers.edge makes it safe to store);
what cannot be handled is kept as unreadable, with the reason.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging

from flask import Blueprint, abort, current_app, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.runtime import Runtime
from handlers.edge import (
    PreparedEvent,
    as_base64,
    body_key,
    prepare_event,
    read_body,
    stored_text,
)
from models.db import transaction
from models.inbox import inbox_row, store_event, store_events
from operations.jsonlog import log_context
from operations.metrics import EVENTS_RECEIVED

log = logging.getLogger(__name__)
blueprint = Blueprint("webhook", __name__)


def runtime() -> Runtime:
    return current_app.extensions["runtime"]


@blueprint.post("/callback")
@blueprint.post("/callback/<slug>")
def callback(slug: str | None = None):
    rt = runtime()
    key = rt.channels.webhook_key(slug or rt.config.org_slug)  # from memory, mostly
    if key is None:
        abort(404)
    body = request.get_data(cache=False)  # raw bytes: the signature covers them exactly
    if not signed_by(key.secret, body, request.headers.get("X-Line-Signature", "")):
        with log_context(org=key.slug):
            log.warning("webhook for %s: bad or missing signature, %d bytes ignored", key.slug,
                        len(body))
        abort(400, "invalid signature")

    now = rt.now()
    read = read_body(body)
    if read.events is None:
        events = [PreparedEvent(body_key(body), "", "", stored_text(body), None, False,
                                read.problem)]
    else:
        events = [prepare_event(raw) for raw in read.events]
    stored = _store_all(rt, key.org_id, events, now)
    if stored:
        EVENTS_RECEIVED.labels(key.slug).inc(stored)
        rt.wake_worker.set()
    return jsonify(stored=stored)


def signed_by(secret: str, body: bytes, signature: str) -> bool:
    """HMAC-SHA256 over the bytes exactly as received (the SDK's validator takes a str,
    which would mean decoding, and so accepting other bytes that decode alike)."""
    if not signature:
        return False
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode("utf-8", "replace"))


def _fields(event: PreparedEvent, now) -> dict:
    return dict(key=event.key, event_type=event.event_type, chat_key=event.chat_key,
                body=event.body, event_time=event.event_time,
                is_redelivery=event.is_redelivery, now=now, problem=event.problem)


def _store_all(rt: Runtime, org_id: int, events: list[PreparedEvent], now) -> int:
    """All events of the body in one statement and one short transaction. Should the
    database refuse it (handlers.edge missed something, or a deadlock between two bodies
    holding the same events), the events are stored one by one, so that one broken event
    never costs its neighbours."""
    try:
        with rt.engine.begin() as conn:
            return store_events(conn, [inbox_row(org_id, **_fields(e, now)) for e in events])
    except SQLAlchemyError as err:
        log.warning("a body's %d events were refused together (%s); storing them one by one",
                    len(events), type(err).__name__)
    stored = 0
    with transaction(rt.factory) as session:
        for event in events:
            stored += _store(session, org_id, event, now)
    return stored


def _store(session, org_id: int, event: PreparedEvent, now) -> bool:
    """One event in its own savepoint: if the database still refuses it, the event is kept
    as unreadable (its JSON in base64), with the reason, and its neighbours are unaffected."""
    fields = _fields(event, now)
    try:
        with session.begin_nested():
            return store_event(session, org_id, **fields)
    except SQLAlchemyError as err:
        refused = type(err).__name__
        log.error("event %r refused by the database (%s); kept as unreadable", event.key, refused)
    with session.begin_nested():
        return store_event(session, org_id, **dict(
            fields, body=as_base64(event.body.encode()), event_type="", chat_key="",
            problem=f"refused by the database: {refused}"))


@blueprint.get("/healthz")
def healthz():
    try:
        with runtime().engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        return jsonify(database="unreachable"), 503
    from bot.metrics_route import health_backlog

    return jsonify(database="ok", **health_backlog())
