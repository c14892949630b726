"""The board's numbers: tasks by unit × state (done, in progress, not started, overdue),
and the filtered task list. Counting is one GROUP BY in the database, so the board stays
fast on a year of history (benchmarks/bench_console.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, joinedload

from console.access import Viewer
from models import FiscalYear, Measure, Status, Task, Unit

STATES = ("done", "in_progress", "not_started", "overdue")
STATE_THAI = {"done": "เสร็จแล้ว", "in_progress": "กำลังทำ", "not_started": "ยังไม่เริ่ม",
              "overdue": "เลยกำหนด"}
LIST_LIMIT = 300


@dataclass
class Filters:
    unit_id: int | None = None
    indicator: int | None = None
    state: str | None = None
    month: str | None = None  # "2023-01"

    def month_bounds(self) -> tuple[date, date] | None:
        if not self.month:
            return None
        year, month = (int(p) for p in self.month.split("-"))
        start = date(year, month, 1)
        end = date(year + (month == 12), month % 12 + 1, 1)
        return start, end


@dataclass
class Board:
    units: list[tuple[Unit, dict[str, int]]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    measure_count: int = 0
    tasks: list[Task] = field(default_factory=list)
    more: int = 0


def _state(today: date):
    late = and_(Task.status != Status.DONE, Task.due_on.is_not(None), Task.due_on < today)
    return case((late, "overdue"), else_=Task.status)


def _conditions(who: Viewer, fy: FiscalYear, filters: Filters, today: date) -> list:
    conditions = [Task.org_id == who.org_id, Measure.fiscal_year_id == fy.id]
    if not who.sees_all:
        conditions.append(Task.unit_id.in_(who.unit_ids or {-1}))
    if filters.unit_id:
        conditions.append(Task.unit_id == filters.unit_id)
    if filters.indicator:
        conditions.append(Measure.indicator == filters.indicator)
    if filters.state in STATES:
        conditions.append(_state(today) == filters.state)
    if bounds := filters.month_bounds():
        conditions += [Task.due_on >= bounds[0], Task.due_on < bounds[1]]
    return conditions


def build_board(session: Session, who: Viewer, fy: FiscalYear, filters: Filters, today: date) -> Board:
    conditions = _conditions(who, fy, filters, today)
    state = _state(today).label("state")
    rows = session.execute(
        select(Task.unit_id, state, func.count()).join(Measure, Task.measure_id == Measure.id)
        .where(*conditions).group_by(Task.unit_id, state)).all()
    counts: dict[int, dict[str, int]] = {}
    for unit_id, name, count in rows:
        counts.setdefault(unit_id, dict.fromkeys(STATES, 0))[name] = count
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.org_id == who.org_id))}
    board = Board()
    board.units = [(units[uid], c) for uid, c in sorted(counts.items(), key=lambda kv: units[kv[0]].name)]
    board.totals = {s: sum(c[s] for _, c in board.units) for s in STATES}
    board.measure_count = session.scalar(
        select(func.count(func.distinct(Task.measure_id))).join(Measure, Task.measure_id == Measure.id)
        .where(*conditions)) or 0
    listed = session.scalars(
        select(Task).join(Measure, Task.measure_id == Measure.id).where(*conditions)
        .options(joinedload(Task.unit), joinedload(Task.measure).selectinload(Measure.refs))
        .order_by(Task.due_on.is_(None), Task.due_on, Task.id).limit(LIST_LIMIT + 1)).all()
    board.tasks = list(listed[:LIST_LIMIT])
    board.more = max(0, sum(board.totals.values()) - LIST_LIMIT)
    return board


def task_state(task: Task, today: date) -> str:
    if task.status != Status.DONE and task.due_on and task.due_on < today:
        return "overdue"
    return task.status


def indicators(session: Session, fy: FiscalYear) -> list[int]:
    return [i for i in session.scalars(select(Measure.indicator).where(
        Measure.fiscal_year_id == fy.id).distinct().order_by(Measure.indicator)) if i is not None]
