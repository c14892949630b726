"""The report model: what the 6- or 12-month report says, read from the database once.

Every renderer (DOCX, PDF, XLSX) draws this same model, so the three files cannot disagree.
Nothing here formats Thai text for print; `documents/report/thai.py` does that.

How a row is decided:
* One row per measure, grouped by (tool, indicator) in the plan's order.
* A measure's work items are its tasks grouped by work key (one task per unit of a work
  item, see documents/importer/store.py): one deadline each, numbered as in the plan.
* A task's status on the report's day comes from its StatusChange history up to that day
  (the last change wins); a task with no change shows the status it was imported with.
  A change whose `to_status` is "problem" does not change the status; its note is a problem.
* A work item is done when all its units' tasks are; its date done is the latest of theirs.
* A measure is done when every item due within the round (or done already) is done,
  not started when none of them has moved, and in progress otherwise.
* Its evidence is every link officers typed, and every photo or file they sent in LINE and
  attached to one of its tasks by the report's day, unless the sender withdrew it (unsent).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from documents.importer.headings import catalogue
from handlers.thai.calendar_words import fiscal_year_bounds
from models import (
    Evidence,
    FiscalYear,
    Measure,
    Organization,
    Person,
    Problem,
    Status,
    StatusChange,
    Task,
    Unit,
)

ROUNDS = (6, 12)
PROBLEM = "problem"
BANGKOK = ZoneInfo("Asia/Bangkok")
_ORDER = {Status.NOT_STARTED: 0, Status.IN_PROGRESS: 1, Status.DONE: 2}


class ReportError(ValueError):
    """The report cannot be built as asked (unknown year, round or unit); the message is Thai."""


@dataclass(frozen=True)
class TrailEntry:
    """One recorded change behind a status: who, when, from which LINE message."""

    at: datetime
    who: str
    unit: str
    item: str
    from_status: str | None
    to_status: str
    done_on: date | None
    note: str
    evidence: tuple[str, ...]
    source: str
    line_message_id: str | None


@dataclass(frozen=True)
class WorkItem:
    """One deadline of a measure, across the units that share it."""

    title: str
    due_on: date | None
    status: str
    done_on: date | None
    units_done: int
    units_total: int
    series: str  # items of one recurring obligation (monthly, quarterly) share it


@dataclass(frozen=True)
class EvidenceFile:
    """A photo or file sent in LINE as proof of one of the measure's tasks. The report cites
    it (type, name, day); the bytes stay in the bot's storage."""

    kind: str  # image, file, video
    content_type: str | None
    file_name: str | None
    attached_on: date  # in Bangkok
    unit: str


@dataclass(frozen=True)
class MeasureRow:
    title: str
    refs: tuple[str, ...]
    units: tuple[str, ...]
    steps: str
    items: tuple[WorkItem, ...]
    status: str
    evidence: tuple[str, ...]
    problems: tuple[str, ...]
    trail: tuple[TrailEntry, ...]
    files: tuple[EvidenceFile, ...] = ()

    @property
    def done_dates(self) -> tuple[date, ...]:
        return tuple(i.done_on for i in self.items if i.status == Status.DONE and i.done_on)


@dataclass(frozen=True)
class IndicatorGroup:
    tool: str | None
    indicator: int | None
    name: str
    rows: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class UnitSummary:
    unit: str
    done: int
    in_progress: int
    not_started: int

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.not_started


@dataclass(frozen=True)
class Report:
    org_name: str
    fiscal_year: int
    round: int
    period_start: date
    period_end: date
    as_of: date
    unit_name: str | None
    groups: tuple[IndicatorGroup, ...]
    summary: tuple[UnitSummary, ...]  # measures per unit
    totals: UnitSummary

    @property
    def running(self) -> bool:
        """The round has not ended on the report's day: the title says "ข้อมูล ณ วันที่ …"."""
        return self.as_of <= self.period_end

    @property
    def rows(self) -> tuple[MeasureRow, ...]:
        return tuple(r for g in self.groups for r in g.rows)


def round_period(fiscal_year: int, round_: int) -> tuple[date, date]:
    """Round 6 is October–March, round 12 the whole fiscal year."""
    if round_ not in ROUNDS:
        raise ReportError("รอบรายงานมีเฉพาะรอบ 6 เดือนและรอบ 12 เดือน")
    start, end = fiscal_year_bounds(fiscal_year)
    return start, (date(start.year + 1, 3, 31) if round_ == 6 else end)


