"""The plan: measures, the tasks they break into, and the append-only history of each task."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.org import Unit


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


OPEN_SQL = "status IN ('not_started', 'in_progress')"  # a task still to do, as SQL


class Measure(Base):
    """One row of the measures document (มาตรการ). `key` makes re-import idempotent."""

    __tablename__ = "measures"
    __table_args__ = (UniqueConstraint("fiscal_year_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    tool: Mapped[str | None] = mapped_column(String(8))
    indicator: Mapped[int | None]
    steps: Mapped[str] = mapped_column(Text, default="")
    source_file: Mapped[str | None] = mapped_column(String(255))
    source_line: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    refs: Mapped[list[MeasureRef]] = relationship(
        cascade="all, delete-orphan", order_by="MeasureRef.position"
    )
    units: Mapped[list[MeasureUnit]] = relationship(cascade="all, delete-orphan")
    tasks: Mapped[list[Task]] = relationship(back_populates="measure", order_by="Task.due_on")

    @property
    def ref_codes(self) -> list[str]:
        return [r.ref for r in self.refs]


class MeasureRef(Base):
    """An assessment item a measure answers, such as o12 or e6."""

    __tablename__ = "measure_refs"
    __table_args__ = (UniqueConstraint("measure_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"), index=True)
    ref: Mapped[str] = mapped_column(String(8), index=True)
    position: Mapped[int] = mapped_column(default=0)


class MeasureUnit(Base):
    __tablename__ = "measure_units"
    __table_args__ = (UniqueConstraint("measure_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    section: Mapped[str | None] = mapped_column(String(255))

    unit: Mapped[Unit] = relationship()


class Task(Base):
    """One unit's piece of work with one due date and one status. A recurring obligation
    is one task per period, so each period can be late or done on its own."""

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("measure_id", "key"),
        Index("ix_tasks_due", "org_id", "status", "due_on"),
        # The reminder sweep's find (migration 0011): open tasks only, every column it reads.
        Index("ix_tasks_open_due", "org_id", "due_on", "unit_id", "id",
              postgresql_where=text(OPEN_SQL), sqlite_where=text(OPEN_SQL)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    key: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16), default=Status.NOT_STARTED)
    percent: Mapped[int | None]
    done_on: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    measure: Mapped[Measure] = relationship(back_populates="tasks")
    unit: Mapped[Unit] = relationship()
    changes: Mapped[list[StatusChange]] = relationship(
        back_populates="task", order_by="StatusChange.id"
    )


class StatusChange(Base):
    """Append-only audit of a task's status: the evidence the annual report cites."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    percent: Mapped[int | None]
    done_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_urls: Mapped[str] = mapped_column(Text, default="")  # one URL per line
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    source: Mapped[str] = mapped_column(String(16))  # line, postback, import, cli
    line_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    task: Mapped[Task] = relationship(back_populates="changes")

    @property
    def urls(self) -> list[str]:
        return [u for u in self.evidence_urls.splitlines() if u]


class ActionToken(Base):
    """A button's one-time token: a stale or repeated tap finds it used and does nothing."""

    __tablename__ = "action_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    action: Mapped[str] = mapped_column(String(16))
    percent: Mapped[int | None]
    evidence_urls: Mapped[str] = mapped_column(Text, default="")
    happened_on: Mapped[date | None]  # the day the message said the work was done
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
