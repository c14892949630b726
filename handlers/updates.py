"""Changing a task's status, always through an appended StatusChange (the audit trail)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from handlers.thai.calendar_words import thai_date
from models import Person, Problem, Status, StatusChange, Task
from models.problems import resolve_problems

INTENT_STATUS = {
    "done": Status.DONE,
    "in_progress": Status.IN_PROGRESS,
    "not_started": Status.NOT_STARTED,
}

STATUS_THAI = {
    Status.DONE: "ดำเนินการแล้ว",
    Status.IN_PROGRESS: "อยู่ระหว่างดำเนินการ",
    Status.NOT_STARTED: "ยังไม่ดำเนินการ",
}


@dataclass(frozen=True)
class Update:
    """What a person reported about a task, whatever channel it came through."""

    intent: str  # done, in_progress, not_started, problem
    percent: int | None = None
    happened_on: date | None = None
    urls: tuple[str, ...] = ()
    note: str = ""
    source: str = "line"
    line_message_id: str | None = None
    extra: dict = field(default_factory=dict)


def apply_update(task: Task, update: Update, person: Person | None, today: date,
                 now: datetime) -> StatusChange:
    """Record the change and set the task's current state. A problem report keeps the
    status and is kept as a note, because the annual report must list obstacles."""
    before = task.status
    after = INTENT_STATUS.get(update.intent, Status(before) if before else Status.NOT_STARTED)
    if update.intent == "problem" and before == Status.NOT_STARTED:
        after = Status.IN_PROGRESS
    percent = update.percent
    if after == Status.DONE:
        percent = 100
        task.done_on = update.happened_on or today
    else:
        task.done_on = None
    task.status = after
    if percent is not None:
        task.percent = percent
    elif after == Status.NOT_STARTED:
        task.percent = None
    change = StatusChange(
        task=task,
        from_status=before,
        to_status=after,
        percent=percent,
        done_on=task.done_on,
        note=update.note,
        evidence_urls="\n".join(update.urls),
        person_id=person.id if person else None,
        source=update.source,
        line_message_id=update.line_message_id,
        created_at=now,
    )
    return change


def record_update(session: Session, task: Task, update: Update, person: Person | None,
                  today: date, now: datetime) -> StatusChange:
    """Apply and store an update. A problem report also opens a Problem (so digests, status
    answers and the export can list it); finishing the task closes its problems."""
    change = apply_update(task, update, person, today, now)
    session.add(change)
    if update.intent == "problem":
        session.add(Problem(org_id=task.org_id, task_id=task.id,
                            person_id=person.id if person else None,
                            note=update.note or "", created_at=now))
    elif task.status == Status.DONE:
        resolve_problems(session, task.id, now)
    return change


def describe(task: Task) -> str:
    """One line a person reads: 'o12 รายงานผลการดำเนินงาน (กองคลัง) – ดำเนินการแล้ว 20 ต.ค. 2565'."""
    refs = ",".join(task.measure.ref_codes)
    head = f"{refs} " if refs else ""
    state = STATUS_THAI[Status(task.status)]
    if task.status == Status.DONE and task.done_on:
        state += f" {thai_date(task.done_on)}"
    elif task.status == Status.IN_PROGRESS and task.percent:
        state += f" {task.percent}%"
    return f"{head}{short_title(task)} ({task.unit.name}) – {state}"


def short_title(task: Task, limit: int = 60) -> str:
    title = " ".join(task.title.split())
    return title if len(title) <= limit else title[: limit - 1] + "…"