def build_report(session: Session, org_id: int, fiscal_year: int, round_: int,
                 unit_id: int | None = None, today: date | None = None) -> Report:
    """The report of one round as it stands on `today` (default: today in Bangkok);
    `unit_id` limits it to one unit's tasks (a head's report)."""
    start, end = round_period(fiscal_year, round_)
    as_of = today or datetime.now(BANGKOK).date()
    org = session.get(Organization, org_id)
    fy = session.scalar(select(FiscalYear).where(FiscalYear.org_id == org_id,
                                                 FiscalYear.year_be == fiscal_year))
    if org is None or fy is None:
        raise ReportError(f"ยังไม่มีแผนมาตรการของปีงบประมาณ {fiscal_year}")
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit_id is not None and (unit is None or unit.org_id != org_id):
        raise ReportError("ไม่พบหน่วยงานนี้ในองค์กร")

    query = (select(Task).join(Measure, Task.measure_id == Measure.id)
             .where(Measure.fiscal_year_id == fy.id)
             .options(selectinload(Task.unit), selectinload(Task.changes))
             .order_by(Measure.id, Task.id))
    if unit_id is not None:
        query = query.where(Task.unit_id == unit_id)
    tasks = session.scalars(query).all()
    measures = session.scalars(
        select(Measure).where(Measure.fiscal_year_id == fy.id).order_by(Measure.id)
        .options(selectinload(Measure.refs), selectinload(Measure.units))).all()
    people = _names(session, {c.person_id for t in tasks for c in t.changes if c.person_id})
    reported = _reported_problems(session, [t.id for t in tasks])
    files = _attached_files(session, [t.id for t in tasks], as_of)

    by_measure: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        by_measure[task.measure_id].append(task)
    unit_names = {u.id: u.name for u in session.scalars(select(Unit).where(Unit.org_id == org_id))}
    groups: dict[tuple, list[MeasureRow]] = {}
    per_unit: dict[str, list[str]] = defaultdict(list)
    for measure in measures:
        own = by_measure.get(measure.id)
        if not own:
            continue  # a head's report leaves out other units' measures
        row = _row(measure, own, unit_names, people, as_of, end, reported, files)
        groups.setdefault((measure.tool, measure.indicator), []).append(row)
        for name in sorted({t.unit.name for t in own}, key=list(unit_names.values()).index):
            per_unit[name].append(_status_of(own, name, as_of, end))

    summary = tuple(_summary(name, statuses) for name, statuses in
                    sorted(per_unit.items(), key=lambda kv: list(unit_names.values()).index(kv[0])))
    all_rows = [r for rows in groups.values() for r in rows]
    return Report(
        org_name=org.name, fiscal_year=fiscal_year, round=round_, period_start=start,
        period_end=end, as_of=as_of, unit_name=unit.name if unit else None,
        groups=tuple(IndicatorGroup(tool, ind, _indicator_name(ind), tuple(rows))
                     for (tool, ind), rows in groups.items()),
        summary=summary, totals=_summary("รวม", [r.status for r in all_rows]),
    )


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Person.id, Person.display_name).where(Person.id.in_(ids))).all())


def _indicator_name(indicator: int | None) -> str:
    entry = catalogue()["indicators"].get(str(indicator)) if indicator else None
    return entry["names"][0] if entry else ""


def _local_day(moment: datetime) -> date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(BANGKOK).date()


def task_state(task: Task, as_of: date) -> tuple[str, date | None]:
    """(status, done_on) of a task on `as_of`, from its history; imported status if none."""
    status, done_on = Status.NOT_STARTED.value, None
    seen = False
    for change in task.changes:
        if _local_day(change.created_at) > as_of or change.to_status == PROBLEM:
            continue
        seen = True
        status = change.to_status
        done_on = change.done_on if status == Status.DONE else None
    if not seen and not task.changes:
        return task.status, task.done_on
    return status, done_on


def _work_key(task_key: str) -> str:
    return task_key.rsplit("@u", 1)[0]


def _items(tasks: list[Task], as_of: date) -> list[WorkItem]:
    grouped: dict[str, list[Task]] = {}
    for task in tasks:
        grouped.setdefault(_work_key(task.key), []).append(task)
    items = []
    for group in grouped.values():
        states = [task_state(t, as_of) for t in group]
        done = [d for s, d in states if s == Status.DONE]
        if len(done) == len(states):
            status = Status.DONE.value
        elif all(s == Status.NOT_STARTED for s, _ in states):
            status = Status.NOT_STARTED.value
        else:
            status = Status.IN_PROGRESS.value
        dates = [d for d in done if d]
        items.append(WorkItem(title=group[0].title, due_on=group[0].due_on, status=status,
                              done_on=max(dates) if status == Status.DONE and dates else None,
                              units_done=len(done), units_total=len(states),
                              series=_work_key(group[0].key).split("@", 1)[0]))
    return items


