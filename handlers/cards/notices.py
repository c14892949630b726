"""Short notices: a report round is coming, the month's message budget is tight, a message
could not be delivered, the bot was removed from a group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from handlers.cards.digest import Counts, TaskLine, month_name
from handlers.thai.calendar_words import BE_OFFSET, MONTH_SHORT, thai_date

# What each budget level gives up, in the order they are given up (scheduler.due.Level).
LEVEL_THAI = {
    1: "รวมการเตือนงานที่เลยกำหนดและงานล่วงหน้าเป็นสัปดาห์ละครั้ง (วันทำการแรกของสัปดาห์)",
    2: "งดการเตือนล่วงหน้า ยังเตือนในวันครบกำหนดตามปกติ",
    3: "เตือนงานที่เลยกำหนดทุกสองสัปดาห์ และแจ้งหัวหน้าในสรุปประจำเดือนแทนรายสัปดาห์",
    4: "เตือนเฉพาะวันครบกำหนด งานที่เลยกำหนดจะแจ้งในสรุปประจำเดือน",
}


def _short_month(day: date) -> str:
    return f"{MONTH_SHORT[day.month]} {day.year + BE_OFFSET}"


def round_notice(months: int, fiscal_year: int, report_month: date, period_start: date,
                 period_end: date, counts: Counts, open_items: Sequence[TaskLine],
                 scope: str, report_links: Sequence[str] = ()) -> dict:
    """Before a report round: what is still open, for the coordinator (the whole
    organization) or a head (`scope` names the unit), with links to the draft report."""
    name = "รอบ 6 เดือน" if months == 6 else "รอบ 12 เดือน"
    lines = [
        f"📝 ใกล้ถึงการรายงานผลมาตรการ ITA {name} ปีงบประมาณ {fiscal_year}",
        f"(ผลการดำเนินงาน {_short_month(period_start)} – {_short_month(period_end)}) "
        f"ซึ่งต้องรายงานภายในเดือน{month_name(report_month)}",
        "",
        f"{scope}: {counts.line()}",
    ]
    if open_items:
        lines.append("ยังไม่เสร็จ:")
        lines += [f"• {t.name()}" + (f" (กำหนด {thai_date(t.due_on)})" if t.due_on else "")
                  for t in open_items[:10]]
        if len(open_items) > 10:
            lines.append(f"  และอีก {len(open_items) - 10} รายการ")
    lines += ["", "ฝากอัปเดตสถานะและแนบหลักฐานให้ครบก่อนสรุปรายงาน "
                  "รายงานต้องระบุปัญหา อุปสรรค และข้อเสนอแนะ (ถ้าไม่มีให้ระบุว่า “ไม่มี”)"]
    if report_links:
        lines += ["", "ร่างรายงาน (ข้อมูลล่าสุดทุกครั้งที่เปิด):", *report_links]
    return {"type": "text", "text": "\n".join(lines)}


def budget_notice(level: int, month: date, decision) -> dict:
    """`decision` is a scheduler.budget.Decision (allowance, budget, spent, forecast)."""
    cuts = [LEVEL_THAI[n] for n in range(1, level + 1)]
    lines = [
        f"💬 โควตาข้อความ LINE เดือน{month_name(month)}ใกล้เต็ม",
        f"การเตือนอัตโนมัติใช้ได้ {decision.allowance} จากโควตา {decision.budget} ข้อความต่อเดือน "
        f"ใช้ไปแล้ว {decision.spent} (ข้อความในกลุ่มนับตามจำนวนสมาชิก)",
        "ตั้งแต่วันนี้ถึงสิ้นเดือน บอทจะ:",
        *[f"{n}. {cut}" for n, cut in enumerate(cuts, start=1)],
        "สรุปประจำเดือนยังส่งตามปกติ และการตอบกลับในแชตไม่เสียโควตา",
        "ปรับได้ด้วยคำสั่ง python -m bot policy --budget N --share PERCENT",
    ]
    return {"type": "text", "text": "\n".join(lines)}


def delivery_failed(where: str, what: str, error: str) -> dict:
    return {"type": "text", "text": (
        f"⚠️ ส่งข้อความ{what}ถึง{where}ไม่สำเร็จหลังลองหลายครั้ง\n"
        f"สาเหตุจาก LINE: {error[:200]}\n"
        "หากเกิดซ้ำ โปรดตรวจสอบบัญชี LINE Official Account และโควตาข้อความ")}


def group_removed(group_label: str, unit_name: str | None) -> dict:
    where = f"กลุ่มของ{unit_name}" if unit_name else group_label
    after = (f"ต่อจากนี้จะส่งการเตือนงานของ{unit_name}ถึงเจ้าหน้าที่แต่ละคนทางแชตส่วนตัวแทน "
             "หากต้องการใช้กลุ่มเดิม โปรดเชิญบอทเข้ากลุ่มอีกครั้งแล้วผูกกลุ่มใหม่"
             if unit_name else "")
    return {"type": "text", "text": f"ℹ️ บอทไม่ได้อยู่ใน{where}แล้ว (อาจถูกนำออกจากกลุ่ม)\n{after}"
            .strip()}
