"""Button presses: the postback names the action, the task and a one-time token."""

from __future__ import annotations

from urllib.parse import parse_qs

from handlers.confirm import on_answer
from handlers.context import Context
from handlers.messages import text
from handlers.outcome import Outcome, UserMistake
from handlers.registration import HOW_TO_REGISTER
from handlers.updates import Update, describe, record_update
from models import Task
from models.tokens import use_action_token

INTENT_OF_ACTION = {"done": "done", "progress": "in_progress", "notstarted": "not_started",
                    "problem": "problem"}
CONFIRM = {"done": "✅ บันทึกแล้วครับ", "in_progress": "⏳ บันทึกว่ากำลังดำเนินการแล้วครับ",
           "not_started": "บันทึกแล้วครับ", "problem": "📝 บันทึกปัญหาไว้แล้วครับ"}


def on_postback(ctx: Context) -> Outcome:
    fields = {k: v[0] for k, v in parse_qs(ctx.event.postback_data or "").items()}
    if fields.get("a") in ("yes", "no") and "k" in fields:  # ✅ / ✏️ under a question
        if ctx.sender is None:
            raise UserMistake(HOW_TO_REGISTER)
        return on_answer(ctx, fields["a"], fields["k"])
    intent = INTENT_OF_ACTION.get(fields.get("a", ""))
    if intent is None or "k" not in fields:
        return Outcome()  # not one of our buttons (for instance a rich menu of another tool)
    if ctx.sender is None:
        raise UserMistake(HOW_TO_REGISTER)
    token = use_action_token(ctx.session, ctx.org.id, fields["k"], ctx.now)
    if token is None:
        raise UserMistake("ปุ่มนี้ใช้ไปแล้วหรือหมดอายุแล้วครับ ไม่มีการเปลี่ยนแปลงซ้ำ "
                          "พิมพ์ “งานของฉัน” เพื่อดูสถานะล่าสุด")
    task = ctx.session.get(Task, token.task_id)
    if task is None or str(task.id) != fields.get("t"):
        raise UserMistake("ไม่พบงานของปุ่มนี้แล้วครับ")
    if not ctx.may_change(task.unit_id):
        raise UserMistake(f"งานนี้เป็นของ{task.unit.name} ซึ่งคุณแก้สถานะไม่ได้ครับ")
    update = Update(intent=intent, percent=token.percent,
                    urls=tuple(u for u in token.evidence_urls.splitlines() if u),
                    source="postback")
    record_update(ctx.session, task, update, ctx.sender, ctx.today, ctx.now)
    return Outcome().add(text(f"{CONFIRM[intent]}\n{describe(task)}"), [task.id])
