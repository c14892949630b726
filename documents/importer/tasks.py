"""A measure's rows → its tasks (one per work item and period) and their statuses.

Where tasks come from:

* The deadline column (read loosely: bare months, periods, day counts) and the monitoring
  column (strictly: only phrases with a marker such as ภายใน, ทุก, ระหว่าง). The steps column
  only when the table has neither. Each numbered or bulleted item is read on its own.
* An item whose subject is the executives (`ผู้บริหารกำกับติดตามทุกเดือน`) is the executives'
  monitoring — their monthly digest, not officers' work — so it makes no task. But an item
  that has officers report to them (`ให้เจ้าหน้าที่รายงานผู้บริหารทุก ๖ เดือน`) is officers'
  recurring work and does. A one-off deadline in an executive item (`ผู้บริหารกำกับติดตาม…
  ภายในเดือนเมษายน ๒๕๖๖`) is used for the officers' work only when nothing else dates it.
* Weak dates (the whole fiscal year as a period, `ในปีงบประมาณ ๒๕๖๖`) are used only when the
  measure has no other date. The same obligation written in two tables (a plan table and
  its report table) or in two columns is kept once.
* A measure with no date at all gets one task without a due date, for the coordinator to
  fill in.

Statuses:

* Numbered done entries (`๑. ดำเนินการเมื่อวันที่ …`) go to the tasks of the same-numbered
  item of the same row. Other dated entries go to the recurring period that contains the
  date, else to the first open one-off task due on or after it; a measure with a single
  one-off task takes the latest date written.
* Status ticks and status words apply to every task of the measure; a results text without
  a date (`ผลการดำเนินงาน: จัดทำคู่มือ…`) marks the one-off tasks done without a date (it
  cannot say which months of a recurring obligation were done).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from documents.importer.errors import BadInput
from documents.importer.headings import clean_title
from documents.importer.items import Item, split_items
from documents.importer.rows import RowRecord
from documents.importer.thai_time import (
    FiscalFrame,
    ImpossibleDate,
    Spec,
    find_done,
    find_specs,
    parse_date_value,
)
from handlers.thai.calendar_words import BE_OFFSET, MONTH_SHORT

_EXEC_RE = re.compile(r"^(?:คณะ)?ผู้บริหา|^นายก|^ปลัด(?!ฯ)")
_OFFICER_REPORT_RE = re.compile(r"เจ้าหน้าที่.{0,40}?รายงาน")
_NOT_STARTED_RE = re.compile(r"ยังไม่(?:ได้)?(?:ดำเนินการ|เริ่ม)|not[\s_-]?started", re.I)
_IN_PROGRESS_RE = re.compile(r"อยู่ระหว่าง|กำลังดำเนินการ|in[\s_-]?progress", re.I)
_DONE_RE = re.compile(r"ดำเนินการแล้ว|เสร็จแล้ว|เรียบร้อย|แล้วเสร็จ|เสร็จสิ้น|^done$|^เสร็จ$", re.I)
_LETTERS = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44A-Za-z]")
_MAX_TITLE = 300
# Words that only frame a date: an item made of these and a date is not a work item's name.
_TIME_WORDS = re.compile(
    r"ภายใน|เดือน|วันที่|ก่อน|ไม่เกิน|ทุก|ครั้ง|ละ|ของ|ปีงบประมาณ|พ\.ศ\.|ระยะเวลา"
    r"|กำหนด|แล้วเสร็จ|ตั้งแต่|ถึง|อย่างน้อย"
)


def is_executive_only(text: str) -> bool:
    """Executives' monitoring with no officers' reporting in it."""
    clean = clean_title(text)
    return bool(_EXEC_RE.match(clean)) and not _OFFICER_REPORT_RE.search(clean)


def status_word(text: str) -> str | None:
    if _NOT_STARTED_RE.search(text):
        return "not_started"
    if _IN_PROGRESS_RE.search(text):
        return "in_progress"
    if _DONE_RE.search(text.strip()):
        return "done"
    return None


@dataclass
class _Candidate:
    record: int
    source: str  # d(eadline), m(onitoring), s(teps), x (explicit spreadsheet row)
    item: Item | None
    index: int
    spec: Spec | None
    due: date | None = None
    key: str | None = None
    title: str | None = None


@dataclass
class WorkTask:
    """A task being built, with what the status mapping needs to know."""

    key: str
    title: str
    due: date | None
    record: int
    item_no: int | None
    series: tuple
    recurring: bool
    status: str = "not_started"
    done_on: date | None = None
    given: bool = False


@dataclass
class _Mark:
    record: int
    number: int | None
    on: date | None
    status: str
    kind: str  # "explicit" (ticks, words, cells), "results" (text), "dated"
    scoped: bool = False  # applies to its own row's tasks only (spreadsheet cells)


def _label(due: date) -> str:
    return f"{MONTH_SHORT[due.month]} {due.year + BE_OFFSET}"


def _base_title(item: Item | None, spec: Spec | None, measure_title: str) -> str:
    if item is None:
        return measure_title
    text = clean_title(item.text)
    rest = text.replace(clean_title(spec.text), " ") if spec else text
    rest = _TIME_WORDS.sub(" ", rest)
    if len(_LETTERS.findall(rest)) < 8:
        return measure_title
    return text[:_MAX_TITLE]


def _bad_date(exc: ImpossibleDate, record: RowRecord) -> BadInput:
    return BadInput(str(exc), line=record.line)


def _candidates(records: list[RowRecord], frame: FiscalFrame) -> tuple[list[_Candidate], list[_Candidate]]:
    """(officers' candidates, executives' one-off deadlines)."""
    found: list[_Candidate] = []
    executive: list[_Candidate] = []
    for ri, record in enumerate(records):
        try:
            explicit_due = (
                parse_date_value(record.due_value, frame, words=False) if record.due_value else None
            )
        except ImpossibleDate as exc:
            raise _bad_date(exc, record) from None
        if record.text("task_key") or explicit_due:
            found.append(
                _Candidate(
                    ri,
                    "x",
                    None,
                    0,
                    None,
                    explicit_due,
                    record.text("task_key") or None,
                    record.text("task_title") or None,
                )
            )
            continue
        sources = []
        if record.text("deadline"):
            sources.append(("d", record.text("deadline"), True))
        if record.text("monitoring"):
            sources.append(("m", record.text("monitoring"), False))
        if not record.has_time_columns and record.text("steps"):
            sources.append(("s", record.text("steps"), False))
        for tag, text, loose in sources:
            for item in split_items(text):
                try:
                    specs = find_specs(item.text, frame, loose)
                except ImpossibleDate as exc:
                    raise _bad_date(exc, record) from None
                if tag == "s":  # steps: `สรุปผล…รายเดือน` names a document, not a cadence
                    specs = [sp for sp in specs if not sp.recurring]
                if is_executive_only(item.text):
                    executive.extend(
                        _Candidate(ri, tag, item, i, s)
                        for i, s in enumerate(specs)
                        if not s.recurring and not s.weak
                    )
                    continue
                found.extend(_Candidate(ri, tag, item, i, s) for i, s in enumerate(specs))
    return found, executive


def _dedupe(candidates: list[_Candidate]) -> list[_Candidate]:
    kept: list[_Candidate] = []
    for c in candidates:
        if c.spec is not None and any(
            k.spec is not None
            and (k.record, k.source) != (c.record, c.source)
            and k.spec.kind == c.spec.kind
            and k.spec.dues == c.spec.dues
            for k in kept
        ):
            continue
        kept.append(c)
    return kept


def build_tasks(records: list[RowRecord], frame: FiscalFrame, measure_title: str) -> list[WorkTask]:
    found, executive = _candidates(records, frame)
    found = _dedupe(found)
    strong = [c for c in found if c.spec is None or not c.spec.weak]
    if strong:
        # A weak date stays only as its own numbered item in the column that has the
        # measure's other dates (`๒. … ในปีงบประมาณ ๒๕๖๖` among `๑. … ภายในเดือน…`).
        columns = {(c.record, c.source) for c in strong}
        items = {(c.record, c.source, c.item.index if c.item else -1) for c in strong}
        chosen = [
            c
            for c in found
            if c in strong
            or (
                (c.record, c.source) in columns
                and c.item is not None
                and c.item.number
                and (c.record, c.source, c.item.index) not in items
            )
        ]
    elif executive:
        first = _dedupe(executive)[0]
        chosen = [_Candidate(first.record, first.source, None, first.index, first.spec)]
    else:
        chosen = [c for c in found if c.spec and c.spec.weak][:1]
    tasks: list[WorkTask] = []
    for c in chosen:
        item_key = f"n{c.item.number}" if c.item and c.item.number else f"b{c.item.index if c.item else 0}"
        if c.spec is None:  # an explicit spreadsheet row
            tasks.append(
                WorkTask(
                    key=c.key or f"r{c.record}x",
                    title=c.title or measure_title,
                    due=c.due,
                    record=c.record,
                    item_no=None,
                    series=(c.record, "x"),
                    recurring=False,
                )
            )
            continue
        base = _base_title(c.item, c.spec, measure_title)
        series = (c.record, c.source, item_key, c.index)
        for due in c.spec.dues:
            key = f"r{c.record}{c.source}.{item_key}.{c.index}"
            title = base
            if c.spec.recurring:
                key += f"@{due:%Y%m}"
                check = "ตรวจประจำเดือน " if c.spec.kind == "daily" else ""
                title = f"{base} ({check}{_label(due)})"
            tasks.append(
                WorkTask(
                    key=key,
                    title=title,
                    due=due,
                    record=c.record,
                    item_no=c.item.number if c.item else None,
                    series=series,
                    recurring=c.spec.recurring,
                )
            )
    if not tasks:
        tasks.append(
            WorkTask(
                key="main",
                title=measure_title,
                due=None,
                record=0,
                item_no=None,
                series=("main",),
                recurring=False,
            )
        )
    _distinct_titles(tasks, chosen)
    return tasks


def _distinct_titles(tasks: list[WorkTask], chosen: list[_Candidate]) -> None:
    """Two one-off tasks with the same title (a measure with `๑๕ วัน - ปีละ ๑ ครั้ง`) get
    their due date appended, so the coordinator can tell them apart."""
    seen: dict[str, int] = {}
    for task in tasks:
        seen[task.title] = seen.get(task.title, 0) + 1
    for task in tasks:
        if seen[task.title] > 1 and not task.recurring and task.due:
            task.title = f"{task.title} (ภายใน {task.due.day} {_label(task.due)})"


# ---------------------------------------------------------------------------------------
# Statuses


def _marks(records: list[RowRecord], frame: FiscalFrame) -> tuple[list[_Mark], list[int]]:
    """(marks, lines of done dates written without a day)."""
    marks: list[_Mark] = []
    day_missing: list[int] = []
    for ri, record in enumerate(records):
        for role, status in (
            ("tick_done", "done"),
            ("tick_in_progress", "in_progress"),
            ("tick_not_started", "not_started"),
        ):
            if record.text(role):
                marks.append(_Mark(ri, None, None, status, "explicit"))
                break
        cell_status = status_word(record.text("status")) if record.text("status") else None
        if cell_status:
            marks.append(_Mark(ri, None, None, cell_status, "explicit", scoped=True))
        try:
            done_cell = parse_date_value(record.done_value, frame) if record.done_value else None
        except ImpossibleDate as exc:
            raise _bad_date(exc, record) from None
        if done_cell:
            marks.append(_Mark(ri, None, done_cell, "done", "dated", scoped=True))
        texts = [record.text("result")]
        if not done_cell:
            texts.append(record.text("done_date"))
        for text in texts:
            for item in split_items(text):
                try:
                    dones = find_done(item.text, frame)
                except ImpossibleDate as exc:
                    raise _bad_date(exc, record) from None
                word = status_word(item.text)
                if dones:
                    for d in dones:
                        if d.day_missing:
                            day_missing.append(record.line)
                            marks.append(_Mark(ri, item.number, None, "done", "results"))
                        else:
                            marks.append(_Mark(ri, item.number, d.on, "done", "dated"))
                elif word:
                    # A short cell such as `ดำเนินการแล้ว` is a status; inside a longer
                    # report the same words may be about something else.
                    kind = "explicit" if len(item.text) <= 30 else "results"
                    marks.append(_Mark(ri, item.number, None, word, kind))
                elif len(_LETTERS.findall(item.text)) >= 10 and item.text.strip() != "ไม่มี":
                    marks.append(_Mark(ri, item.number, None, "done", "results"))
    return marks, day_missing


def _set(task: WorkTask, status: str, on: date | None) -> None:
    if task.given and task.status == "done" and status == "done":
        if on and (task.done_on is None or on > task.done_on):
            task.done_on = on
        return
    task.status, task.given = status, True
    task.done_on = on if status == "done" else None


def _period_task(tasks: list[WorkTask], on: date) -> WorkTask | None:
    """The open recurring task whose period (after the previous due, up to its due)
    contains the date."""
    by_series: dict[tuple, list[WorkTask]] = {}
    for task in tasks:
        if task.recurring and task.due:
            by_series.setdefault(task.series, []).append(task)
    for series in by_series.values():
        series.sort(key=lambda t: t.due)
        previous = None
        for task in series:
            if (previous is None or on > previous) and on <= task.due:
                if not task.given:
                    return task
                break
            previous = task.due
    return None


def apply_statuses(tasks: list[WorkTask], records: list[RowRecord], frame: FiscalFrame) -> list[int]:
    """Set statuses from the document; returns lines whose done date lacked a day."""
    marks, day_missing = _marks(records, frame)
    rest: list[_Mark] = []
    for mark in marks:
        numbered = [
            t
            for t in tasks
            if mark.number is not None and t.item_no == mark.number and t.record == mark.record
        ]
        if not numbered:
            rest.append(mark)
            continue
        if mark.on and any(t.recurring for t in numbered):
            target = _period_task(numbered, mark.on)
            if target:
                _set(target, mark.status, mark.on)
            continue
        for task in numbered:
            _set(task, mark.status, mark.on)

    dated = sorted((m for m in rest if m.on), key=lambda m: m.on)
    undated = [m for m in rest if not m.on]
    one_off = [t for t in tasks if not t.recurring]
    for mark in dated:
        pool = [t for t in tasks if not mark.scoped or t.record == mark.record]
        singles = [t for t in pool if not t.recurring]
        if len(singles) == 1 and len(pool) == 1:
            _set(singles[0], "done", mark.on)
            continue
        target = _period_task(pool, mark.on)
        if target is None:
            open_ = [t for t in singles if not t.given]
            later = sorted(
                (t for t in open_ if t.due is None or t.due >= mark.on), key=lambda t: (t.due is None, t.due)
            )
            target = later[0] if later else (max(open_, key=lambda t: t.due or date.max) if open_ else None)
        if target:
            _set(target, "done", mark.on)
    for mark in undated:
        if mark.scoped:
            pool = [t for t in tasks if t.record == mark.record]
        elif mark.kind == "explicit":
            pool = tasks
        else:
            pool = one_off
        for task in pool:
            if not task.given:
                _set(task, mark.status, None)
    return day_missing
