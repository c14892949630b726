"""Status updates from chat: find the task, check the sender may change it, record it."""

from __future__ import annotations

from handlers.confirm import CONFIDENT, ask_to_confirm
from handlers.context import Context
from handlers.messages import press, text
from handlers.outcome import Outcome, UserMistake
from handlers.recurring import choice_labels
from handlers.registration import HOW_TO_REGISTER
from handlers.resolve import (
    Resolution,
    by_quote,
    by_refs,
    by_sender_open_tasks,
    by_title,
    refs_for_numbers,
)
from handlers.thai.calendar_words import thai_date
from handlers.updates import STATUS_THAI, Update, describe, record_update
from models import Task
from models.tokens import new_action_token, postback_data

CONFIRM_THAI = {
    "done": "✅ บันทึกแล้วครับ",
    "in_progress": "⏳ บันทึกความคืบหน้าแล้วครับ",
    "not_started": "บันทึกแล้วครับ",
    "problem": "📝 บันทึกปัญหาไว้แล้วครับ หัวหน้าหน่วยงานจะได้รับแจ้ง "
               "และปัญหานี้จะอยู่ในสรุปประจำเดือนจนกว่างานจะเสร็จ",
}

ACTION_OF_INTENT = {"done": "done", "in_progress": "progress", "not_started": "notstarted",
                    "problem": "problem"}


def resolve(ctx: Context, parsed) -> Resolution:
    if parsed.refs:
        return by_refs(ctx, list(parsed.refs))
    if parsed.item_numbers and (refs := refs_for_numbers(ctx, parsed.item_numbers)):
        return by_refs(ctx, refs)
    if ctx.event.quoted_message_id:
        quoted = by_quote(ctx, ctx.event.quoted_message_id)
        if quoted is not None:
            return quoted
    if parsed.title_text and len(parsed.title_text) >= 4:
        found = by_title(ctx, parsed.title_text)
        if found.tasks or found.candidates:
            return found
    # A bare "กำลังทำ 50%": the sender's own open items (certain when there is one). In a
    # group this only runs when the bot was spoken to.
    return by_sender_open_tasks(ctx)


def _update(ctx: Context, parsed, part) -> Update:
    return Update(intent=part.intent, percent=part.percent, happened_on=part.date,
                  urls=tuple(parsed.urls), note=ctx.event.text.strip()[:1000],
                  line_message_id=ctx.event.message_id)


def report_update(ctx: Context, parsed) -> Outcome:
    if ctx.sender is None:
        raise UserMistake(HOW_TO_REGISTER)
    if parsed.several:
        return report_parts(ctx, parsed)
    found = resolve(ctx, parsed)
    update = _update(ctx, parsed, parsed)
    if found.tasks and parsed.confidence < CONFIDENT:
        return ask_to_confirm(ctx, [(task, update) for task in found.tasks])
    outcome = Outcome()
    if found.tasks:
        lines = []
        for task in found.tasks:
            record_update(ctx.session, task, update, ctx.sender, ctx.today, ctx.now)
            lines.append(describe(task))
        suffix = f"\nหลักฐาน: {', '.join(parsed.urls)}" if parsed.urls else ""
        outcome.add(text(CONFIRM_THAI[parsed.intent] + "\n" + "\n".join(lines) + suffix),
                    [t.id for t in found.tasks])
    if found.candidates:
        outcome.add(*ask_which(ctx, found.candidates, update))
    if found.forbidden and not found.tasks:
        units = sorted({t.unit.name for t in found.forbidden})
        mine = ", ".join(sorted(m.unit.name for m in ctx.sender.memberships if m.unit)) or "-"
        outcome.add(text(
            f"ข้อนี้เป็นงานของ{' และ'.join(units)} ซึ่งคุณ{ctx.sender.display_name} (หน่วยงาน: "
            f"{mine}) แก้สถานะไม่ได้ครับ หากต้องการแก้ กรุณาแจ้งผู้รับผิดชอบหรือผู้ประสานงาน ITA"))
    if found.already_done and not (found.tasks or found.candidates):
        done = found.already_done[0]
        when = f" เมื่อ {thai_date(done.done_on)}" if done.done_on else ""
        outcome.add(text(f"ข้อนี้บันทึกว่าดำเนินการแล้ว{when} ครับ\n{describe(done)}"),
                    [done.id])
    if found.unknown_refs and not outcome.messages:
        outcome.add(text(f"ไม่พบข้อ {', '.join(found.unknown_refs)} ในแผนปีนี้ครับ "
                         "ลองพิมพ์ “งานของฉัน” เพื่อดูรายการงาน"))
    if not outcome.messages:
        outcome.add(text("ยังไม่ทราบว่าหมายถึงงานข้อไหนครับ กรุณาระบุเลขข้อ เช่น “o12 เสร็จแล้ว”"))
    return outcome


