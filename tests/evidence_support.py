"""LINE-shaped media and unsend events for the evidence tests, built on the harness."""

from __future__ import annotations

import hashlib
import itertools
import re
from pathlib import Path

from sqlalchemy import select

from models import Evidence

FINANCE = "Udemo0officer0finance"
WORKS = "Udemo0officer0works"
EXECUTIVE = "Udemo0executive"
FINANCE_GROUP = "Cdemo0finance"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40  # enough bytes to be a "photo"
_ids = itertools.count(7_000_000)


def media_event(bot, kind: str = "image", *, data: bytes | Path = PNG, content_type: str = "image/jpeg",
                user: str = FINANCE, group: str | None = None, quoted: str | None = None,
                file_name: str | None = None, file_size: int | None = None) -> dict:
    """An image/file/video message, with its bytes waiting at the stand-in's content API."""
    event = bot.event(user=user, group=group, text="x")
    message_id = str(next(_ids))
    message = {"id": message_id, "type": kind, "quoteToken": "q",
               "contentProvider": {"type": "line"}}
    if kind == "file":
        message = {"id": message_id, "type": "file", "fileName": file_name or "memo.pdf",
                   "fileSize": len(data) if file_size is None else file_size, "quoteToken": "q"}
    if quoted:
        message["quotedMessageId"] = quoted
    event["message"] = message
    bot.standin.state.add_content(message_id, data, content_type)
    return event


def send_media(bot, *args, **kwargs) -> list[str]:
    return bot.deliver(media_event(bot, *args, **kwargs))


def unsend_event(bot, message_id: str, user: str = FINANCE, group: str | None = None) -> dict:
    event = bot.event("unsend", user=user, group=group)
    event.pop("replyToken")  # LINE sends none with an unsend
    event["unsend"] = {"messageId": message_id}
    return event


def last_message_id(bot, kind: str = "reply") -> str:
    """The LINE id of the bot's last message (what a person quotes)."""
    return bot.standin.state.sends(kind)[-1].sent_ids[-1]


def last_buttons(bot) -> list[dict]:
    message = bot.standin.state.sends()[-1].messages[-1]
    return [item["action"] for item in message.get("quickReply", {}).get("items", [])]


def tap(bot, action: dict, user: str = FINANCE, group: str | None = None) -> list[str]:
    return bot.deliver(bot.event("postback", user=user, group=group, data=action["data"]))


def attached(bot) -> list[Evidence]:
    with bot.rt.factory() as s:
        rows = s.scalars(select(Evidence).where(Evidence.attached_at.is_not(None))
                         .order_by(Evidence.id)).all()
        for row in rows:
            _ = row.task.measure.ref_codes  # loaded while the session is open
        return rows


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def links_in(text: str) -> list[str]:
    return re.findall(r"/evidence/[A-Za-z0-9_-]+", text)
