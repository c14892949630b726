"""A LINE webhook event reduced to what our handlers need.

The SDK's models read the stored JSON (so we follow LINE's schema, not our guess of it);
handlers then see one small, flat object that tests can build by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from linebot.v3.webhooks import (
    Event,
    FileMessageContent,
    MessageEvent,
    PostbackEvent,
    TextMessageContent,
    UnsendEvent,
)


@dataclass(frozen=True)
class Incoming:
    type: str
    webhook_event_id: str
    source_type: str  # user, group, room
    user_id: str | None
    chat_id: str  # where a push for this chat goes: the group, the room or the user
    reply_token: str | None
    timestamp: datetime | None
    message_type: str | None = None
    message_id: str | None = None
    text: str = ""
    mentions_bot: bool = False
    quoted_message_id: str | None = None
    postback_data: str | None = None
    file_name: str | None = None  # file messages
    file_size: int | None = None  # file messages (LINE states it before we download)
    unsent_message_id: str | None = None  # unsend events

    @property
    def in_group(self) -> bool:
        return self.source_type in ("group", "room")


def _without_mentions(text: str, mentionees) -> str:
    """Drop "@name" spans so "@บอท o12 เสร็จแล้ว" reads as "o12 เสร็จแล้ว"."""
    for m in sorted(mentionees, key=lambda m: m.index, reverse=True):
        text = text[: m.index] + text[m.index + m.length :]
    return text.strip()


def chat_key(raw: dict) -> str:
    """The chat an event belongs to, used to keep each chat's events in order."""
    source = raw.get("source") or {}
    return str(source.get("groupId") or source.get("roomId") or source.get("userId") or "")


def from_line(raw: dict) -> Incoming | None:
    """Read one stored event with the SDK; None for types we do not understand."""
    try:
        event = Event.from_dict(raw)
    except (ValueError, TypeError, KeyError):
        return None
    if event is None:
        return None
    source = event.source
    source_type = getattr(source, "type", None) or "user"
    user_id = getattr(source, "user_id", None)
    chat_id = getattr(source, "group_id", None) or getattr(source, "room_id", None) or user_id or ""
    timestamp = None
    if getattr(event, "timestamp", None):
        timestamp = datetime.fromtimestamp(event.timestamp / 1000, UTC)
    base = dict(
        type=event.type,
        webhook_event_id=getattr(event, "webhook_event_id", "") or "",
        source_type=source_type,
        user_id=user_id,
        chat_id=chat_id,
        reply_token=getattr(event, "reply_token", None),
        timestamp=timestamp,
    )
    if isinstance(event, MessageEvent):
        message = event.message
        text, mentions_bot, quoted = "", False, None
        if isinstance(message, TextMessageContent):
            text = message.text or ""
            quoted = message.quoted_message_id
            mentionees = message.mention.mentionees if message.mention else []
            mentions_bot = any(getattr(m, "is_self", False) for m in mentionees)
            text = _without_mentions(text, mentionees)
        if message.type in ("image", "file", "video"):
            # LINE documents quotedMessageId for text and stickers only; if it ever comes
            # with a photo or file, the SDK model drops it, so read it from the raw event.
            quoted = (raw.get("message") or {}).get("quotedMessageId")
        file_name = message.file_name if isinstance(message, FileMessageContent) else None
        file_size = message.file_size if isinstance(message, FileMessageContent) else None
        return Incoming(**base, message_type=message.type, message_id=message.id, text=text,
                        mentions_bot=mentions_bot, quoted_message_id=quoted,
                        file_name=file_name, file_size=file_size)
    if isinstance(event, PostbackEvent):
        return Incoming(**base, postback_data=event.postback.data)
    if isinstance(event, UnsendEvent):
        return Incoming(**base, unsent_message_id=event.unsend.message_id)
    return Incoming(**base)
