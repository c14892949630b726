"""`ขอรายงานรอบ 6 เดือน`: a download link to the official report (documents/report draws it,
bot/report_route.py serves it).

Who gets what: a coordinator or an executive gets the whole organization's report; a head
gets their unit's (one link per unit they head). An officer is politely told to ask their
head: the official report is signed by heads and executives, and an officer's own progress
is one "สถานะ" away. Links go out in 1:1 chat only, since a group would show them (and an
organization-wide report) to everyone in it.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from handlers.context import Context
from handlers.messages import say, text
from handlers.outcome import Outcome, UserMistake
from handlers.registration import HOW_TO_REGISTER
from handlers.thai.calendar_words import fiscal_year_of, thai_date, thai_digits_to_arabic, year_to_ce
from models import FiscalYear, Measure, Role, Unit
from models.report_links import CHAT_LINK_TTL, new_report_link, report_url

_ROUND = re.compile(r"(6|12)\s*เดือน")
_YEAR = re.compile(r"(?<!\d)(25\d\d|20\d\d)(?!\d)|ปี(?:งบประมาณ)?\s*(?:พ\.ศ\.\s*)?(\d\d)(?!\d)")
FORMAT_WORDS = (("pdf", "PDF"), ("docx", "Word (แก้ไขได้)"), ("xlsx", "Excel"))
QUICK = [say("ขอรายงานรอบ 6 เดือน"), say("ขอรายงานรอบ 12 เดือน"), say("สถานะ")]


def which_report(message: str, today: date) -> tuple[int, int]:
    """(fiscal year B.E., round) a message asks for. A year alone asks for that year's
    12-month report ("รายงานผลปี 2566"). With no round said, the round being reported
    now: November–April the 6-month one, May–September the 12-month one, October the
    12-month report of the year that just ended."""
    words = thai_digits_to_arabic(message)
    round_match, year_match = _ROUND.search(words), _YEAR.search(words)
    year = fiscal_year_of(today)
    if year_match:
        year = year_to_ce(int(year_match.group(1) or year_match.group(2))) + 543
    if round_match:
        return year, int(round_match.group(1))
    if year_match:
        return year, 12
    if today.month == 10:
        return year - 1, 12
    return year, 6 if today.month in (11, 12, 1, 2, 3, 4) else 12


def report(ctx: Context, parsed) -> Outcome:
    if ctx.sender is None:
        raise UserMistake(HOW_TO_REGISTER)
    head_units = sorted({m.unit_id for m in ctx.sender.memberships
                         if m.role == Role.HEAD and m.unit_id is not None})
    if not ctx.org_wide and not head_units:
        raise UserMistake("รายงานผลรอบ 6 และ 12 เดือนขอได้โดยหัวหน้าส่วนราชการ ผู้ประสานงาน ITA "
                          "หรือผู้บริหารครับ ดูความคืบหน้างานของกองได้โดยพิมพ์ “สถานะ”")
    if ctx.event.in_group:
        raise UserMistake("ขอรายงานทางแชตส่วนตัวกับบอทนะครับ ลิงก์ดาวน์โหลดจะได้ไม่ถูกส่งต่อในกลุ่ม")
    fiscal_year, round_ = which_report(ctx.event.text, ctx.today)
    planned = _planned_years(ctx)
    if fiscal_year not in planned and not _YEAR.search(thai_digits_to_arabic(ctx.event.text)):
        # No year said and none planned this year: the latest year with a plan (an imported
        # report of an earlier year, say).
        fiscal_year = max((y for y in planned if y < fiscal_year), default=fiscal_year)
    if fiscal_year not in planned:
        raise UserMistake(f"ยังไม่มีแผนมาตรการของปีงบประมาณ {fiscal_year} ในระบบครับ "
                          "ผู้ประสานงานนำเข้าแผนได้ด้วยคำสั่ง python -m bot import")
    scopes: list[tuple[int | None, str]] = [(None, "ทั้งองค์กร")]
    if not ctx.org_wide:
        names = dict(ctx.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(head_units))).all())
        scopes = [(unit_id, names.get(unit_id, "")) for unit_id in head_units[:3]]
    outcome = Outcome()
    for unit_id, scope in scopes:
        token = new_report_link(ctx.session, org_id=ctx.org.id, fiscal_year=fiscal_year,
                                round_=round_, unit_id=unit_id, person_id=ctx.sender.id, now=ctx.now)
        outcome.add(text(_reply(fiscal_year, round_, scope, ctx, token), quick=QUICK))
    return outcome


def _planned_years(ctx: Context) -> set[int]:
    """Fiscal years (B.E.) of this organization that have measures."""
    return set(ctx.session.scalars(
        select(FiscalYear.year_be).join(Measure, Measure.fiscal_year_id == FiscalYear.id)
        .where(FiscalYear.org_id == ctx.org.id).distinct()))


def _reply(fiscal_year: int, round_: int, scope: str, ctx: Context, token: str) -> str:
    lines = [f"📄 รายงานผลการดำเนินการตามมาตรการ ITA ปีงบประมาณ {fiscal_year} "
             f"รอบ {round_} เดือน ({scope})"]
    lines += [f"{label}: {report_url(ctx.public_base_url, token, fmt)}" for fmt, label in FORMAT_WORDS]
    expires = (ctx.now + CHAT_LINK_TTL).astimezone(ctx.tz).date()
    lines.append(f"เปิดลิงก์เมื่อใดก็ได้ข้อมูลล่าสุด ณ วันนั้น ใช้ได้ถึง {thai_date(expires)} "
                 "โปรดอย่าส่งต่อลิงก์นี้")
    return "\n".join(lines)
