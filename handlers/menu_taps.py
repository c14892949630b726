"""Taps on the rich menu: each button's postback (`m=KEY`) gets the same free reply as the
words it stands for, so the menu and typing never disagree."""

from __future__ import annotations

from collections.abc import Callable

from handlers.answers import QUICK, help_, my_tasks, outstanding, status
from handlers.context import Context
from handlers.messages import say, text
from handlers.outcome import Outcome
from handlers.registration import HOW_TO_REGISTER
from handlers.reports import report
from handlers.thai.parser import parse

HOW_TO_REPORT = (
    "รายงานผลได้ 3 แบบครับ\n"
    "• พิมพ์เลขข้อกับผล เช่น “o12 เสร็จแล้ว” หรือ “o12 ได้ 50%”\n"
    "• ตอบกลับข้อความแจ้งเตือนของบอท แล้วพิมพ์ “เสร็จแล้ว”\n"
    "• ส่งรูปหรือไฟล์หลักฐานตามหลังการรายงาน บอทจะแนบให้กับงานข้อนั้น"
)


def _admin(ctx: Context, parsed) -> Outcome:
    return Outcome().add(text(
        "หน้าจัดการ (นำเข้าแผน รหัสลงทะเบียน ตั้งค่าการแจ้งเตือน) เปิดได้จากลิงก์เข้าระบบ "
        "ที่ผู้ดูแลระบบสร้างให้ด้วยคำสั่ง console-link ครับ", quick=QUICK))


def _how_to_report(ctx: Context, parsed) -> Outcome:
    return Outcome().add(text(HOW_TO_REPORT, quick=[say("งานของฉัน"), say("วิธีใช้")]))


# menu key → (the words the button stands for, the answer)
MENU_ACTIONS: dict[str, tuple[str, Callable[[Context, object], Outcome]]] = {
    "mytasks": ("งานของฉัน", my_tasks),
    "howto": ("รายงานผล", _how_to_report),
    "help": ("วิธีใช้", help_),
    "status": ("สถานะ", status),
    "late": ("งานค้าง", outstanding),
    "report": ("ขอรายงาน", report),
    "admin": ("หน้าจัดการ", _admin),
}


def on_menu_tap(ctx: Context, key: str) -> Outcome:
    entry = MENU_ACTIONS.get(key)
    if entry is None:
        return Outcome()
    if ctx.sender is None and key != "help":
        return Outcome().add(text(HOW_TO_REGISTER))
    words, action = entry
    return action(ctx, parse(words, ctx.today))
