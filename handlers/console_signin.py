"""`เปิดหน้าจัดการ`: a coordinator, head or executive asks in 1:1 chat for a link that signs
them in to the web console once, within 10 minutes."""

from __future__ import annotations

from console.access import LINK_TTL, console_role, issue_link, link_url
from handlers.context import Context
from handlers.messages import text
from handlers.outcome import Outcome, UserMistake


def console_link(ctx: Context) -> Outcome:
    if ctx.event.in_group:
        raise UserMistake("ลิงก์เข้าหน้าจัดการเป็นของส่วนตัว กรุณาขอในแชตส่วนตัวกับบอทครับ")
    if ctx.sender is None or console_role(ctx.sender) is None:
        raise UserMistake("หน้าจัดการเปิดได้เฉพาะผู้ประสานงาน ITA หัวหน้าส่วนราชการ และผู้บริหารครับ")
    token = issue_link(ctx.session, ctx.org.id, ctx.sender.id, ctx.now)
    minutes = int(LINK_TTL.total_seconds() // 60)
    return Outcome().add(text(
        f"ลิงก์เข้าหน้าจัดการของคุณครับ (ใช้ได้ครั้งเดียว ภายใน {minutes} นาที อย่าส่งต่อให้ผู้อื่น)\n"
        + link_url(ctx.public_base_url, token)))
