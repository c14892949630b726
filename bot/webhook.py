"""POST /callback: verify, store, answer. Nothing is handled here.

LINE counts a webhook as failed after two seconds, so the request does only what must be
durable before the 200: the signature check and one INSERT per event.
"""

from __future__ import annotations

import json
import logging

from flask import Blueprint, abort, current_app, jsonify, request
from linebot.v3 import SignatureValidator
from sqlalchemy import text

from bot.runtime import Runtime
from handlers.incoming import chat_key, from_line
from models.db import reading, transaction
from models.inbox import store_event, store_unreadable_body
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
    signature = request.headers.get("X-Line-Signature", "")
    body = request.get_data(cache=False)  # raw bytes: the signature covers them exactly
    if not signature or not SignatureValidator(secret).validate(body.decode("utf-8", "replace"),
                                                                   signature):
        with log_context(org=org.slug):
            log.warning("webhook for %s: bad or missing signature, %d bytes ignored", org.slug,
                        len(body))
        abort(400, "invalid signature")

    now = rt.now()
    try:
        payload = json.loads(body)
        events = payload["events"]
        if not isinstance(events, list):
            raise TypeError("events is not a list")
    except (ValueError, KeyError, TypeError):
        with transaction(rt.factory) as session:
            store_unreadable_body(session, org.id, body, now)
        return jsonify(status="stored as unreadable")

    stored = 0
    with transaction(rt.factory) as session:
        for raw in events:
            readable = isinstance(raw, dict) and from_line(raw) is not None
            key = chat_key(raw) if isinstance(raw, dict) else ""
            stored += store_event(session, org.id, raw if isinstance(raw, dict) else {"raw": raw},
                                  chat_key=key, readable=readable, now=now)
    if stored:
        EVENTS_RECEIVED.labels(org.slug).inc(stored)
        rt.wake_worker.set()
    return jsonify(stored=stored)


@blueprint.get("/healthz")
def healthz():
    try:
        with runtime().engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        return jsonify(database="unreachable"), 503
    from bot.metrics_route import health_backlog

    return jsonify(database="ok", **health_backlog())
