"""An uploaded plan under review: the importer's PlanDraft kept as JSON between requests,
the edits a coordinator makes to it, and its rows in the .xlsx import template (so it can be
fixed in Excel and uploaded again)."""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from datetime import date

from documents.importer.draft import MeasureDraft, Notice, PlanDraft, Source, TaskDraft
from documents.importer.template import STATUS_WORDS, write_export

STATUSES = ("not_started", "in_progress", "done")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def dumps(plan: PlanDraft) -> str:
    def default(value):
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(type(value))

    return json.dumps(asdict(plan), default=default, ensure_ascii=False)


def loads(text: str) -> PlanDraft:
    raw = json.loads(text)
    measures = []
    for m in raw["measures"]:
        tasks = [TaskDraft(**{**t, "due": _day(t["due"]), "done_on": _day(t["done_on"])})
                 for t in m["tasks"]]
        measures.append(MeasureDraft(**{**m, "source": Source(**m["source"]), "tasks": tasks}))
    warnings = [Notice(source=Source(**w["source"]) if w["source"] else None, message=w["message"])
                for w in raw["warnings"]]
    return PlanDraft(file=raw["file"], organization=raw["organization"],
                     fiscal_year=raw["fiscal_year"], measures=measures, warnings=warnings,
                     new_units=raw["new_units"])


def warnings_by_line(plan: PlanDraft) -> tuple[dict[int, list[str]], list[str]]:
    """Warnings next to the measure they concern: (source line → messages, the rest)."""
    lines = {m.source.line for m in plan.measures}
    by_line: dict[int, list[str]] = {}
    general: list[str] = []
    for warning in plan.warnings:
        if warning.source is None and plan.new_units and warning.message.startswith("หน่วยงานที่ยังไม่มี"):
            continue  # the page marks new units itself
        if warning.source and warning.source.line in lines:
            by_line.setdefault(warning.source.line, []).append(warning.message)
        elif warning.source:
            general.append(f"แถว/บรรทัด {warning.source.line}: {warning.message}")
        else:
            general.append(warning.message)
    return by_line, general


def edit_task(plan: PlanDraft, measure: int, task: int, *, title: str, due: str,
              status: str) -> None:
    """Change one work item's title, due date (YYYY-MM-DD or empty) and status."""
    item = plan.measures[measure].tasks[task]
    if status not in STATUSES:
        raise ValueError("สถานะไม่ถูกต้อง")
    item.title = title.strip() or item.title
    item.due = date.fromisoformat(due) if due else None
    if status != item.status:
        item.status, item.status_given = status, True
        item.done_on = item.done_on if status == "done" else None


def edit_measure(plan: PlanDraft, measure: int, *, title: str, units: str,
                 known_units: list[str]) -> None:
    """Change a measure's title and its units (comma-separated); recompute the new units."""
    item = plan.measures[measure]
    item.title = title.strip() or item.title
    names = [u.strip() for u in units.replace("،", ",").split(",") if u.strip()]
    if names:
        item.units = names
        item.sections = {k: v for k, v in item.sections.items() if k in names}
    wanted = {u for m in plan.measures for u in m.units}
    plan.new_units = sorted(u for u in wanted if u not in known_units)


def xlsx_bytes(plan: PlanDraft) -> bytes:
    """The draft in the import template, one row per measure and work item, with the keys
    the importer gave them (so re-uploading the fixed file updates the same rows)."""
    rows: list[list[object]] = []
    for m in plan.measures:
        units = ", ".join(f"{u} ({m.sections[u]})" if u in m.sections else u for u in m.units)
        for t in m.tasks or [None]:
            rows.append([
                m.key, t.key if t else "", str(plan.fiscal_year or ""), m.tool or "",
                m.indicator or "", ", ".join(m.refs), m.title, m.steps, units,
                t.title if t else "", t.due if t else None,
                STATUS_WORDS.get(t.status, "") if t and t.status_given else "",
                t.done_on if t else None, "",
            ])
    out = io.BytesIO()
    write_export(out, rows)
    return out.getvalue()
