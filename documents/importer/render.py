"""The dry run as people read it: a Thai table of measures with their tasks, then the
warnings and the units that the import would create.

Thai combining marks take no width on screen, so columns are padded by display width.
"""

from __future__ import annotations

import unicodedata

from documents.importer.draft import PlanDraft
from documents.importer.store import StoreReport
from handlers.thai.calendar_words import fiscal_year_bounds, thai_date

STATUS_TH = {"not_started": "ยังไม่ดำเนินการ", "in_progress": "อยู่ระหว่างดำเนินการ", "done": "ดำเนินการแล้ว"}


def width(text: str) -> int:
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1 for ch in text)


def fit(text: str, size: int) -> str:
    """Cut to `size` display columns (with …) and pad to exactly that width."""
    text = " ".join(text.split())
    if width(text) > size:
        out, used = [], 0
        for ch in text:
            w = width(ch)
            if used + w > size - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (size - width(text))


def render_plan(plan: PlanDraft, report: StoreReport | None = None) -> str:
    lines: list[str] = []
    year = plan.fiscal_year
    period = ""
    if year:
        start, end = fiscal_year_bounds(year)
        period = f" ({thai_date(start)} – {thai_date(end)})"
    dated = sum(1 for m in plan.measures for t in m.tasks if t.due)
    lines.append(f"ไฟล์: {plan.file}")
    lines.append(f"หน่วยงาน: {plan.organization or '-'}   ปีงบประมาณ: {year or '-'}{period}")
    lines.append(
        f"พบ {len(plan.measures)} มาตรการ, {plan.task_count} งาน "
        f"(มีกำหนดเวลา {dated} งาน; งานนับหนึ่งครั้งต่อรายการ ไม่คูณจำนวนหน่วยงาน)"
    )
    lines.append("")
    header = (
        f"{fit('#', 4)}{fit('แบบ', 5)}{fit('ตัวชี้วัด', 9)}{fit('ข้อ', 10)}"
        f"{fit('มาตรการ', 46)}{fit('หน่วยงาน', 34)}บรรทัด"
    )
    lines.append(header)
    lines.append("-" * width(header))
    for number, measure in enumerate(plan.measures, start=1):
        units = ", ".join(
            f"{u} ({measure.sections[u]})" if u in measure.sections else u for u in measure.units
        )
        lines.append(
            f"{fit(str(number), 4)}{fit(measure.tool or '-', 5)}"
            f"{fit(str(measure.indicator or '-'), 9)}{fit(', '.join(measure.refs) or '-', 10)}"
            f"{fit(measure.title, 46)}{fit(units, 34)}{measure.source.line}"
        )
        for task in measure.tasks:
            due = thai_date(task.due) if task.due else "ไม่มีกำหนด"
            status = STATUS_TH[task.status]
            if task.done_on:
                status += f" {thai_date(task.done_on)}"
            lines.append(f"{' ' * 8}- {fit(due, 14)}{fit(status, 30)}{fit(task.title, 60).rstrip()}")
    if plan.new_units:
        lines.append("")
        lines.append("หน่วยงานที่ยังไม่มีในระบบ จะสร้างใหม่ (ให้ผู้ประสานงานตรวจสอบ): " + ", ".join(plan.new_units))
    if plan.warnings:
        lines.append("")
        lines.append(f"คำเตือน ({len(plan.warnings)}):")
        for warning in plan.warnings:
            where = f"บรรทัด {warning.source.line}: " if warning.source else ""
            lines.append(f"  - {where}{warning.message}")
    if report is not None:
        lines.append("")
        lines.append(
            f"บันทึกแล้ว: มาตรการใหม่ {report.measures_created}, แก้ไข {report.measures_updated}, "
            f"ไม่เปลี่ยน {report.measures_unchanged}; งาน (ต่อหน่วยงาน) ใหม่ {report.tasks_created}, "
            f"แก้ไข {report.tasks_updated}, ลบ {report.tasks_deleted}; "
            f"บันทึกการเปลี่ยนสถานะ {report.status_changes}"
        )
        if report.units_created:
            lines.append("สร้างหน่วยงานใหม่ (created_by_import): " + ", ".join(report.units_created))
        if report.tasks_kept:
            lines.append(f"เก็บงานที่ไม่มีในไฟล์แล้วไว้ เพราะมีประวัติ ({len(report.tasks_kept)}):")
            lines.extend(f"  - {t}" for t in report.tasks_kept)
    else:
        lines.append("")
        lines.append("(ทดลองนำเข้า: ยังไม่ได้บันทึกข้อมูล — สั่งอีกครั้งโดยไม่ใส่ --dry-run เพื่อบันทึก)")
    return "\n".join(lines) + "\n"