def ask_which(ctx: Context, candidates: list[Task], update: Update) -> tuple[dict, list[int]]:
    """Buttons naming each candidate; the postback carries a one-time token, so a stale or
    repeated tap does nothing twice. The reported percent and links travel with the token."""
    action = ACTION_OF_INTENT[update.intent]
    buttons = []
    for task, label in zip(candidates, choice_labels(candidates), strict=True):
        token = new_action_token(ctx.session, org_id=ctx.org.id, task_id=task.id, action=action,
                                 now=ctx.now, percent=update.percent, evidence_urls=list(update.urls))
        buttons.append(press(label, postback_data(action, task.id, token),
                             display=f"{label} {STATUS_THAI.get(update.intent, '')}".strip()))
    lines = "\n".join(f"• {describe(t)}" for t in candidates)
    message = text(f"หมายถึงงานข้อไหนครับ กดเลือกด้านล่างได้เลย\n{lines}", quick=buttons)
    return message, [t.id for t in candidates]


PART_MARK = {"done": "✅", "in_progress": "⏳", "not_started": "▫️", "problem": "📝"}


def report_parts(ctx: Context, parsed) -> Outcome:
    """A message about several items: each part's status goes to its own items only, all in
    the one transaction of this event, confirmed in one reply. A part that cannot be
    resolved gets its own question with buttons; the rest are recorded."""
    pairs: list[tuple[Task, Update]] = []
    asks: list[tuple[dict, list[int]]] = []
    notes: list[str] = []
    for part in parsed.parts:
        if part.intent not in ACTION_OF_INTENT:
            continue
        found = by_refs(ctx, list(part.refs))
        update = _update(ctx, parsed, part)
        pairs += [(task, update) for task in found.tasks]
        if found.candidates:
            asks.append(ask_which(ctx, found.candidates, update))
        refs = ", ".join(part.refs)
        if found.forbidden:
            units = " และ".join(sorted({t.unit.name for t in found.forbidden}))
            notes.append(f"{refs}: เป็นงานของ{units} คุณแก้สถานะไม่ได้")
        if found.already_done:
            notes.append(f"{', '.join(r for t in found.already_done for r in t.measure.ref_codes)}"
                         ": บันทึกว่าดำเนินการแล้วก่อนหน้านี้")
        if found.unknown_refs:
            notes.append(f"{', '.join(found.unknown_refs)}: ไม่พบในแผนปีนี้")
    if pairs and parsed.confidence < CONFIDENT:
        outcome = ask_to_confirm(ctx, pairs)
    else:
        outcome = Outcome()
        if pairs:
            lines = []
            for task, update in pairs:
                record_update(ctx.session, task, update, ctx.sender, ctx.today, ctx.now)
                lines.append(f"{PART_MARK[update.intent]} {describe(task)}")
            outcome.add(text(f"บันทึกแล้วครับ {len(pairs)} รายการ\n" + "\n".join(lines)),
                        [task.id for task, _ in pairs])
    if notes:
        outcome.add(text("ข้อที่ยังไม่ได้บันทึก:\n" + "\n".join(f"• {n}" for n in notes)))
    for message, task_ids in asks[: 5 - len(outcome.messages)]:
        outcome.add(message, task_ids)
    if not outcome.messages:
        outcome.add(text("ยังไม่ทราบว่าหมายถึงงานข้อไหนครับ กรุณาระบุเลขข้อ เช่น “o12 เสร็จแล้ว”"))
    return outcome
