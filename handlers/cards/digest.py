"""Monthly digests for heads and executives, and the escalation notes between them.

Plain text (one message each, well under LINE's 5,000 characters): a digest is read
once, top to bottom, and a text message is the cheapest thing to forward to a meeting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from handlers.thai.calendar_words import BE_OFFSET, MONTH_FULL, month_span, thai_date

MAX_LINES = 8
MAX_TEXT = 5000


@dataclass(frozen=True)
class Counts:
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0  # of the open ones, how many are past their due date

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.not_started

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.done + other.done, self.in_progress + other.in_progress,
                      self.not_started + other.not_started, self.overdue + other.overdue)

    def line(self) -> str:
        text = (f"เสร็จแล้ว {self.done} · กำลังทำ {self.in_progress} · "
                f"ยังไม่เริ่ม {self.not_started}")
        if self.overdue:
            text += f" · เลยกำหนด {self.overdue}"
        return text + f" (รวม {self.total})"

    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class TaskLine:
    """A task named in a digest."""

    title: str
    refs: tuple[str, ...]
    unit_name: str
    due_on: date | None
    status: str = "not_started"
    overdue_days: int = 0
    item: int | None = None  # the measure: a recurring item's periods share it
    item_title: str = ""

    def name(self, limit: int = 70, title: str | None = None) -> str:
        title = " ".join((title or self.title).split())
        if len(title) > limit:
            title = title[: limit - 1] + "…"
        return f"{' '.join(self.refs)} {title}".strip()


@dataclass(frozen=True)
class Change:
    """What happened to a task last month (from its StatusChange rows)."""

    task: TaskLine
    to_status: str
    on: date


STATUS_THAI = {"done": "เสร็จแล้ว", "in_progress": "กำลังดำเนินการ",
               "not_started": "ยังไม่เริ่ม"}


def month_name(first: date) -> str:
    return f"{MONTH_FULL[first.month]} {first.year + BE_OFFSET}"


def _bullets(lines: Sequence[str], limit: int = MAX_LINES) -> list[str]:
    out = [f"• {line}" for line in lines[:limit]]
    if len(lines) > limit:
        out.append(f"  และอีก {len(lines) - limit} รายการ")
    return out


def _fit(text: str) -> dict:
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return {"type": "text", "text": text}


def _overdue_line(t: TaskLine, with_unit: bool) -> str:
    unit = f" — {t.unit_name}" if with_unit else ""
    due = f" กำหนด {thai_date(t.due_on)}" if t.due_on else ""
    return f"{t.name()}{unit} (เลย {t.overdue_days} วันทำการ,{due})"


def overdue_lines(tasks: Sequence[TaskLine], with_unit: bool) -> list[str]:
    """One line per item and unit: a monthly item three months behind is one line
    ("ค้าง ต.ค.–ธ.ค. 3 งวด"), not three, so a long list stays readable."""
    groups: dict[tuple, list[TaskLine]] = {}
    for t in tasks:
        key = (t.item, t.unit_name) if t.item is not None else (id(t),)
        groups.setdefault(key, []).append(t)
    lines = []
    for group in groups.values():
        if len(group) == 1:
            lines.append(_overdue_line(group[0], with_unit))
            continue
        first = group[0]
        unit = f" — {first.unit_name}" if with_unit else ""
        months = month_span(sorted(t.due_on for t in group if t.due_on))
        worst = max(t.overdue_days for t in group)
        lines.append(f"{first.name(title=first.item_title or None)}{unit} "
                     f"(ค้าง {months} {len(group)} งวด, เลยนานสุด {worst} วันทำการ)")
    return lines


@dataclass(frozen=True)
class UnitDigest:
    unit_name: str
    counts: Counts
    changes: Sequence[Change] = ()
    due_this_month: Sequence[TaskLine] = ()
    escalated: Sequence[TaskLine] = ()
    problems: Sequence[str] = ()  # open problems, one line each ("o14 … – คุณสมศรี 4 ธ.ค.")


def covers_line(covered: tuple[date, date] | None, as_of: date | None) -> list[str]:
    """Which period a digest counts: changes made from the first to the last day of the
    past month (each change is counted in exactly one digest), status as of today."""
    if covered is None:
        return []
    start, end = covered
    line = f"ช่วงที่สรุป: {start.day}–{thai_date(end, short=False)}"
    if as_of:
        line += f" · สถานะ ณ {thai_date(as_of)}"
    return [line]


def _problem_block(problems: Sequence[str], limit: int = MAX_LINES) -> list[str]:
    if not problems:
        return []
    return [f"🚧 ปัญหาอุปสรรคที่แจ้งไว้ {len(problems)} รายการ:", *_bullets(problems, limit)]


def head_digest(month: date, units: Sequence[UnitDigest], escalate_after: int,
                covered: tuple[date, date] | None = None, as_of: date | None = None) -> dict:
    """The head's monthly digest: each unit they lead, how it stands, what moved last
    month, what falls due this month, what is long overdue and what problems are open."""
    lines = [f"📊 สรุปงาน ITA ประจำเดือน{month_name(month)}", *covers_line(covered, as_of)]
    for unit in units:
        lines += ["", f"【{unit.unit_name}】", unit.counts.line()]
        done = [c for c in unit.changes if c.to_status == "done"]
        started = [c for c in unit.changes if c.to_status == "in_progress"]
        if unit.changes:
            lines.append(f"เดือนที่ผ่านมา: เสร็จเพิ่ม {len(done)} · เริ่มดำเนินการ {len(started)}")
            lines += _bullets([f"{c.task.name()} ({STATUS_THAI.get(c.to_status, c.to_status)} "
                               f"{thai_date(c.on)})" for c in done + started])
        else:
            lines.append("เดือนที่ผ่านมา: ยังไม่มีการอัปเดตสถานะ")
        if unit.due_this_month:
            lines.append(f"ครบกำหนดเดือนนี้ {len(unit.due_this_month)} รายการ:")
            lines += _bullets([f"{t.name()} (กำหนด {thai_date(t.due_on)})"
                               for t in unit.due_this_month if t.due_on])
        if unit.escalated:
            late = overdue_lines(unit.escalated, False)
            lines.append(f"⚠️ เลยกำหนดเกิน {escalate_after} วันทำการ {len(late)} รายการ:")
            lines += _bullets(late)
        lines += _problem_block(unit.problems)
    lines += ["", "ขอบคุณที่ช่วยติดตามงานครับ พิมพ์ “สถานะ” เพื่อดูรายละเอียดล่าสุด"]
    return _fit("\n".join(lines))


def executive_digest(month: date, org_name: str, by_unit: Sequence[tuple[str, Counts]],
                     by_indicator: Sequence[tuple[str, Counts]],
                     escalated: Sequence[TaskLine], escalate_after: int,
                     chart_url: str | None, covered: tuple[date, date] | None = None,
                     as_of: date | None = None, problems: Sequence[str] = ()) -> list[dict]:
    """The executives' monthly view of the whole organization, with one chart."""
    total = sum((c for _, c in by_unit), Counts())
    title = f"📊 ภาพรวมมาตรการ ITA {org_name}".rstrip()
    lines = [title, f"ประจำเดือน{month_name(month)}", *covers_line(covered, as_of),
             f"ทั้งหมด: {total.line()} · เสร็จ {total.percent_done()}%", "", "รายหน่วยงาน:"]
    lines += [f"• {name}: เสร็จ {c.done}/{c.total}" + (f" · เลยกำหนด {c.overdue}" if c.overdue
                                                        else "") for name, c in by_unit]
    if by_indicator:
        lines += ["", "รายตัวชี้วัด:"]
        lines += [f"• {label}: เสร็จ {c.done}/{c.total}" for label, c in by_indicator]
    if escalated:
        late = overdue_lines(escalated, True)
        lines += ["", f"⚠️ เลยกำหนดเกิน {escalate_after * 2} วันทำการ {len(late)} รายการ:"]
        lines += _bullets(late, 12)
    else:
        lines += ["", "ไม่มีงานที่เลยกำหนดนานเกินเกณฑ์ 👍"]
    if problems:
        lines += ["", *_problem_block(problems, 12)]
    messages = [_fit("\n".join(lines))]
    if chart_url:
        messages.append({"type": "image", "originalContentUrl": chart_url,
                         "previewImageUrl": chart_url})
    return messages


def escalation_note(role: str, items: Sequence[TaskLine], working_days: int) -> dict:
    """Between digests: items that have just crossed the line. `role` is head or
    executive (executives see the unit of each item)."""
    who = "ของหน่วยงานท่าน" if role == "head" else "ในองค์กร"
    late = overdue_lines(items, role != "head")
    lines = [f"⚠️ งาน ITA {who}ที่เลยกำหนดเกิน {working_days} วันทำการ {len(late)} รายการ"]
    lines += _bullets(late, 12)
    lines += ["", "ฝากช่วยติดตามกับผู้รับผิดชอบด้วยครับ"]
    return _fit("\n".join(lines))
