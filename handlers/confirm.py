"""Ask before recording when the reading of a message is unsure: "หมายถึงรายงานว่า o12
เสร็จแล้วใช่ไหมครับ" with ✅ ใช่ / ✏️ ไม่ใช่.

A wrong update corrupts an official record; a question costs one tap. Each update the
message would make gets a one-time token holding its task, status, percent and the day the
message gave (so "เสร็จตั้งแต่วันที่ 10" confirmed on the 16th records the 10th); ✅ spends
them all and records, ✏️ spends them and records nothing, so a later tap changes nothing.
"""

from __future__ import annotations

from handlers.context import Context
from handlers.messages import press, text
from handlers.outcome import Outcome, UserMistake
from handlers.updates import Update, describe, record_update
from models import Task
from models.tokens import new_action_token, use_action_token

# Below this confidence the parser's reading of an update is confirmed before it is recorded.
CONFIDENT = 0.7

ACTION_OF_INTENT = {"done": "done", "in_progress": "progress", "not_started": "notstarted",
                    "problem": "problem"}
INTENT_OF_ACTION = {action: intent for intent, action in ACTION_OF_INTENT.items()}
SAYS = {"done": "เสร็จแล้ว", "in_progress": "กำลังดำเนินการ", "not_started": "ยังไม่ได้เริ่ม",
        "problem": "ติดปัญหา"}
# Postback data is capped at 300 characters; a token is 16.
MAX_TOKENS = 15


def _claim(task: Task, update: Update) -> str:
    refs = ",".join(task.measure.ref_codes) or task.title[:30]
    percent = f" {update.percent}%" if update.percent is not None and update.intent != "done" else ""
    return f"{refs} {SAYS[update.intent]}{percent}"


def ask_to_confirm(ctx: Context, pairs: list[tuple[Task, Update]]) -> Outcome:
    """One question naming every update the message would make, with ✅ and ✏️ buttons."""
    pairs = pairs[:MAX_TOKENS]
    tokens = [
        new_action_token(ctx.session, org_id=ctx.org.id, task_id=task.id,
                         action=ACTION_OF_INTENT[update.intent], now=ctx.now,
                         percent=update.percent, evidence_urls=list(update.urls),
                         happened_on=update.happened_on)
        for task, update in pairs
    ]
    keys = ".".join(tokens)
    if len(pairs) == 1:
        body = f"หมายถึงรายงานว่า {_claim(*pairs[0])} ใช่ไหมครับ\n{describe(pairs[0][0])}"
    else:
        lines = "\n".join(f"• {_claim(task, update)}" for task, update in pairs)
        body = f"หมายถึงรายงานว่า\n{lines}\nใช่ไหมครับ"
    buttons = [press("✅ ใช่", f"a=yes&k={keys}", display="ใช่"),
               press("✏️ ไม่ใช่", f"a=no&k={keys}", display="ไม่ใช่")]
    return Outcome().add(text(body, quick=buttons), [task.id for task, _ in pairs])


def on_answer(ctx: Context, answer: str, keys: str) -> Outcome:
    """✅ records every update the tokens hold; ✏️ spends them and records nothing."""
    tokens = [use_action_token(ctx.session, ctx.org.id, key, ctx.now) for key in keys.split(".")]
    tokens = [t for t in tokens if t is not None]
    if not tokens:
        raise UserMistake("ปุ่มนี้ใช้ไปแล้วหรือหมดอายุแล้วครับ ไม่มีการเปลี่ยนแปลงซ้ำ "
                          "พิมพ์ “งานของฉัน” เพื่อดูสถานะล่าสุด")
    if answer == "no":
        return Outcome().add(text("ไม่บันทึกครับ พิมพ์ใหม่ได้เลย เช่น “o12 เสร็จแล้ว” "
                                  "หรือ “o12 ได้ 50%”"))
    lines, task_ids = [], []
    for token in tokens:
        task = ctx.session.get(Task, token.task_id)
        if task is None or not ctx.may_change(task.unit_id):
            continue
        update = Update(intent=INTENT_OF_ACTION[token.action], percent=token.percent,
                        urls=tuple(u for u in token.evidence_urls.splitlines() if u),
                        happened_on=token.happened_on, source="postback")
        record_update(ctx.session, task, update, ctx.sender, ctx.today, ctx.now)
        lines.append(describe(task))
        task_ids.append(task.id)
    if not lines:
        raise UserMistake("งานนี้ไม่ใช่งานที่คุณแก้สถานะได้ครับ")
    return Outcome().add(text("✅ บันทึกแล้วครับ\n" + "\n".join(lines)), task_ids)
