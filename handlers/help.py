"""What `วิธีใช้` shows: only what this person can do, where they typed it.

One table of help lines, each with the roles it is for and the chats it works in, so the
help an executive sees never lists an officer's commands, and a head learns `ผูกกลุ่ม`.
"""

from __future__ import annotations

from collections.abc import Iterable

from models import Role

ANY_ROLE = frozenset({Role.OFFICER, Role.HEAD, Role.EXECUTIVE, Role.COORDINATOR})
CHANGERS = frozenset({Role.OFFICER, Role.HEAD})
UNREGISTERED = "unregistered"

# (the line, who it is for, where it works: "1:1", "group" or both)
HELP_LINES: list[tuple[str, frozenset[str], frozenset[str]]] = [
    ("• o12 เสร็จแล้ว – บันทึกว่าเสร็จ (แนบลิงก์หลักฐานได้)", CHANGERS, frozenset({"1:1", "group"})),
    ("• o12 ได้ 50% / o12 กำลังทำ – บันทึกความคืบหน้า", CHANGERS, frozenset({"1:1", "group"})),
    ("• o12 ติดปัญหา … – แจ้งปัญหาอุปสรรค (หัวหน้าจะได้รับแจ้ง)", CHANGERS,
     frozenset({"1:1", "group"})),
    ("• งานของฉัน – งานที่ต้องทำ เรียงตามกำหนด", CHANGERS, frozenset({"1:1", "group"})),
    ("• สถานะ – ภาพรวมความคืบหน้าทุกหน่วยงาน", frozenset({Role.EXECUTIVE, Role.COORDINATOR}),
     frozenset({"1:1", "group"})),
    ("• สถานะ – ความคืบหน้าของหน่วยงานคุณ", CHANGERS, frozenset({"1:1", "group"})),
    ("• กองคลังถึงไหนแล้ว – ความคืบหน้าของหน่วยงานหนึ่ง",
     frozenset({Role.EXECUTIVE, Role.COORDINATOR}), frozenset({"1:1", "group"})),
    ("• o12 ใครทำ / o12 เสร็จหรือยัง – ใครรายงาน เมื่อไร หลักฐาน และปัญหาที่แจ้งไว้", ANY_ROLE,
     frozenset({"1:1", "group"})),
    ("• งานค้าง – งานที่ยังไม่เสร็จหรือเลยกำหนด", ANY_ROLE, frozenset({"1:1", "group"})),
    ("• ขอรายงานรอบ 6 เดือน / ขอรายงานผลปี 2566 – ลิงก์รายงานผลฉบับทางการ (Word, PDF, Excel)",
     frozenset({Role.HEAD, Role.EXECUTIVE, Role.COORDINATOR}), frozenset({"1:1"})),
    ("• เปิดหน้าจัดการ – ลิงก์เข้าหน้าเว็บจัดการแผนและติดตามงาน (ใช้ได้ครั้งเดียว)",
     frozenset({Role.HEAD, Role.EXECUTIVE, Role.COORDINATOR}), frozenset({"1:1"})),
    ("• ผูกกลุ่ม รหัส – พิมพ์ในกลุ่ม LINE ของหน่วยงาน เพื่อให้แจ้งเตือนงานส่งเข้ากลุ่ม "
     "(ขอรหัสจากผู้ประสานงาน ITA)", frozenset({Role.HEAD, Role.COORDINATOR}),
     frozenset({"1:1", "group"})),
    ("• ลงทะเบียน รหัส – ลงทะเบียนครั้งแรก (ขอรหัสจากผู้ประสานงาน ITA)",
     frozenset({UNREGISTERED}), frozenset({"1:1"})),
    ("• ลงทะเบียนได้ในแชตส่วนตัวกับบอทเท่านั้น (ขอรหัสจากผู้ประสานงาน ITA)",
     frozenset({UNREGISTERED}), frozenset({"group"})),
]

FOOTER = {
    "group": "ในกลุ่มนี้: พิมพ์เลขข้อ แท็ก @บอท หรือตอบกลับข้อความแจ้งเตือนได้เลย",
    "1:1": "ในกลุ่มของหน่วยงาน: พิมพ์เลขข้อ แท็ก @บอท หรือตอบกลับข้อความแจ้งเตือนได้",
}
AFTER_REGISTERING = ("ลงทะเบียนแล้วจะพิมพ์ได้ เช่น “o12 เสร็จแล้ว” “o12 ติดปัญหา …” "
                     "“งานของฉัน” “สถานะ”")
DIGEST_NOTE = "ทุกต้นเดือนคุณจะได้รับสรุปงาน ITA ทางแชตนี้"


def help_text(roles: Iterable[str], in_group: bool) -> str:
    """The help for someone with these roles (empty: not registered) in this kind of chat."""
    who = set(roles) or {UNREGISTERED}
    where = "group" if in_group else "1:1"
    lines = [line for line, for_roles, chats in HELP_LINES if who & for_roles and where in chats]
    out = ["พิมพ์ได้แบบนี้ครับ", *lines]
    if who & {Role.HEAD, Role.EXECUTIVE} and not in_group:
        out.append(DIGEST_NOTE)
    if UNREGISTERED in who:
        out.append(AFTER_REGISTERING)
    else:
        out.append(FOOTER[where])
    return "\n".join(out)


BIND_WHERE = ("คำสั่งผูกกลุ่มใช้ในกลุ่ม LINE ของหน่วยงานครับ: เชิญบอทเข้ากลุ่ม แล้วให้หัวหน้าหรือ"
              "ผู้ประสานงาน ITA พิมพ์ “ผูกกลุ่ม รหัส” ในกลุ่มนั้น (ขอรหัสได้จากผู้ประสานงาน ITA)")
BIND_NEEDS_CODE = "กรุณาพิมพ์รหัสต่อท้าย เช่น “ผูกกลุ่ม AB12CD34” (ขอรหัสได้จากผู้ประสานงาน ITA) ครับ"
