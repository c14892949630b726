"""The demo organization loaded in local mode, so a newcomer can talk to a working bot.

Items, titles and responsible units follow seed 000 (อบต.หนองตะไก่'s OIT report); due
dates are placed in the current fiscal year so some are late, some due soon.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.thai.calendar_words import fiscal_year_bounds, fiscal_year_of
from models import (
    ChatGroup,
    FiscalYear,
    Measure,
    MeasureRef,
    MeasureUnit,
    Membership,
    Organization,
    Person,
    Role,
    Task,
    Unit,
)

UNITS = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา"]


@dataclass(frozen=True)
class DemoPerson:
    line_user_id: str
    name: str
    role: str
    unit: str | None
    label: str  # how the /dev page offers this identity


PEOPLE = [
    DemoPerson("Udemo0officer0finance", "สมศรี ใจดี", Role.OFFICER, "กองคลัง", "เจ้าหน้าที่ กองคลัง"),
    DemoPerson("Udemo0officer0works", "สมชาย ทองมา", Role.OFFICER, "กองช่าง", "เจ้าหน้าที่ กองช่าง"),
    DemoPerson("Udemo0officer0office", "วิไล แก้วประเสริฐ", Role.OFFICER, "สำนักปลัด", "นิติกร สำนักปลัด"),
    DemoPerson("Udemo0head0finance", "ประภา บุญเรือง", Role.HEAD, "กองคลัง", "ผู้อำนวยการกองคลัง"),
    DemoPerson("Udemo0executive", "สมหมาย ศรีสวัสดิ์", Role.EXECUTIVE, None, "นายก (ผู้บริหาร)"),
    DemoPerson("Udemo0coordinator", "กตัญญา พรหมมา", Role.COORDINATOR, None, "ผู้ประสานงาน ITA"),
]

# The organization of seed 000; replaces the configuration's placeholder name in the demo.
DEMO_ORG_NAME = "อบต.หนองตะไก่"
PLACEHOLDER_ORG_NAMES = ("", "หน่วยงานของฉัน")

# People not registered yet, whom the /dev page offers; LINE would tell us their names.
NEWCOMER_NAMES = {"Udemo0newcomer": "มานพ ศรีสุข", "Udemo0newcomer2": "ศิริพร คำแก้ว"}

GROUPS = [("Cdemo0finance", "กองคลัง", "กลุ่มไลน์ กองคลัง"),
          ("Cdemo0works", "กองช่าง", "กลุ่มไลน์ กองช่าง"),
          ("Cdemo0all", None, "กลุ่มไลน์ ทั้งองค์กร")]

# (item, indicator, title, units, month of the fiscal year it is due: 1 = October, 0 = monthly)
ITEMS = [
    ("o1", 9, "โครงสร้างหน่วยงาน", ["สำนักปลัด"], 1),
    ("o2", 9, "ข้อมูลผู้บริหาร", ["สำนักปลัด"], 1),
    ("o6", 9, "กฎหมายที่เกี่ยวข้อง", ["สำนักปลัด", "กองคลัง", "กองช่าง"], 3),
    ("o11", 9, "แผนดำเนินงานประจำปี", ["สำนักปลัด"], 2),
    ("o12", 9, "รายงานผลการดำเนินงานประจำปี รอบ 6 เดือน", ["กองคลัง"], 7),
    ("o13", 9, "รายงานผลการดำเนินงานประจำปี", ["กองคลัง"], 12),
    ("o14", 9, "คู่มือหรือมาตรฐานการปฏิบัติงาน", ["กองคลัง", "กองช่าง", "กองการศึกษา"], 4),
    ("o15", 9, "คู่มือหรือมาตรฐานการให้บริการ", ["กองช่าง"], 4),
    ("o18", 9, "แผนการใช้จ่ายงบประมาณประจำปี", ["กองคลัง"], 2),
    ("o19", 9, "รายงานการกำกับติดตามการใช้จ่ายงบประมาณ รอบ 6 เดือน", ["กองคลัง"], 7),
    ("o21", 9, "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ", ["กองคลัง"], 2),
    ("o23", 9, "สรุปผลการจัดซื้อจัดจ้างรายเดือน", ["กองคลัง"], 0),
    ("o34", 10, "การประเมินความเสี่ยงการทุจริตประจำปี", ["สำนักปลัด"], 3),
    ("o36", 10, "แผนปฏิบัติการป้องกันการทุจริต", ["สำนักปลัด"], 3),
    ("o42", 10, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", ["สำนักปลัด"], 5),
    ("o43", 10, "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส", ["สำนักปลัด"], 12),
]


def _month_end(fy_start: date, month_index: int) -> date:
    """Last day of the n-th month of the fiscal year (1 = October)."""
    year = fy_start.year + (fy_start.month - 1 + month_index - 1) // 12
    month = (fy_start.month - 1 + month_index - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def load_demo(session: Session, org: Organization, today: date) -> bool:
    """Create the demo units, people, groups and plan once; False if already there."""
    if org.name in PLACEHOLDER_ORG_NAMES:
        org.name = DEMO_ORG_NAME  # digests and charts are titled with it
    has_plan = session.scalar(select(Measure.id).where(Measure.org_id == org.id).limit(1))
    has_people = session.scalar(select(Person.id).where(
        Person.org_id == org.id, Person.line_user_id.in_([p.line_user_id for p in PEOPLE])).limit(1))
    if has_plan and has_people:
        return False
    units = {}
    for name in UNITS:
        units[name] = session.scalar(select(Unit).where(Unit.org_id == org.id, Unit.name == name)) \
            or Unit(org_id=org.id, name=name)
        session.add(units[name])
    if not has_people:  # a plan imported first (python -m bot import) still gets the demo people
        for p in PEOPLE:
            person = Person(org_id=org.id, line_user_id=p.line_user_id, display_name=p.name)
            person.memberships.append(Membership(unit=units[p.unit] if p.unit else None, role=p.role))
            session.add(person)
        for group_id, unit, _ in GROUPS:
            session.add(ChatGroup(org_id=org.id, line_group_id=group_id, unit=units.get(unit),
                                  bound=True, member_count=8))
    if has_plan:
        return True

    year_be = fiscal_year_of(today)
    start, end = fiscal_year_bounds(year_be)
    fy = FiscalYear(org_id=org.id, year_be=year_be, starts_on=start, ends_on=end)
    session.add(fy)
    session.flush()
    for position, (ref, indicator, title, unit_names, month) in enumerate(ITEMS):
        measure = Measure(org_id=org.id, fiscal_year_id=fy.id, key=f"demo-{ref}", title=title,
                          tool="OIT", indicator=indicator, steps="จัดทำข้อมูล รายงานผู้บริหาร "
                          "และเผยแพร่บนเว็บไซต์หน่วยงาน", source_file="demo", source_line=position)
        measure.refs.append(MeasureRef(ref=ref, position=0))
        session.add(measure)
        session.flush()
        months = range(1, 13) if month == 0 else [month]
        for name in unit_names:
            session.add(MeasureUnit(measure_id=measure.id, unit_id=units[name].id))
            for m in months:
                due = _month_end(start, m)
                suffix = f" ({due.month:02d}/{due.year + 543})" if month == 0 else ""
                session.add(Task(org_id=org.id, measure_id=measure.id, unit_id=units[name].id,
                                 key=f"{ref}:{name}:{m}", title=title + suffix, due_on=due))
    return True
