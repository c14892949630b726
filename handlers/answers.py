"""Answers to questions: how things stand, what is late, what is mine, how to use the bot.

Officers and heads see their own units; executives and coordinators see everything.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rapidfuzz import fuzz, process

from handlers.context import Context
from handlers.evidence import evidence_lines
from handlers.help import help_text
from handlers.messages import say, text
from handlers.outcome import Outcome, UserMistake
from handlers.recurring import group_by_item, open_line
from handlers.registration import HOW_TO_REGISTER
from handlers.thai.calendar_words import thai_date
from handlers.track_record import problem_line, track_record
from handlers.updates import describe
from models import Status, Task, Unit
from models.problems import open_problems
from models.queries import tasks_query

MAX_LINES = 15
QUICK = [say("สถานะ"), say("งานค้าง"), say("งานของฉัน"), say("วิธีใช้")]


def _tasks(ctx: Context, **filters) -> list[Task]:
    fy = ctx.fiscal_year()
    if fy is None:
        return []
    return list(ctx.session.scalars(tasks_query(ctx.org.id, fy.id, **filters)).unique())


def _require_sender(ctx: Context) -> None:
    if ctx.sender is None:
        raise UserMistake(HOW_TO_REGISTER)


def _visible_units(ctx: Context) -> list[int] | None:
    return None if ctx.org_wide else sorted(ctx.unit_ids)


def _summary_line(tasks: list[Task], today) -> str:
    counts = Counter(t.status for t in tasks)
    late = sum(1 for t in tasks if t.status != Status.DONE and t.due_on and t.due_on < today)
    parts = [f"เสร็จ {counts[Status.DONE]}", f"กำลังทำ {counts[Status.IN_PROGRESS]}",
             f"ยังไม่เริ่ม {counts[Status.NOT_STARTED]}"]
    if late:
        parts.append(f"เลยกำหนด {late}")
    return f"{counts[Status.DONE]}/{len(tasks)} งาน (" + " · ".join(parts) + ")"


def _match_unit(ctx: Context, name: str) -> Unit | None:
    units = ctx.units()
    best = process.extractOne(name, {u.id: u.name for u in units}, scorer=fuzz.WRatio,
                              score_cutoff=75)
    return next((u for u in units if best and u.id == best[2]), None)


def status(ctx: Context, parsed) -> Outcome:
    _require_sender(ctx)
    if parsed.refs:
        return _status_of_items(ctx, list(parsed.refs))
    if parsed.unit:
        unit = _match_unit(ctx, parsed.unit)
        if unit is None:
            raise UserMistake(f"ไม่พบหน่วยงาน “{parsed.unit}” ในระบบครับ")
        if not ctx.may_see(unit.id):
            raise UserMistake(f"ขออภัยครับ คุณดูรายละเอียดได้เฉพาะหน่วยงานของตนเอง "
                              f"(ขอดู{unit.name} ได้จากหัวหน้าหรือผู้บริหาร)")
        return _status_of_unit(ctx, unit)
    tasks = _tasks(ctx, unit_ids=_visible_units(ctx), indicator=parsed.indicator)
    if not tasks:
        return Outcome().add(text("ยังไม่มีงานในแผนปีนี้ครับ", quick=QUICK))
    title = f"ตัวชี้วัดที่ {parsed.indicator}" if parsed.indicator else "ภาพรวม"
    by_unit: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        by_unit[task.unit.name].append(task)
    lines = [f"📊 {title} ณ {thai_date(ctx.today)}", _summary_line(tasks, ctx.today), ""]
    lines += [f"• {name}: {_summary_line(ts, ctx.today)}" for name, ts in sorted(by_unit.items())]
    return Outcome().add(text("\n".join(lines), quick=QUICK))


def _status_of_unit(ctx: Context, unit: Unit) -> Outcome:
    tasks = _tasks(ctx, unit_ids=[unit.id])
    lines = [f"📊 {unit.name} ณ {thai_date(ctx.today)}", _summary_line(tasks, ctx.today)]
    open_tasks = [t for t in tasks if t.status != Status.DONE]
    if open_tasks:
        groups = group_by_item(open_tasks)
        lines += ["", "งานที่ยังไม่เสร็จ:"] + [open_line(g, ctx.today) for g in groups[:MAX_LINES]]
        if len(groups) > MAX_LINES:
            lines.append(f"…และอีก {len(groups) - MAX_LINES} รายการ")
    problems = open_problems(ctx.session, [t.id for t in tasks])
    if problems:
        lines += ["", "ปัญหาที่แจ้งไว้:"]
        for task in tasks:
            lines += [f"• {problem_line(task.measure.ref_codes, p.note, _person(p), p.created_at, ctx.tz)}"
                      for p in problems.get(task.id, [])]
    return Outcome().add(text("\n".join(lines), quick=QUICK), [t.id for t in open_tasks[:1]])


def _person(problem) -> str:
    return problem.person.display_name if problem.person else ""


def _status_of_items(ctx: Context, refs: list[str]) -> Outcome:
    tasks = [t for t in _tasks(ctx, refs=refs) if ctx.may_see(t.unit_id)]
    if not tasks:
        return Outcome().add(text(f"ไม่พบข้อ {', '.join(refs)} ในงานที่คุณดูได้ครับ"))
    # For recurring work show the current or next period rather than every month.
    shown: dict[tuple[int, int], Task] = {}
    for task in tasks:
        key = (task.measure_id, task.unit_id)
        current = shown.get(key)
        if current is None or (current.status == Status.DONE and task.status != Status.DONE):
            shown[key] = task
    lines = []
    for task in shown.values():
        lines.append(describe(task) + _due_suffix(task, ctx))
        lines += track_record(ctx.session, task, ctx.tz)
    lines = lines[:MAX_LINES]
    lines += evidence_lines(ctx, tasks)  # files people sent as proof, with download links
    return Outcome().add(text("\n".join(lines), quick=QUICK),
                         [t.id for t in shown.values()][:1])


def _due_suffix(task: Task, ctx: Context) -> str:
    if task.status == Status.DONE or not task.due_on:
        return ""
    late = " ⚠️ เลยกำหนด" if task.due_on < ctx.today else ""
    return f" · กำหนด {thai_date(task.due_on)}{late}"


def _due_line(task: Task, ctx: Context) -> str:
    refs = ",".join(task.measure.ref_codes)
    due = f"{thai_date(task.due_on)}" if task.due_on else "ไม่ระบุกำหนด"
    late = " ⚠️" if task.due_on and task.due_on < ctx.today else ""
    return f"• {refs + ' ' if refs else ''}{task.title[:50]} – {due}{late}"


def outstanding(ctx: Context, parsed) -> Outcome:
    _require_sender(ctx)
    tasks = _tasks(ctx, unit_ids=_visible_units(ctx), open_only=True)
    late = [t for t in tasks if t.due_on and t.due_on < ctx.today]
    if not tasks:
        return Outcome().add(text("ไม่มีงานค้างครับ 🎉", quick=QUICK))
    lines = [f"งานที่ยังไม่เสร็จ {len(tasks)} งาน เลยกำหนด {len(late)} งาน"]
    by_unit: dict[str, list[Task]] = defaultdict(list)
    for task in late or tasks:
        by_unit[task.unit.name].append(task)
    shown = 0
    for name, unit_tasks in sorted(by_unit.items()):
        groups = group_by_item(unit_tasks)  # a monthly item's late months on one line
        lines.append(f"\n{name} ({len(unit_tasks)})")
        for group in groups[:5]:
            lines.append(open_line(group, ctx.today))
            shown += 1
        if len(groups) > 5:
            lines.append(f"…และอีก {len(groups) - 5} รายการ")
    return Outcome().add(text("\n".join(lines), quick=QUICK))


def my_tasks(ctx: Context, parsed) -> Outcome:
    _require_sender(ctx)
    if ctx.org_wide and not ctx.unit_ids:
        return outstanding(ctx, parsed)
    tasks = _tasks(ctx, unit_ids=sorted(ctx.unit_ids), open_only=True)
    if not tasks:
        return Outcome().add(text("ตอนนี้ไม่มีงานค้างของหน่วยงานคุณครับ 🎉", quick=QUICK))
    groups = group_by_item(tasks)
    lines = [f"งานของคุณ{ctx.sender.display_name} ที่ยังไม่เสร็จ {len(groups)} รายการ (เรียงตามกำหนด)"]
    lines += [open_line(g, ctx.today) for g in groups[:MAX_LINES]]
    if len(groups) > MAX_LINES:
        lines.append(f"…และอีก {len(groups) - MAX_LINES} รายการ")
    lines.append("\nรายงานได้เลย เช่น “o12 เสร็จแล้ว” หรือ “o12 ได้ 50%”")
    return Outcome().add(text("\n".join(lines), quick=QUICK), [t.id for t in tasks[:1]])


def help_(ctx: Context, parsed) -> Outcome:
    return Outcome().add(text(help_text(ctx.roles, ctx.event.in_group), quick=QUICK))
