"""What LINE sends, made safe once, before anything stores or reads it.

A correctly signed body may still hold anything: NUL characters (PostgreSQL refuses them in
text), lone surrogates such as "\\ud800" (no database driver can encode them), nesting deep
enough to exhaust the stack, timestamps no calendar has, ids longer than their columns,
`source` that is not an object. Each of those once turned into a 500 and lost the whole
body. Here they become plain values both databases accept, so SQLite and PostgreSQL behave
the same, and an event we cannot handle is stored with the reason instead of failing.

Nothing here raises for any input: `read_body` and `prepare_event` are total functions.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers.incoming import event_time, read_event

MAX_DEPTH = 12  # LINE's deepest event (a mention inside a message) is 5 levels
KEY_LIMIT = 64  # inbox_events.webhook_event_id
TYPE_LIMIT = 32  # inbox_events.event_type
CHAT_KEY_LIMIT = 80  # inbox_events.chat_key

_UNSAFE = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    """NUL removed, each lone surrogate replaced by U+FFFD; other text untouched."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


def clean(value: Any, depth: int = 0) -> tuple[Any, bool]:
    """(a JSON value both databases can store, whether something was nested too deep to keep).
    Non-finite numbers become null; levels beyond MAX_DEPTH become null."""
    if isinstance(value, str):
        return clean_text(value), False
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value, False
    if isinstance(value, float):
        return (value if math.isfinite(value) else None), False
    if depth >= MAX_DEPTH:
        return None, True
    too_deep = False
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out[clean_text(str(key))], deep = clean(item, depth + 1)
            too_deep = too_deep or deep
        return out, too_deep
    if isinstance(value, list):
        items = []
        for item in value:
            cleaned, deep = clean(item, depth + 1)
            items.append(cleaned)
            too_deep = too_deep or deep
        return items, too_deep
    return None, False


@dataclass(frozen=True)
class Body:
    """A signed body read as far as it can be: its events, or why it could not be read."""

    events: list | None
    problem: str | None = None


def read_body(body: bytes) -> Body:
    """Strict UTF-8 (never repaired), then JSON; deep nesting is a reason, not a crash."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        return Body(None, f"not UTF-8 (byte {err.start})")
    try:
        payload = json.loads(text)
    except RecursionError:
        return Body(None, "JSON nested too deep")
    except ValueError as err:
        return Body(None, f"not JSON: {clean_text(str(err))[:200]}")
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        return Body(None, "no list of events")
    return Body(payload["events"])


def stored_text(body: bytes) -> str:
    """How an unreadable body is kept: its text when it is plain UTF-8 without NUL, else its
    exact bytes in base64 (prefixed "base64:"), so nothing is altered on the way in."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and "\x00" not in text:
        return text
    return as_base64(body)


def as_base64(body: bytes) -> str:
    return "base64:" + base64.b64encode(body).decode("ascii")


def body_key(body: bytes) -> str:
    return "body:" + hashlib.sha256(body).hexdigest()[: KEY_LIMIT - 5]


@dataclass(frozen=True)
class PreparedEvent:
    """One event as the inbox stores it: every field within its column."""

    key: str
    event_type: str
    chat_key: str
    body: str
    event_time: datetime | None
    is_redelivery: bool
    problem: str | None  # why the worker cannot handle it; None when it can


def chat_key(raw: dict) -> str:
    """The chat an event belongs to (group, room or user), to keep each chat in order."""
    source = raw.get("source")
    if not isinstance(source, dict):
        return ""
    for name in ("groupId", "roomId", "userId"):
        value = source.get(name)
        if isinstance(value, str) and value:
            return value[:CHAT_KEY_LIMIT]
    return ""


def event_key(event: Any) -> str:
    """LINE's webhookEventId when it fits, else a digest of the event, so the same event
    delivered twice is stored once either way."""
    key = event.get("webhookEventId") if isinstance(event, dict) else None
    if isinstance(key, str) and 0 < len(key) <= KEY_LIMIT:
        return key
    text = json.dumps(event, sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[: KEY_LIMIT - 7]


def prepare_event(raw: Any) -> PreparedEvent:
    """One event of a signed body, made safe to store, with the reason if it cannot be handled."""
    try:
        return _prepare(raw)
    except Exception as err:  # a bug here must not cost the event: keep it, say why
        text = clean_text(repr(raw)[:100_000])
        return PreparedEvent("sha256:" + hashlib.sha256(text.encode()).hexdigest()[:57], "",
                             "", json.dumps({"unreadable": text}), None, False,
                             f"could not be prepared: {type(err).__name__}")


def _prepare(raw: Any) -> PreparedEvent:
    event, too_deep = clean(raw)
    if not isinstance(event, dict):
        event = {"notAnEvent": event}
    problem = "nested too deep" if too_deep else None
    if problem is None:
        _, problem = read_event(event)
    delivery = event.get("deliveryContext")
    return PreparedEvent(
        key=event_key(event),
        event_type=str(event.get("type", ""))[:TYPE_LIMIT],
        chat_key=chat_key(event),
        body=json.dumps(event, ensure_ascii=False),
        event_time=event_time(event.get("timestamp")),
        is_redelivery=isinstance(delivery, dict) and delivery.get("isRedelivery") is True,
        problem=problem,
    )
