"""What each role's rich menu holds. A person with several roles gets the widest one."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

WIDTH, HEIGHT = 2500, 843  # LINE's compact size: the chat stays visible above it


@dataclass(frozen=True)
class Button:
    key: str  # the postback `m=` value, answered by handlers/menu_taps.py
    label: str
    hint: str  # a smaller second line on the image


OFFICER = (Button("mytasks", "งานของฉัน", "งานที่ต้องทำ เรียงตามกำหนด"),
           Button("howto", "รายงานผล", "วิธีรายงานและแนบหลักฐาน"),
           Button("help", "วิธีใช้", "สิ่งที่พิมพ์ได้"))
HEAD = (Button("status", "ภาพรวม", "ความคืบหน้าของกอง"),
        Button("late", "งานล่าช้า", "ค้างหรือเลยกำหนด"),
        Button("mytasks", "งานของฉัน", "งานของหน่วยงาน"),
        Button("help", "วิธีใช้", "สิ่งที่พิมพ์ได้"))
EXECUTIVE = (Button("status", "ภาพรวม", "ทุกส่วนราชการ"),
             Button("late", "งานล่าช้า", "ค้างหรือเลยกำหนด"),
             Button("report", "ขอรายงาน", "รายงานรอบ 6/12 เดือน"),
             Button("help", "วิธีใช้", "สิ่งที่ถามได้"))
COORDINATOR = (Button("status", "ภาพรวม", "ทุกส่วนราชการ"),
               Button("late", "งานล่าช้า", "ค้างหรือเลยกำหนด"),
               Button("report", "ขอรายงาน", "รายงานรอบ 6/12 เดือน"),
               Button("admin", "หน้าจัดการ", "แผน รหัส การแจ้งเตือน"),
               Button("howto", "รายงานผล", "วิธีรายงานและแนบหลักฐาน"),
               Button("help", "วิธีใช้", "สิ่งที่พิมพ์ได้"))

MENUS: dict[str, tuple[Button, ...]] = {
    "officer": OFFICER, "head": HEAD, "executive": EXECUTIVE, "coordinator": COORDINATOR,
}
WIDEST_FIRST = ("coordinator", "executive", "head", "officer")
CHAT_BAR_TEXT = {"officer": "เมนูงาน ITA", "head": "เมนูหัวหน้า", "executive": "เมนูผู้บริหาร",
                 "coordinator": "เมนูประสานงาน"}  # LINE allows 14 characters


def menu_role(roles: set[str]) -> str | None:
    """The menu a person gets: the widest of their roles; None when unregistered."""
    return next((role for role in WIDEST_FIRST if role in roles), None)


def grid(count: int) -> tuple[int, int]:
    """(columns, rows) for a menu of `count` buttons on the compact size."""
    return (count, 1) if count <= 3 else ((count + 1) // 2, 2)


def cells(count: int) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of each button, left to right, top to bottom."""
    columns, rows = grid(count)
    out = []
    for i in range(count):
        col, row = i % columns, i // columns
        x0, x1 = WIDTH * col // columns, WIDTH * (col + 1) // columns
        y0, y1 = HEIGHT * row // rows, HEIGHT * (row + 1) // rows
        out.append((x0, y0, x1 - x0, y1 - y0))
    return out


def line_menu(role: str) -> dict:
    """The rich menu in LINE's JSON shape (POST /v2/bot/richmenu)."""
    buttons = MENUS[role]
    areas = [{"bounds": {"x": x, "y": y, "width": w, "height": h},
              "action": {"type": "postback", "data": f"m={b.key}", "displayText": b.label,
                         "label": b.label}}
             for b, (x, y, w, h) in zip(buttons, cells(len(buttons)), strict=True)]
    return {"size": {"width": WIDTH, "height": HEIGHT}, "selected": True,
            "name": f"ita-{role}", "chatBarText": CHAT_BAR_TEXT[role], "areas": areas}


def digest(role: str) -> str:
    """Changes whenever the menu's design does, so a new design is created and relinked."""
    return hashlib.sha256(json.dumps([line_menu(role), "v1"], sort_keys=True).encode()).hexdigest()
