"""POST /callback: verify, store, answer. Nothing is handled here.

LINE counts a webhook as failed after two seconds, so the request does only what must be
durable before the 200: the signature check and one INSERT per event. Whatever a correctly
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
from models.db import reading, transaction
from models.inbox import store_event
from models.queries import org_by_slug
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
    with reading(rt.engine) as session:
        org = org_by_slug(session, slug or rt.config.org_slug)
        secret = rt.webhook_secret(session, org) if org else None
    if org is None or secret is None:
        abort(404)
    body = request.get_data(cache=False)  # raw bytes: the signature covers them exactly
    if not signed_by(secret, body, request.headers.get("X-Line-Signature", "")):
        with log_context(org=org.slug):
            log.warning("webhook for %s: bad or missing signature, %d bytes ignored", org.slug,
                        len(body))
        abort(400, "invalid signature")

    now = rt.now()
    read = read_body(body)
    stored = 0
    with transaction(rt.factory) as session:
        if read.events is None:
            stored += store_event(session, org.id, key=body_key(body), event_type="", chat_key="",
                                  body=stored_text(body), event_time=None, is_redelivery=False,
                                  now=now, problem=read.problem)
        for raw in read.events or []:
            stored += _store(session, org.id, prepare_event(raw), now)
    if stored:
        EVENTS_RECEIVED.labels(org.slug).inc(stored)
        rt.wake_worker.set()
    return jsonify(stored=stored)


def signed_by(secret: str, body: bytes, signature: str) -> bool:
    """HMAC-SHA256 over the bytes exactly as received (the SDK's validator takes a str,
    which would mean decoding, and so accepting other bytes that decode alike)."""
    if not signature:
        return False
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode("utf-8", "replace"))


def _store(session, org_id: int, event: PreparedEvent, now) -> bool:
    """One event in its own savepoint: if the database still refuses it, the event is kept
    as unreadable (its JSON in base64), with the reason, and its neighbours are unaffected."""
    fields = dict(key=event.key, event_type=event.event_type, chat_key=event.chat_key,
                  event_time=event.event_time, is_redelivery=event.is_redelivery, now=now)
    try:
        with session.begin_nested():
            return store_event(session, org_id, body=event.body, problem=event.problem, **fields)
    except SQLAlchemyError as err:
        refused = type(err).__name__
        log.error("event %r refused by the database (%s); kept as unreadable", event.key, refused)
    with session.begin_nested():
        return store_event(session, org_id, body=as_base64(event.body.encode()),
                           problem=f"refused by the database: {refused}",
                           **dict(fields, event_type="", chat_key=""))


@blueprint.get("/healthz")
def healthz():
    try:
        with runtime().engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        return jsonify(database="unreachable"), 503
    from bot.metrics_route import health_backlog

    return jsonify(database="ok", **health_backlog())
