"""Builders for the LINE message dicts our replies are made of."""

from __future__ import annotations

MAX_TEXT = 5000
MAX_QUICK_REPLIES = 13


def _label(text: str) -> str:
    return text if len(text) <= 20 else text[:19] + "…"  # LINE caps action labels at 20


def say(label: str, text: str | None = None) -> dict:
    """A quick-reply button that sends a message as if the person typed it."""
    return {"type": "action", "action": {"type": "message", "label": _label(label),
                                         "text": text or label}}


def press(label: str, data: str, display: str | None = None) -> dict:
    """A quick-reply button that sends a postback (nothing to type, nothing to mistype)."""
    action = {"type": "postback", "label": _label(label), "data": data}
    if display:
        action["displayText"] = display
    return {"type": "action", "action": action}


def text(body: str, quick: list[dict] | None = None) -> dict:
    if len(body) > MAX_TEXT:
        body = body[: MAX_TEXT - 1] + "…"
    message: dict = {"type": "text", "text": body}
    if quick:
        message["quickReply"] = {"items": quick[:MAX_QUICK_REPLIES]}
    return message
