"""The daily reminder: one Flex message (a carousel when there is more) listing what a
group or person should act on, with a ✅ and a ⏳ button per item.

LINE's limits shape the grouping: a bubble may hold 30 KB, a carousel 12 bubbles and
50 KB, a push 5 messages, alt text 400 characters. Items go four to a bubble, most urgent
first; what does not fit is counted in a closing line that says how to see the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from handlers.thai.calendar_words import thai_date

ITEMS_PER_BUBBLE = 4
MAX_BUBBLES = 12
MAX_BUBBLE_BYTES = 30_000
MAX_CAROUSEL_BYTES = 50_000
MAX_MESSAGES = 5
MAX_ALT_TEXT = 400
TITLE_CHARS = 110

RED, AMBER, BLUE, GREY = "#C62828", "#E65100", "#1565C0", "#757575"


@dataclass(frozen=True)
class ReminderEntry:
    task_id: int
    title: str
    refs: tuple[str, ...]
    unit_name: str
    due_on: date
    stage: str  # before, due, overdue (scheduler.due.Stage.kind)
    overdue_days: int = 0  # working days past the due date
    status: str = "not_started"
    percent: int | None = None


# task id → (postback data for "done", postback data for "in progress")
Buttons = Callable[[int], tuple[str, str]]


def size_of(obj: dict) -> int:
    return len(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def name_of(entry: ReminderEntry) -> str:
    """How people refer to the item: its codes (o12, e6) when it has them."""
    return " ".join(entry.refs) if entry.refs else _short(entry.title, 24)


def when_label(entry: ReminderEntry, today: date) -> tuple[str, str]:
    """The line that says how urgent an item is, and its colour."""
    left = (entry.due_on - today).days
    if entry.stage == "overdue" or left < 0:
        days = entry.overdue_days or max(-left, 1)
        return f"⚠️ เลยกำหนด {days} วันทำการ (กำหนด {thai_date(entry.due_on)})", RED
    if left == 0:
        return "📌 ครบกำหนดวันนี้", AMBER
    if left == 1:
        return f"⏰ ครบกำหนดพรุ่งนี้ ({thai_date(entry.due_on)})", AMBER
    return f"🗓️ ครบกำหนด {thai_date(entry.due_on)} (อีก {left} วัน)", BLUE


def _status_note(entry: ReminderEntry) -> str | None:
    if entry.status == "in_progress":
        return "กำลังดำเนินการ" + (f" {entry.percent}%" if entry.percent is not None else "")
    return None


def _button(label: str, data: str, display: str, primary: bool) -> dict:
    return {
        "type": "button",
        "style": "primary" if primary else "secondary",
        "height": "sm",
        "flex": 1,
        "action": {"type": "postback", "label": label, "data": data,
                   "displayText": _short(display, 300)},
    }


def _item_box(entry: ReminderEntry, today: date, show_unit: bool, buttons: Buttons) -> dict:
    label, colour = when_label(entry, today)
    done_data, progress_data = buttons(entry.task_id)
    name = name_of(entry)
    title = _short(entry.title, TITLE_CHARS)
    if entry.refs:
        title = f"{' '.join(entry.refs)} · {title}"
    contents: list[dict] = [
        {"type": "text", "text": label, "size": "xs", "color": colour, "weight": "bold",
         "wrap": True},
        {"type": "text", "text": title, "size": "sm", "wrap": True, "maxLines": 4},
    ]
    notes = [n for n in (entry.unit_name if show_unit else None, _status_note(entry)) if n]
    if notes:
        contents.append({"type": "text", "text": " · ".join(notes), "size": "xxs",
                         "color": GREY, "wrap": True})
    contents.append({
        "type": "box", "layout": "horizontal", "spacing": "sm", "margin": "sm",
        "contents": [
            _button("✅ เสร็จแล้ว", done_data, f"✅ {name} เสร็จแล้ว", True),
            _button("⏳ กำลังทำ", progress_data, f"⏳ {name} กำลังดำเนินการ", False),
        ],
    })
    return {"type": "box", "layout": "vertical", "spacing": "xs", "contents": contents}


def _bubble(heading: str, subheading: str, boxes: list[dict], page: str | None) -> dict:
    body: list[dict] = []
    for index, box in enumerate(boxes):
        if index:
            body.append({"type": "separator", "margin": "md"})
        body.append({**box, "margin": "md"} if index else box)
    header = [
        {"type": "text", "text": heading, "weight": "bold", "size": "md", "wrap": True},
        {"type": "text", "text": subheading, "size": "xs", "color": GREY, "wrap": True},
    ]
    if page:
        header.append({"type": "text", "text": page, "size": "xxs", "color": GREY})
    return {
        "type": "bubble",
        "size": "mega",
        "header": {"type": "box", "layout": "vertical", "contents": header},
        "body": {"type": "box", "layout": "vertical", "contents": body},
    }


def alt_text(heading: str, entries: Sequence[ReminderEntry], today: date) -> str:
    counts = {"due": 0, "soon": 0, "overdue": 0}
    for e in entries:
        left = (e.due_on - today).days
        if e.stage == "overdue" or left < 0:
            counts["overdue"] += 1
        elif left == 0:
            counts["due"] += 1
        else:
            counts["soon"] += 1
    parts = []
    if counts["due"]:
        parts.append(f"ครบกำหนดวันนี้ {counts['due']}")
    if counts["soon"]:
        parts.append(f"ใกล้ครบกำหนด {counts['soon']}")
    if counts["overdue"]:
        parts.append(f"เลยกำหนด {counts['overdue']}")
    names = ", ".join(dict.fromkeys(name_of(e) for e in entries[:8]))  # o23 once
    text = f"🔔 {heading}: {' · '.join(parts)} รายการ — {names}"
    return _short(text, MAX_ALT_TEXT)


def _placeholder(task_id: int) -> tuple[str, str]:
    token = "x" * 16  # models.tokens makes 16-character tokens
    return f"a=done&t={task_id}&k={token}", f"a=progress&t={task_id}&k={token}"


def _pages(entries: Sequence[ReminderEntry], heading: str, subheading: str, today: date,
           show_unit: bool) -> list[list[list[ReminderEntry]]]:
    """Messages → bubbles → entries, within LINE's size limits (measured with stand-in
    button data of the real length)."""
    messages: list[list[list[ReminderEntry]]] = [[]]
    size = 0
    rest = list(entries)
    while rest:
        chunk = rest[:ITEMS_PER_BUBBLE]
        bubble = _bubble(heading, subheading, [_item_box(e, today, show_unit, _placeholder)
                                               for e in chunk], "หน้า 99/99")
        while size_of(bubble) > MAX_BUBBLE_BYTES and len(chunk) > 1:  # very long titles
            chunk = chunk[:-1]
            bubble = _bubble(heading, subheading, [
                _item_box(e, today, show_unit, _placeholder) for e in chunk], "หน้า 99/99")
        bubble_size = size_of(bubble) + 8
        current = messages[-1]
        if current and (len(current) == MAX_BUBBLES or size + bubble_size > MAX_CAROUSEL_BYTES):
            messages.append([])
            size = 0
        messages[-1].append(chunk)
        size += bubble_size
        rest = rest[len(chunk):]
    return [m for m in messages if m]


def reminder_messages(entries: Sequence[ReminderEntry], *, heading: str, today: date,
                      show_unit: bool, buttons: Buttons) -> list[tuple[dict, list[int]]]:
    """Up to five messages (a push's limit) and the task ids each one is about.
    `buttons` is called only for the items that are shown."""
    subheading = f"{thai_date(today)} · กดปุ่มเพื่ออัปเดต หรือตอบข้อความนี้พร้อมรายละเอียด"
    pages = _pages(entries, heading, subheading, today, show_unit)
    overflow = 0
    if len(pages) > MAX_MESSAGES:
        overflow = sum(len(chunk) for message in pages[MAX_MESSAGES - 1:] for chunk in message)
        pages = pages[: MAX_MESSAGES - 1]
    total = sum(len(message) for message in pages)
    out: list[tuple[dict, list[int]]] = []
    number = 0
    for message in pages:
        bubbles = []
        for chunk in message:
            number += 1
            page = f"หน้า {number}/{total}" if total > 1 else None
            bubbles.append(_bubble(heading, subheading,
                                   [_item_box(e, today, show_unit, buttons) for e in chunk], page))
        shown = [e for chunk in message for e in chunk]
        contents = bubbles[0] if len(bubbles) == 1 else {"type": "carousel", "contents": bubbles}
        out.append(({"type": "flex", "altText": alt_text(heading, shown, today),
                     "contents": contents}, [e.task_id for e in shown]))
    if overflow:
        out.append(({"type": "text", "text": (
            f"และยังมีอีก {overflow} รายการ พิมพ์ “งานค้าง” เพื่อดูทั้งหมด")}, []))
    return out


def postback_actions(message: dict | list) -> list[dict]:
    """Every postback action in a LINE message (Flex buttons, quick replies), in order:
    what a person could tap. Used by the simulation and by tests."""
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            action = node.get("action")
            if isinstance(action, dict) and action.get("type") == "postback":
                found.append(action)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message)
    return found
