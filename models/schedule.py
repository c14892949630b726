"""What the clock keeps: each organization's reminder policy and extra holidays, a log of
what it scheduled for whom (so a restart neither forgets nor repeats), the month's message
budget, and the chart images that digests link to."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class ReminderPolicy(Base):
    """An organization's own reminder settings; an organization without a row uses the
    defaults in `scheduler.policy`. Null columns also mean "the default"."""

    __tablename__ = "reminder_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), unique=True)
    days_before: Mapped[str | None] = mapped_column(String(64))  # "7,1"
    overdue_every: Mapped[int | None]  # working days between overdue reminders
    escalate_after: Mapped[int | None]  # working days overdue before the head hears of it
    work_start: Mapped[str | None] = mapped_column(String(5))  # "08:30", Asia/Bangkok
    work_end: Mapped[str | None] = mapped_column(String(5))
    monthly_budget: Mapped[int | None]  # billed messages a month; null: Config's default
    scheduled_share: Mapped[int | None]  # percent of the budget the clock may plan to use
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OrgHoliday(Base):
    """A day off the organization adds to the Thai public holidays (วันหยุดพิเศษ)."""

    __tablename__ = "org_holidays"
    __table_args__ = (UniqueConstraint("org_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    day: Mapped[date]
    name: Mapped[str] = mapped_column(String(255), default="")


class ScheduledSend(Base):
    """One message the clock decided to send: a reminder to a group or person on a day,
    a digest, an escalation or a notice. The last non-cancelled day per (kind, target) is
    what "already told them" means when the clock computes what is due; a send that could
    not be delivered is cancelled, so its items come back on the next sweep."""

    __tablename__ = "scheduled_sends"
    __table_args__ = (
        Index("ix_scheduled_sends_target", "org_id", "kind", "target", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    kind: Mapped[str] = mapped_column(String(16))  # reminder, digest, escalation, notice
    target: Mapped[str] = mapped_column(String(64))  # LINE group or user id
    day: Mapped[date]  # Asia/Bangkok
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"), index=True)
    cancelled: Mapped[bool] = mapped_column(default=False)


class SweepMark(Base):
    """How far a sweep got for an organization ("2023-01-23", "2023-01", "2023-W04"), so the
    sweeps that run every few minutes skip organizations already done for that period."""

    __tablename__ = "sweep_marks"

    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    sweep: Mapped[str] = mapped_column(String(16), primary_key=True)
    mark: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BudgetMonth(Base):
    """The month's message budget of one organization: what was spent and forecast, what
    LINE says, and how far reminders are cut back (`level`, see scheduler.budget)."""

    __tablename__ = "budget_months"
    __table_args__ = (UniqueConstraint("org_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    month: Mapped[str] = mapped_column(String(7))  # "2023-01", Asia/Bangkok
    budget: Mapped[int]
    level: Mapped[int] = mapped_column(default=0)
    spent: Mapped[int] = mapped_column(default=0)
    forecast: Mapped[int] = mapped_column(default=0)
    computed_on: Mapped[date | None]
    quota_limit: Mapped[int | None]
    quota_used: Mapped[int | None]
    quota_checked_at: Mapped[datetime | None]
    notified_at: Mapped[datetime | None]


class ChartImage(Base):
    """A PNG a digest links to, served at /charts/<token>.png until it expires. The token
    is random (256 bits), so the URL cannot be guessed."""

    __tablename__ = "chart_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    png: Mapped[bytes] = mapped_column(LargeBinary)
    caption: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
