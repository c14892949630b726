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


ID_LIMIT = 64  # LINE's ids are 33 characters; outbox_messages.to holds 64
TOKEN_LIMIT = 255  # outbox_messages.reply_token
# Event times outside these years are not LINE's; the event keeps no time rather than fail.
EARLIEST, LATEST = datetime(2000, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)


def event_time(timestamp: object) -> datetime | None:
    """LINE's millisecond timestamp as a time, or None when it is not a plausible one."""
    if isinstance(timestamp, bool) or not isinstance(timestamp, int | float):
        return None
    if not (EARLIEST.timestamp() * 1000 <= timestamp < LATEST.timestamp() * 1000):
        return None  # also refuses NaN, which compares false with everything
    return datetime.fromtimestamp(timestamp / 1000, UTC)


def from_line(raw: dict) -> Incoming | None:
    """Read one stored event with the SDK; None for what we cannot read."""
    return read_event(raw)[0]


def read_event(raw: dict) -> tuple[Incoming | None, str | None]:
    """(the event, None), or (None, why it cannot be handled). Never raises: the SDK's
    models fail in several ways on hostile input, and each is a reason, not a crash."""
    try:
        event = Event.from_dict(raw)
    except Exception as err:
        return None, f"not a LINE event the SDK reads: {str(err)[:200]}"
    if event is None:
        return None, "not a LINE event the SDK reads"
    try:
        return _incoming(event, raw), None
    except Exception as err:
        return None, f"unreadable {getattr(event, 'type', 'event')}: {str(err)[:200]}"


def _bounded(name: str, value: str | None, limit: int = ID_LIMIT) -> str | None:
    if value is not None and len(value) > limit:
        raise ValueError(f"{name} is longer than {limit} characters")
    return value


def _incoming(event: Event, raw: dict) -> Incoming:
    source = event.source
    source_type = getattr(source, "type", None) or "user"
    user_id = _bounded("userId", getattr(source, "user_id", None))
    chat_id = _bounded("groupId/roomId", getattr(source, "group_id", None)
                       or getattr(source, "room_id", None)) or user_id or ""
    if not chat_id:  # nobody to answer and no chat to attribute it to
        raise ValueError("no source: neither userId, groupId nor roomId")
    base = dict(
        type=event.type,
        webhook_event_id=getattr(event, "webhook_event_id", "") or "",
        source_type=source_type,
        user_id=user_id,
        chat_id=chat_id,
        reply_token=_bounded("replyToken", getattr(event, "reply_token", None), TOKEN_LIMIT),
        timestamp=event_time(getattr(event, "timestamp", None)),
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
            message_raw = raw.get("message") if isinstance(raw, dict) else None
            quoted = message_raw.get("quotedMessageId") if isinstance(message_raw, dict) else None
            quoted = _bounded("quotedMessageId", quoted) if isinstance(quoted, str) else None
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
