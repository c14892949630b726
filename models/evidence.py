"""Evidence files people send in LINE, the expiring links that serve them, and the rich
menus linked to people. Rows only; storing the bytes is the `evidence` package's job."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.plan import Task


class Evidence(Base):
    """A photo, file or video sent in LINE. While `task_id` is null it waits for the sender
    to say which task it proves (nothing is fetched until then); once attached it has its
    stored bytes' key, size, type and SHA-256. Reports cite it by task. When the sender
    unsends the message, `withdrawn_at` is set and the bytes leave storage: the row stays as
    the record that it was sent and taken back, and nothing shows it as evidence any more."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("org_id", "line_message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    status_change_id: Mapped[int | None] = mapped_column(ForeignKey("status_changes.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    chat_id: Mapped[str] = mapped_column(String(64))
    line_message_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))  # image, file, video
    file_name: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(127))
    size: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    storage_key: Mapped[str | None] = mapped_column(String(255))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    attached_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]

    task: Mapped[Task | None] = relationship()


class EvidenceLink(Base):
    """A download link: only the SHA-256 of its 192-bit token is stored, and it expires."""

    __tablename__ = "evidence_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    evidence: Mapped[Evidence] = relationship()


class RichMenu(Base):
    """A rich menu created on LINE for one role; `digest` changes when its design does."""

    __tablename__ = "rich_menus"
    __table_args__ = (UniqueConstraint("org_id", "role", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64))
    line_rich_menu_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MenuLink(Base):
    """Which rich menu a person has on LINE now, so a role change relinks exactly once."""

    __tablename__ = "menu_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    line_rich_menu_id: Mapped[str] = mapped_column(String(64))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
