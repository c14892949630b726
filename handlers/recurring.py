"""Recurring work shown once: a monthly item is one task per period in the database (so each
month can be late or done on its own), but a person reads it as one line —
“o23 สรุปผลการจัดซื้อจัดจ้างรายเดือน · ค้าง ต.ค.–พ.ย. · ถัดไป 31 ธ.ค. 2569”."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from handlers.thai.calendar_words import BE_OFFSET, MONTH_SHORT, month_span, thai_date
from models import Task


def period(day: date | None) -> str:
    """'พ.ย. 69': a month of a recurring item, short enough for a button."""
    if day is None:
        return ""
    return f"{MONTH_SHORT[day.month]} {(day.year + BE_OFFSET) % 100:02d}"


def group_by_item(tasks: Iterable[Task]) -> list[list[Task]]:
    """Tasks of the same measure and unit together, in the order their first one came."""
    groups: dict[tuple[int, int], list[Task]] = {}
    for task in tasks:
        groups.setdefault((task.measure_id, task.unit_id), []).append(task)
    return list(groups.values())


def open_line(tasks: Sequence[Task], today: date, with_unit: bool = False) -> str:
    """One line for an item's open periods (or a single task): late months as a span, then
    the next due date."""
    task = tasks[0]
    refs = ",".join(task.measure.ref_codes)
    title = task.measure.title if len(tasks) > 1 else task.title
    title = " ".join(title.split())
    title = title if len(title) <= 50 else title[:49] + "…"
    unit = f" ({task.unit.name})" if with_unit else ""
    dated = sorted(t.due_on for t in tasks if t.due_on)
    late = [d for d in dated if d < today]
    upcoming = [d for d in dated if d >= today]
    parts = []
    if late:
        parts.append(f"ค้าง {month_span(late)} ⚠️" if len(tasks) > 1 else f"{thai_date(late[0])} ⚠️")
    if upcoming:
        parts.append(f"ถัดไป {thai_date(upcoming[0])}" if len(tasks) > 1
                     else thai_date(upcoming[0]))
    if not dated:
        parts.append("ไม่ระบุกำหนด")
    return f"• {refs + ' ' if refs else ''}{title}{unit} – {' · '.join(parts)}"


LABEL_MAX = 20  # LINE's limit for a button label


def choice_labels(tasks: Sequence[Task]) -> list[str]:
    """Button labels that tell the choices apart in 20 characters: the item code, then the
    period when one item has several, the unit when several units share it, and a piece
    of the title only when neither differs. A number makes any remaining twins unique."""
    refs = [",".join(t.measure.ref_codes) for t in tasks]
    many_units = len({t.unit_id for t in tasks}) > 1
    labels = []
    for task, ref in zip(tasks, refs, strict=True):
        same_item = [t for t, r in zip(tasks, refs, strict=True) if r == ref and ref]
        parts = [ref] if ref else []
        if len({t.due_on for t in same_item}) > 1:
            parts.append(period(task.due_on))
        if many_units and len({t.unit_id for t in same_item}) > 1:
            parts.append(task.unit.name)
        if len(parts) < 2 and not (ref and len(same_item) == 1):
            parts.append(" ".join(task.title.split()))
        label = " ".join(p for p in parts if p)
        labels.append(label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…")
    seen: dict[str, int] = {}
    twins = {label for label in labels if labels.count(label) > 1}
    for i, label in enumerate(labels):
        if label in twins:
            seen[label] = seen.get(label, 0) + 1
            suffix = f" #{seen[label]}"
            labels[i] = label[: LABEL_MAX - len(suffix)] + suffix
    return labels
