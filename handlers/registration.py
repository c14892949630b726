"""Joining the bot: a person registers with a code in 1:1 chat; a head or coordinator
binds a LINE group to a unit with a code typed inside the group."""

from __future__ import annotations

from sqlalchemy import select

from handlers.context import Context
from handlers.messages import say, text
from handlers.outcome import Outcome, UserMistake
from models import ChatGroup, Membership, Person, Role, Unit
from models.invites import InviteProblem, spend_invite

ROLE_THAI = {
    Role.OFFICER: "เจ้าหน้าที่ผู้รับผิดชอบ",
    Role.HEAD: "หัวหน้าส่วนราชการ",
    Role.EXECUTIVE: "ผู้บริหาร",
    Role.COORDINATOR: "ผู้ประสานงาน ITA",
}

_PROBLEM_THAI = {
    "unknown": "ไม่พบรหัสนี้ กรุณาตรวจสอบรหัสอีกครั้ง หรือขอรหัสใหม่จากผู้ประสานงาน ITA ครับ",
    "used": "รหัสนี้ถูกใช้ไปแล้ว กรุณาขอรหัสใหม่จากผู้ประสานงาน ITA ครับ",
    "expired": "รหัสนี้หมดอายุแล้ว กรุณาขอรหัสใหม่จากผู้ประสานงาน ITA ครับ",
    "wrong_purpose": "รหัสนี้ใช้กับคำสั่งนี้ไม่ได้ครับ",
}

HOW_TO_REGISTER = (
    "ยังไม่ได้ลงทะเบียนครับ ขอรหัสลงทะเบียนจากผู้ประสานงาน ITA "
    "แล้วพิมพ์ในแชตนี้ว่า “ลงทะเบียน รหัส” เช่น ลงทะเบียน AB12CD34"
)


def greet_follower(ctx: Context) -> Outcome:
    if ctx.sender:
        return Outcome().add(text(f"ยินดีต้อนรับกลับครับ คุณ{ctx.sender.display_name}",
                                  quick=[say("วิธีใช้")]))
    return Outcome().add(text(
        "สวัสดีครับ ผมเป็นผู้ช่วยติดตามมาตรการ ITA ของหน่วยงาน\n" + HOW_TO_REGISTER))


def greet_group(ctx: Context) -> Outcome:
    return Outcome().add(text(
        "สวัสดีครับ ขอบคุณที่เชิญเข้ากลุ่ม\nให้หัวหน้าส่วนราชการหรือผู้ประสานงาน ITA "
        "พิมพ์ “ผูกกลุ่ม รหัส” ในกลุ่มนี้ เพื่อให้ผมส่งการแจ้งเตือนงานของหน่วยงานมาที่กลุ่มครับ"))


def register(ctx: Context, code: str | None) -> Outcome:
    if ctx.event.in_group:
        raise UserMistake("เพื่อความปลอดภัย กรุณาส่งรหัสลงทะเบียนในแชตส่วนตัวกับบอทครับ")
    if not code:
        raise UserMistake("กรุณาพิมพ์รหัสต่อท้าย เช่น ลงทะเบียน AB12CD34 ครับ")
    user_id = ctx.event.user_id or ""
    try:
        invite = spend_invite(ctx.session, org_id=ctx.org.id, code=code, purpose="register",
                              used_by=user_id, now=ctx.now)
    except InviteProblem as problem:
        raise UserMistake(_PROBLEM_THAI[problem.reason]) from None

    person = ctx.sender or ctx.session.scalar(
        select(Person).where(Person.org_id == ctx.org.id, Person.line_user_id == user_id))
    if person is None:
        person = Person(org_id=ctx.org.id, line_user_id=user_id,
                        display_name=ctx.display_name(user_id, None))
        ctx.session.add(person)
        ctx.session.flush()
    unit_id = None if invite.role in (Role.EXECUTIVE, Role.COORDINATOR) else invite.unit_id
    exists = any(m.unit_id == unit_id and m.role == invite.role for m in person.memberships)
    if not exists:
        person.memberships.append(Membership(unit_id=unit_id, role=invite.role))
    where = f" {invite.unit.name}" if invite.unit and unit_id else ""
    return Outcome().add(text(
        f"ลงทะเบียนเรียบร้อยครับ คุณ{person.display_name} เป็น{ROLE_THAI[invite.role]}{where}\n"
        "พิมพ์ “งานของฉัน” เพื่อดูงานที่ต้องทำ หรือ “วิธีใช้” เพื่อดูคำสั่งทั้งหมด",
        quick=[say("งานของฉัน"), say("สถานะ"), say("วิธีใช้")]))


def bind_group(ctx: Context, code: str) -> Outcome:
    if not ctx.event.in_group:
        raise UserMistake("คำสั่งผูกกลุ่มต้องพิมพ์ในกลุ่ม LINE ของหน่วยงานครับ")
    if ctx.sender is None:
        raise UserMistake("ผู้ที่ผูกกลุ่มต้องลงทะเบียนกับบอทก่อน (เพิ่มบอทเป็นเพื่อนแล้วพิมพ์ "
                          "“ลงทะเบียน รหัส” ในแชตส่วนตัว) ครับ")
    if not ({Role.HEAD, Role.COORDINATOR, Role.EXECUTIVE} & ctx.roles):
        raise UserMistake("การผูกกลุ่มทำได้เฉพาะหัวหน้าส่วนราชการหรือผู้ประสานงาน ITA ครับ")
    try:
        invite = spend_invite(ctx.session, org_id=ctx.org.id, code=code, purpose="bind",
                              used_by=ctx.event.user_id or "", now=ctx.now)
    except InviteProblem as problem:
        raise UserMistake(_PROBLEM_THAI[problem.reason]) from None
    if invite.unit_id and not ctx.org_wide and Role.HEAD not in {
        m.role for m in ctx.sender.memberships if m.unit_id == invite.unit_id
    }:
        raise UserMistake("รหัสนี้เป็นของหน่วยงานอื่น หัวหน้าหน่วยงานนั้นหรือผู้ประสานงาน ITA "
                          "เท่านั้นที่ผูกได้ครับ")
    group = ctx.group or ChatGroup(org_id=ctx.org.id, line_group_id=ctx.event.chat_id,
                                   kind=ctx.event.source_type)
    group.unit_id, group.bound, group.active = invite.unit_id, True, True
    ctx.session.add(group)
    unit = ctx.session.get(Unit, invite.unit_id) if invite.unit_id else None
    scope = unit.name if unit else "ทั้งองค์กร"
    return Outcome().add(text(
        f"ผูกกลุ่มนี้กับ{scope}เรียบร้อยครับ ต่อไปการแจ้งเตือนงานของ{scope}จะส่งมาที่กลุ่มนี้\n"
        "รายงานความคืบหน้าได้เลย เช่น “o12 เสร็จแล้ว”"))
