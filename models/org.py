"""Who is who: organizations, their units, people, LINE groups and invitation codes."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow


class Role(StrEnum):
    OFFICER = "officer"
    HEAD = "head"
    EXECUTIVE = "executive"
    COORDINATOR = "coordinator"


ORG_WIDE_ROLES = frozenset({Role.EXECUTIVE, Role.COORDINATOR})


class Organization(Base):
    """One LINE Official Account. Credentials are excluded from repr so they never reach logs."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    channel_secret: Mapped[str | None] = mapped_column(String(255))
    channel_access_token: Mapped[str | None] = mapped_column(String(512))
    disabled_at: Mapped[datetime | None]  # set by `python -m bot org disable`
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    units: Mapped[list[Unit]] = relationship(back_populates="organization")

    def __repr__(self) -> str:
        return f"Organization(id={self.id!r}, slug={self.slug!r})"


class FiscalYear(Base):
    __tablename__ = "fiscal_years"
    __table_args__ = (UniqueConstraint("org_id", "year_be"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    year_be: Mapped[int]
    starts_on: Mapped[date]
    ends_on: Mapped[date]


class Unit(Base):
    """A ส่วนราชการ such as กองคลัง. `created_by_import` marks units to review."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("org_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    created_by_import: Mapped[bool] = mapped_column(default=False)

    organization: Mapped[Organization] = relationship(back_populates="units")


class Person(Base):
    """Someone who registered with the bot. We keep only the LINE id and display name."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("org_id", "line_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    line_user_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )


class Membership(Base):
    """A role held in a unit; executives and coordinators hold theirs organization-wide
    (unit_id is null)."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("person_id", "unit_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))

    person: Mapped[Person] = relationship(back_populates="memberships")
    unit: Mapped[Unit | None] = relationship()


class ChatGroup(Base):
    """A LINE group or room the bot is in. Bound to a unit, or to the whole organization
    when `unit_id` is null and `bound` is true."""

    __tablename__ = "chat_groups"
    __table_args__ = (UniqueConstraint("org_id", "line_group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    line_group_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8), default="group")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    bound: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    member_count: Mapped[int | None]
    member_count_checked_at: Mapped[datetime | None]
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    left_at: Mapped[datetime | None]

    unit: Mapped[Unit | None] = relationship()


class Invite(Base):
    """A one-time code. Only its SHA-256 is stored, so a database leak reveals no usable code."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(16))  # "register" or "bind"
    role: Mapped[str | None] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship()
