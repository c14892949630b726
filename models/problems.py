"""Problems people report on a task (“o14 ติดปัญหา รอข้อมูลจากกองช่าง”).

A problem is its own row, not only a note on a StatusChange, because it has a life of its
own: it stays open until the task is done, its unit's head hears about it once
(`notified_at`), and digests, status answers and the export list the open ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models.base import Base, utcnow
from models.org import Person
from models.plan import Task


class Problem(Base):
    __tablename__ = "problems"
    __table_args__ = (Index("ix_problems_open", "org_id", "resolved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    notified_at: Mapped[datetime | None]  # when the unit's head was told
    resolved_at: Mapped[datetime | None]  # set when the task is done

    task: Mapped[Task] = relationship()
    person: Mapped[Person | None] = relationship()


def open_problems(session: Session, task_ids: Iterable[int]) -> dict[int, list[Problem]]:
    """task id → its open problems, oldest first."""
    ids = sorted(set(task_ids))
    out: dict[int, list[Problem]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        for problem in session.scalars(
            select(Problem).where(Problem.task_id.in_(ids[start:start + 500]),
                                  Problem.resolved_at.is_(None)).order_by(Problem.id)
        ):
            out[problem.task_id].append(problem)
    return out


def resolve_problems(session: Session, task_id: int, now: datetime) -> None:
    """The task is done: its problems are behind it."""
    for problem in session.scalars(select(Problem).where(Problem.task_id == task_id,
                                                         Problem.resolved_at.is_(None))):
        problem.resolved_at = now
