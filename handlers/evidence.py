"""Photos, files and videos as evidence: which task a file proves, and attaching it.

A file is attached when it is clearly about one task: (a) it quotes one of our messages
about that task, (b) in 1:1 chat it follows the sender's own update within ten minutes, or
(c) the sender's next text names the item ("o12"). Otherwise, in 1:1 chat, the bot asks
with buttons; in a group it waits quietly for (c). Nothing is downloaded until the task is
known, and a refused file (type, size) is never stored.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs

from sqlalchemy import select

from evidence.intake import Refused, check_before_fetch
from evidence.links import new_link
from handlers.context import Context
from handlers.messages import press, text
from handlers.outcome import Outcome, UserMistake, silence
from handlers.registration import HOW_TO_REGISTER
from handlers.resolve import by_refs
from handlers.thai.calendar_words import thai_date
from handlers.updates import short_title
from models import Evidence, SentMessage, StatusChange, Task
from models.queries import tasks_query
from models.tokens import new_action_token, postback_data, use_action_token

MEDIA_TYPES = frozenset({"image", "file", "video"})
AFTER_UPDATE = timedelta(minutes=10)  # (b): a file this soon after one's own update
WAITS_FOR_CODE = timedelta(minutes=10)  # (c): how long a file waits for its item code
MAX_BUTTONS = 5
KIND_THAI = {"image": "รูป", "file": "ไฟล์", "video": "วิดีโอ"}


def item_name(task: Task) -> str:
    return ",".join(task.measure.ref_codes) or short_title(task, 30)


def on_media(ctx: Context) -> Outcome:
    """An image, file or video arrived."""
    event = ctx.event
    if ctx.sender is None:
        return silence() if event.in_group else Outcome().add(text(HOW_TO_REGISTER))
    quoted = _quoted_tasks(ctx) if event.quoted_message_id else None
    if event.in_group and quoted is None:
        try:
            check_before_fetch(event.message_type, event.file_name, event.file_size)
        except Refused:
            return silence()  # a group's everyday photos and files are not ours to judge
        _remember(ctx)  # (c) may still name it; nothing is downloaded meanwhile
        return silence()
    try:
        check_before_fetch(event.message_type, event.file_name, event.file_size)
    except Refused as refused:
        return Outcome().add(text(refused.thai_message))
    if quoted is not None:
        targets = quoted
    elif not event.in_group:
        targets = _recently_updated(ctx)
    else:
        targets = []
    pending = _remember(ctx)
    if len(targets) == 1:
        return attach(ctx, pending, targets[0])
    return ask_which(ctx, pending, targets or _open_tasks(ctx))


def _remember(ctx: Context) -> Evidence:
    event = ctx.event
    row = Evidence(org_id=ctx.org.id, person_id=ctx.sender.id, chat_id=event.chat_id,
                   line_message_id=event.message_id or "", kind=event.message_type,
                   file_name=(event.file_name or None) and event.file_name[:255],
                   size=event.file_size, received_at=ctx.now)
    ctx.session.add(row)
    ctx.session.flush()
    return row


def _changeable(ctx: Context, tasks) -> list[Task]:
    return [t for t in tasks if t is not None and ctx.may_change(t.unit_id)]


def _quoted_tasks(ctx: Context) -> list[Task] | None:
    """(a): the tasks of the quoted message when it is ours; a done task is fine (proof
    usually follows "เสร็จแล้ว"). None when the quote is not one of our messages."""
    task_ids = ctx.session.scalars(select(SentMessage.task_id).where(
        SentMessage.org_id == ctx.org.id,
        SentMessage.line_message_id == ctx.event.quoted_message_id)).all()
    if not task_ids:
        return None
    return _changeable(ctx, (ctx.session.get(Task, tid) for tid in dict.fromkeys(task_ids) if tid))


def _recently_updated(ctx: Context) -> list[Task]:
    """(b): tasks the sender updated in the last ten minutes, newest first."""
    changes = ctx.session.scalars(
        select(StatusChange).where(StatusChange.person_id == ctx.sender.id,
                                   StatusChange.created_at >= ctx.now - AFTER_UPDATE)
        .order_by(StatusChange.id.desc())).all()
    if not changes:
        return []
    newest = changes[0]
    same = [c for c in changes if newest.line_message_id
            and c.line_message_id == newest.line_message_id] or [newest]
    return _changeable(ctx, dict.fromkeys(c.task for c in same))


def _open_tasks(ctx: Context) -> list[Task]:
    fy = ctx.fiscal_year()
    if fy is None or ctx.org_wide:
        return []
    query = tasks_query(ctx.org.id, fy.id, unit_ids=sorted(ctx.unit_ids), open_only=True)
    return list(ctx.session.scalars(query).unique())[:MAX_BUTTONS]


def attach(ctx: Context, pending: Evidence, task: Task) -> Outcome:
    """Download the file now that its task is known, store it, and say so in one line."""
    if ctx.store_content is None:
        raise UserMistake("ตอนนี้ยังเก็บไฟล์หลักฐานไม่ได้ครับ กรุณาลองใหม่ภายหลัง")
    try:
        expected = check_before_fetch(pending.kind, pending.file_name, pending.size)
        stored = ctx.store_content(pending.line_message_id, expected)
    except Refused as refused:
        raise UserMistake(refused.thai_message) from None
    except LookupError:
        raise UserMistake("ดึงไฟล์นี้จาก LINE ไม่ได้แล้วครับ กรุณาส่งใหม่อีกครั้ง") from None
    pending.task_id, pending.attached_at = task.id, ctx.now
    pending.storage_key, pending.sha256 = stored.key, stored.sha256
    pending.size, pending.content_type = stored.size, stored.content_type
    pending.status_change_id = ctx.session.scalar(
        select(StatusChange.id).where(StatusChange.task_id == task.id,
                                      StatusChange.person_id == pending.person_id,
                                      StatusChange.created_at >= ctx.now - AFTER_UPDATE)
        .order_by(StatusChange.id.desc()).limit(1))
    return Outcome().add(text(f"แนบหลักฐานให้ {item_name(task)} แล้วครับ"), [task.id])


def ask_which(ctx: Context, pending: Evidence, candidates: list[Task]) -> Outcome:
    kind = KIND_THAI.get(pending.kind, "ไฟล์")
    if not candidates:
        return Outcome().add(text(f"ได้รับ{kind}แล้วครับ เป็นหลักฐานของงานข้อไหน "
                                  "พิมพ์เลขข้อได้เลย เช่น “o12”"))
    buttons = []
    for task in candidates[:MAX_BUTTONS]:
        token = new_action_token(ctx.session, org_id=ctx.org.id, task_id=task.id,
                                 action="attach", now=ctx.now)
        label = f"{item_name(task)} {short_title(task, 12)}"
        data = postback_data("attach", task.id, token) + f"&e={pending.id}"
        buttons.append(press(label, data, display=f"แนบกับ {item_name(task)}"))
    return Outcome().add(text(f"ได้รับ{kind}แล้วครับ เป็นหลักฐานของงานข้อไหน กดเลือกด้านล่าง "
                              "หรือพิมพ์เลขข้อ เช่น “o12”", quick=buttons),
                         [t.id for t in candidates[:MAX_BUTTONS]])


def on_attach_choice(ctx: Context) -> Outcome:
    """A tap on one of ask_which's buttons."""
    fields = {k: v[0] for k, v in parse_qs(ctx.event.postback_data or "").items()}
    if ctx.sender is None:
        raise UserMistake(HOW_TO_REGISTER)
    token = use_action_token(ctx.session, ctx.org.id, fields.get("k", ""), ctx.now)
    pending = ctx.session.get(Evidence, int(fields["e"])) if fields.get("e", "").isdigit() else None
    if token is None or pending is None or pending.person_id != ctx.sender.id \
            or str(token.task_id) != fields.get("t") or pending.attached_at is not None \
            or pending.withdrawn_at is not None:
        raise UserMistake("ปุ่มนี้ใช้ไปแล้วหรือหมดอายุแล้วครับ")
    task = ctx.session.get(Task, token.task_id)
    if not ctx.may_change(task.unit_id):
        raise UserMistake(f"งานนี้เป็นของ{task.unit.name} ซึ่งคุณแนบหลักฐานไม่ได้ครับ")
    return attach(ctx, pending, task)


