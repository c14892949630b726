"""Unsent messages: when someone takes back the message that recorded an update, ask them
in 1:1 chat whether to undo it. History is never deleted: undoing appends a StatusChange
that restores the state before, and keeping it changes nothing.

When the unsent message is a photo or file attached as evidence, it is withdrawn at once
(the sender took it back; the official record must not show it): the evidence row stays,
marked withdrawn, as the record that it was sent and taken back; its bytes are deleted from
storage after the commit; and the sender is told in 1:1 chat."""

from __future__ import annotations

from urllib.parse import parse_qs

from sqlalchemy import select

from handlers.context import Context
from handlers.evidence import KIND_THAI, item_name
from handlers.messages import press, text
from handlers.outcome import Outcome, UserMistake, silence
from handlers.updates import STATUS_THAI, describe
from models import Evidence, Status, StatusChange, Task
from models.tokens import new_action_token, postback_data, use_action_token


def on_unsend(ctx: Context) -> Outcome:
    if ctx.sender is None or not ctx.event.unsent_message_id:
        return silence()
    outcome = Outcome(to=ctx.sender.line_user_id)
    _withdraw_evidence(ctx, outcome)
    changes = ctx.session.scalars(
        select(StatusChange).where(StatusChange.line_message_id == ctx.event.unsent_message_id,
                                   StatusChange.person_id == ctx.sender.id)
        .order_by(StatusChange.id)).all()
    changes = [c for c in changes if c.task.org_id == ctx.org.id]
    if not changes:
        return outcome  # silent unless a file was withdrawn: nothing else depends on it
    for change in changes[:4]:
        task = change.task
        undo = new_action_token(ctx.session, org_id=ctx.org.id, task_id=task.id, action="undo",
                                now=ctx.now)
        keep = new_action_token(ctx.session, org_id=ctx.org.id, task_id=task.id, action="keep",
                                now=ctx.now)
        before = STATUS_THAI.get(Status(change.from_status)) if change.from_status else "ยังไม่ดำเนินการ"
        outcome.add(text(
            f"คุณยกเลิกการส่งข้อความที่ใช้รายงานงานข้อ {item_name(task)} ครับ\n{describe(task)}\n"
            f"ต้องการย้อนสถานะกลับเป็น “{before}” ไหมครับ",
            quick=[press("ย้อนกลับ", postback_data("undo", task.id, undo) + f"&c={change.id}",
                         display="ย้อนการบันทึก"),
                   press("คงไว้ตามเดิม", postback_data("keep", task.id, keep) + f"&c={change.id}",
                         display="คงไว้ตามเดิม")]),
            [task.id])
    return outcome


def _withdraw_evidence(ctx: Context, outcome: Outcome) -> None:
    """The unsent message was a photo or file of the sender's: no longer evidence."""
    rows = ctx.session.scalars(
        select(Evidence).where(Evidence.org_id == ctx.org.id,
                               Evidence.line_message_id == ctx.event.unsent_message_id,
                               Evidence.person_id == ctx.sender.id,
                               Evidence.withdrawn_at.is_(None))).all()
    for row in rows:
        row.withdrawn_at = ctx.now
        if row.storage_key and ctx.drop_content is not None:
            ctx.drop_content(row.storage_key)
        if row.task is None:
            continue  # never attached (it waited for its item): nothing to tell
        kind = KIND_THAI.get(row.kind, "ไฟล์")
        what = f"{kind} “{row.file_name}” " if row.file_name else kind
        outcome.add(text(f"คุณยกเลิกการส่ง{what}ที่แนบเป็นหลักฐานของงานข้อ {item_name(row.task)} "
                         "จึงนำออกจากหลักฐานแล้วครับ"), [row.task_id])


def _fields(ctx: Context) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(ctx.event.postback_data or "").items()}


def _spend(ctx: Context) -> tuple[Task, StatusChange]:
    fields = _fields(ctx)
    token = use_action_token(ctx.session, ctx.org.id, fields.get("k", ""), ctx.now)
    change = ctx.session.get(StatusChange, int(fields["c"])) if fields.get("c", "").isdigit() else None
    if token is None or change is None or ctx.sender is None or change.task_id != token.task_id \
            or change.person_id != ctx.sender.id:
        raise UserMistake("ปุ่มนี้ใช้ไปแล้วหรือหมดอายุแล้วครับ ไม่มีการเปลี่ยนแปลง")
    return change.task, change


def on_undo(ctx: Context) -> Outcome:
    task, change = _spend(ctx)
    latest = ctx.session.scalar(select(StatusChange.id).where(StatusChange.task_id == task.id)
                                .order_by(StatusChange.id.desc()).limit(1))
    if latest != change.id:
        raise UserMistake(f"งานข้อ {item_name(task)} มีการบันทึกใหม่หลังจากนั้นแล้ว "
                          "จึงไม่ได้ย้อนให้ครับ\n" + describe(task))
    previous = ctx.session.scalar(
        select(StatusChange).where(StatusChange.task_id == task.id, StatusChange.id < change.id)
        .order_by(StatusChange.id.desc()).limit(1))
    restored = Status(change.from_status or Status.NOT_STARTED)
    task.status = restored
    task.percent = previous.percent if previous else None
    task.done_on = previous.done_on if previous and restored == Status.DONE else None
    ctx.session.add(StatusChange(
        task=task, from_status=change.to_status, to_status=restored, percent=task.percent,
        done_on=task.done_on, note=f"ย้อนการบันทึก #{change.id} เพราะผู้บันทึกยกเลิกข้อความ",
        person_id=ctx.sender.id, source="unsend", created_at=ctx.now))
    return Outcome().add(text(f"↩️ ย้อนกลับแล้วครับ\n{describe(task)}"), [task.id])


def on_keep(ctx: Context) -> Outcome:
    task, _ = _spend(ctx)
    return Outcome().add(text(f"คงการบันทึกไว้ตามเดิมครับ\n{describe(task)}"), [task.id])
