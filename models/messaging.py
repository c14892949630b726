"""The durable edges of the bot: events that came in, messages that go out, and the
LINE ids of what was sent (so a quote-reply finds the task it was about)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

PENDING = "status = 'pending'"


class InboxEvent(Base):
    """One webhook event, stored before it is handled. `webhook_event_id` makes a
    redelivered event a no-op. Undecodable events are kept with status 'unreadable'."""

    __tablename__ = "inbox_events"
    __table_args__ = (
        UniqueConstraint("org_id", "webhook_event_id"),
        Index("ix_inbox_pending", "status", "id"),
        # A worker's claim (models.inbox.claim_pending, migration 0014).
        Index("ix_inbox_pending_time", "event_time", "id", postgresql_where=text(PENDING),
              sqlite_where=text(PENDING)),
        Index("ix_inbox_pending_chat", "org_id", "chat_key", "id",
              postgresql_where=text(PENDING), sqlite_where=text(PENDING)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    webhook_event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(32), default="")
    chat_key: Mapped[str] = mapped_column(String(80), default="", index=True)
    body: Mapped[str] = mapped_column(Text)
    is_redelivery: Mapped[bool] = mapped_column(default=False)
    event_time: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None]
    handled_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class OutboxMessage(Base):
    """A message that must reach LINE exactly once. `idempotency_key` stops two clocks or a
    retried job from writing it twice; `retry_key` (a UUID) makes LINE drop a repeat send."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        # Reminders waiting for a chat, taken along by its reply (scheduler.reply, 0015).
        Index("ix_outbox_pending_chat", "org_id", "to", postgresql_where=text(PENDING),
              sqlite_where=text(PENDING)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(191), unique=True)
    retry_key: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(8), default="push")  # push or reply
    purpose: Mapped[str] = mapped_column(String(16), default="reply")
    to: Mapped[str] = mapped_column(String(64))
    reply_token: Mapped[str | None] = mapped_column(String(255))
    messages: Mapped[str] = mapped_column(Text)  # JSON list of LINE message objects
    task_ids: Mapped[str] = mapped_column(Text, default="")  # JSON: task ids per message
    chat_group_id: Mapped[int | None] = mapped_column(ForeignKey("chat_groups.id"))
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    billed: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    line_response: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class SentMessage(Base):
    """One row per (message, task) it was about: a reminder listing three tasks has three."""

    __tablename__ = "sent_messages"
    __table_args__ = (Index("ix_sent_messages_lookup", "org_id", "line_message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    line_message_id: Mapped[str] = mapped_column(String(64))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
