"""What a person asking about an item wants besides its status: who reported it, when,
the evidence links, and any problem still open. Read from the audit trail
(StatusChange) and the Problem rows, so the answer matches what the report will cite."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.thai.calendar_words import thai_date
from models import Person, Problem, StatusChange, Task
from models.problems import open_problems

MAX_LINKS = 3


def _day(moment: datetime, tz: ZoneInfo) -> str:
    return thai_date(moment.astimezone(tz).date())


def _name(person: Person | None) -> str:
    return f"คุณ{person.display_name}" if person and person.display_name else "ไม่ทราบชื่อ"


def track_record(session: Session, task: Task, tz: ZoneInfo) -> list[str]:
    """Indented lines under an item's status line: reporter and date, evidence, problems."""
    changes = session.scalars(select(StatusChange).where(StatusChange.task_id == task.id)
                              .order_by(StatusChange.id.desc())).all()
    lines = []
    if changes:
        last = changes[0]
        person = session.get(Person, last.person_id) if last.person_id else None
        lines.append(f"  รายงานโดย {_name(person)} เมื่อ {_day(last.created_at, tz)}")
    links: list[str] = []
    for change in changes:
        links += [u for u in change.urls if u not in links]
    if links:
        lines.append("  หลักฐาน: " + " ".join(links[:MAX_LINKS]))
    elif changes:
        lines.append("  หลักฐาน: ยังไม่มีลิงก์ (แนบได้ เช่น “o12 เสร็จแล้ว https://…”)")
    lines += problem_lines(open_problems(session, [task.id]).get(task.id, []), tz)
    return lines


def problem_lines(problems: list[Problem], tz: ZoneInfo, indent: str = "  ") -> list[str]:
    return [f"{indent}⚠️ ปัญหา: {_short(p.note)} ({_name(p.person)} {_day(p.created_at, tz)})"
            for p in problems]


def problem_line(refs: list[str], note: str, who: str, at: datetime, tz: ZoneInfo) -> str:
    """'o14 ติดปัญหา รอข้อมูลจากกองช่าง – สมศรี ใจดี (4 ธ.ค. 2569)' for lists of several items:
    the note already names the item when it was typed so; the code is added when it does not."""
    note = _short(note, 90)
    if refs and not note.lower().startswith(refs[0].lower()):
        note = f"{','.join(refs)} {note}"
    who = f" – {who}" if who else ""
    return f"{note}{who} ({_day(at, tz)})"


def _short(note: str, limit: int = 80) -> str:
    note = " ".join(note.split()) or "ไม่ระบุรายละเอียด"
    return note if len(note) <= limit else note[: limit - 1] + "…"