def _measure_status(items: list[WorkItem], round_end: date) -> str:
    due = [i for i in items if i.status == Status.DONE or i.due_on is None or i.due_on <= round_end]
    due = due or items
    if due and all(i.status == Status.DONE for i in due):
        return Status.DONE.value
    if all(i.status == Status.NOT_STARTED for i in due):
        return Status.NOT_STARTED.value
    return Status.IN_PROGRESS.value


def _status_of(tasks: list[Task], unit_name: str, as_of: date, round_end: date) -> str:
    return _measure_status(_items([t for t in tasks if t.unit.name == unit_name], as_of), round_end)


def _reported_problems(session: Session, task_ids: list[int]) -> dict[int, list[Problem]]:
    """Problems officers reported in chat (their own rows, open or solved), by task."""
    out: dict[int, list[Problem]] = {}
    for start in range(0, len(task_ids), 500):
        for problem in session.scalars(select(Problem).where(
                Problem.task_id.in_(task_ids[start:start + 500])).order_by(Problem.id)):
            out.setdefault(problem.task_id, []).append(problem)
    return out


def _attached_files(session: Session, task_ids: list[int], as_of: date) -> dict[int, list[Evidence]]:
    """Photos and files attached to these tasks by the report's day, not withdrawn, by task."""
    out: dict[int, list[Evidence]] = {}
    for start in range(0, len(task_ids), 500):
        for row in session.scalars(select(Evidence).where(
                Evidence.task_id.in_(task_ids[start:start + 500]),
                Evidence.attached_at.is_not(None), Evidence.storage_key.is_not(None),
                Evidence.withdrawn_at.is_(None)).order_by(Evidence.attached_at, Evidence.id)):
            if _local_day(row.attached_at) <= as_of:
                out.setdefault(row.task_id, []).append(row)
    return out


def _row(measure: Measure, tasks: list[Task], unit_names: dict[int, str], people: dict[int, str],
         as_of: date, round_end: date, reported: dict[int, list[Problem]],
         files: dict[int, list[Evidence]]) -> MeasureRow:
    items = _items(tasks, as_of)
    trail, evidence, problems = [], [], []
    for task in tasks:
        for change in task.changes:
            if _local_day(change.created_at) > as_of:
                continue
            trail.append(_entry(change, task, people))
    trail.sort(key=lambda e: (e.at.replace(tzinfo=None) if e.at.tzinfo is None else
                              e.at.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)))
    for entry in trail:
        evidence += [u for u in entry.evidence if u not in evidence]
        if entry.to_status == PROBLEM and entry.note.strip() and entry.note.strip() not in problems:
            problems.append(entry.note.strip())
    for task in tasks:
        for problem in reported.get(task.id, []):
            note = problem.note.strip()
            if note and _local_day(problem.created_at) <= as_of and note not in problems:
                problems.append(note)
    cited = sorted(((row, task) for task in tasks for row in files.get(task.id, [])),
                   key=lambda pair: (pair[0].attached_at, pair[0].id))
    units = [unit_names[mu.unit_id] for mu in measure.units if mu.unit_id in unit_names]
    own_units = {t.unit.name for t in tasks}
    return MeasureRow(
        title=measure.title, refs=tuple(measure.ref_codes),
        units=tuple(u for u in units if u in own_units) or tuple(sorted(own_units)),
        steps=measure.steps, items=tuple(items), status=_measure_status(items, round_end),
        evidence=tuple(evidence), problems=tuple(problems), trail=tuple(trail),
        files=tuple(EvidenceFile(kind=row.kind, content_type=row.content_type,
                                 file_name=row.file_name, attached_on=_local_day(row.attached_at),
                                 unit=task.unit.name) for row, task in cited),
    )


def _entry(change: StatusChange, task: Task, people: dict[int, str]) -> TrailEntry:
    who = people.get(change.person_id, "") if change.person_id else ""
    return TrailEntry(
        at=change.created_at, who=who or ("นำเข้าจากเอกสาร" if change.source == "import" else "-"),
        unit=task.unit.name, item=task.title, from_status=change.from_status,
        to_status=change.to_status, done_on=change.done_on, note=change.note or "",
        evidence=tuple(change.urls), source=change.source, line_message_id=change.line_message_id,
    )


def _summary(name: str, statuses: list[str]) -> UnitSummary:
    return UnitSummary(unit=name, done=statuses.count(Status.DONE),
                       in_progress=statuses.count(Status.IN_PROGRESS),
                       not_started=statuses.count(Status.NOT_STARTED))