def attach_named(ctx: Context, parsed) -> Outcome | None:
    """(c): the sender's text names an item just after a file that is still waiting."""
    if ctx.sender is None or not parsed.refs:
        return None
    pending = ctx.session.scalar(
        select(Evidence).where(Evidence.org_id == ctx.org.id, Evidence.person_id == ctx.sender.id,
                               Evidence.chat_id == ctx.event.chat_id,
                               Evidence.attached_at.is_(None),
                               Evidence.withdrawn_at.is_(None),
                               Evidence.received_at >= ctx.now - WAITS_FOR_CODE)
        .order_by(Evidence.id.desc()).limit(1))
    if pending is None:
        return None
    found = by_refs(ctx, list(parsed.refs))
    targets = list(dict.fromkeys(found.tasks + found.already_done))
    if len(targets) == 1:
        return attach(ctx, pending, targets[0])
    if found.candidates or len(targets) > 1:
        return ask_which(ctx, pending, targets + found.candidates)
    return None


def evidence_lines(ctx: Context, tasks: list[Task]) -> list[str]:
    """Lines for a status answer: each attached file with an expiring download link."""
    rows = ctx.session.scalars(
        select(Evidence).where(Evidence.task_id.in_([t.id for t in tasks]),
                               Evidence.storage_key.is_not(None),
                               Evidence.withdrawn_at.is_(None))
        .order_by(Evidence.id)).all() if tasks else []
    lines = []
    for row in rows[-5:]:
        token = new_link(ctx.session, row, ctx.now)
        name = row.file_name or f"{KIND_THAI.get(row.kind, 'ไฟล์')} {_thai_short(ctx, row)}"
        lines.append(f"📎 {item_name(row.task)} {name}: {ctx.public_base_url}/evidence/{token}")
    if lines:
        lines.append("(ลิงก์ดาวน์โหลดใช้ได้ 7 วัน)")
    return lines



def _thai_short(ctx: Context, row: Evidence) -> str:
    return thai_date(row.received_at.astimezone(ctx.tz).date())
