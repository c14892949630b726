"""The web console's records: one-time sign-in links, signed-in sessions, the console's own
audit log, and plans uploaded for review before they are stored.

Link and session tokens are random (256 bits) and only their SHA-256 is stored, so a copy of
the database cannot be used to sign in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class ConsoleLink(Base):
    """A one-time sign-in link sent in LINE (or printed by `console-link`). `person_id` is
    null only for the link that sets up a new organization's first coordinator."""

    __tablename__ = "console_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsoleSession(Base):
    """A signed-in browser. It ends after 8 idle hours or when the person signs out."""

    __tablename__ = "console_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class ConsoleAudit(Base):
    """Who did what in the console, and when: sign-ins and every change."""

    __tablename__ = "console_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StagedPlan(Base):
    """An uploaded plan under review: the importer's dry run as JSON, edited in place until
    the coordinator confirms it. Kept in the database so every web process sees it."""

    __tablename__ = "console_staged_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    draft: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    stored_at: Mapped[datetime | None]
