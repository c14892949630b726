"""A fixed plan with a year of history for the report tests (no tests here).

FY 2566 of one organization, two units (สำนักปลัด, กองคลัง):
  o1  ข้อมูลพื้นฐาน          both units, due 31 Jan 2566; สำนักปลัด done 20 Jan (LINE, with a link),
                              กองคลัง done 25 Jan (a button) recorded on 5 Feb
  o14 สรุปผลจัดซื้อจัดจ้าง    กองคลัง, monthly Oct–Mar; Oct and Nov done, Dec in progress with a
                              problem reported, the rest not started
  o36 ประเมินความเสี่ยง      สำนักปลัด, due 31 Mar and 30 Jun, never updated
  e8  ช่องทางรับฟังคำติชม    กองคลัง, due 30 Apr, imported as done on 10 Feb
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from handlers.thai.calendar_words import fiscal_year_bounds
from models import (
    FiscalYear,
    Measure,
    MeasureRef,
    MeasureUnit,
    Membership,
    Organization,
    Person,
    StatusChange,
    Task,
    Unit,
)

BKK = ZoneInfo("Asia/Bangkok")
SP, KK = "สำนักปลัด", "กองคลัง"
EVIDENCE = "https://example.go.th/ita/o1-basic-info"
PROBLEM_NOTE = "รอลงนามผู้บริหาร ยังเผยแพร่ไม่ได้"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BKK)


@dataclass
class Plan:
    org_id: int
    units: dict[str, int]
    officer_id: int


def build_plan(session: Session, org_id: int | None = None) -> Plan:
    if org_id is None:
        org = Organization(slug="report-test", name="เทศบาลตำบลทดสอบ")
        session.add(org)
        session.flush()
        org_id = org.id
    starts, ends = fiscal_year_bounds(2566)
    fy = FiscalYear(org_id=org_id, year_be=2566, starts_on=starts, ends_on=ends)
    units = {name: Unit(org_id=org_id, name=name) for name in (SP, KK)}
    session.add_all([fy, *units.values()])
    session.flush()
    officer = Person(org_id=org_id, line_user_id="Ureport-officer", display_name="สมศรี ใจดี")
    officer.memberships.append(Membership(unit_id=units[SP].id, role="officer"))
    session.add(officer)
    session.flush()

    def measure(key, title, tool, indicator, ref, unit_names, steps="๑.จัดทำข้อมูล ๒.รายงานผู้บริหาร"):
        m = Measure(org_id=org_id, fiscal_year_id=fy.id, key=key, title=title, tool=tool,
                    indicator=indicator, steps=steps)
        m.refs.append(MeasureRef(ref=ref, position=0))
        for name in unit_names:
            m.units.append(MeasureUnit(unit_id=units[name].id))
        session.add(m)
        session.flush()
        return m

    def task(m, unit, key, title, due, status="not_started", done_on=None):
        t = Task(org_id=org_id, measure_id=m.id, unit_id=units[unit].id,
                 key=f"{key}@u{units[unit].id}", title=title, due_on=due, status=status,
                 done_on=done_on)
        session.add(t)
        session.flush()
        return t

    def change(t, to, when, done_on=None, source="line", note="", urls="", person=None, before=None):
        session.add(StatusChange(task_id=t.id, from_status=before or "not_started", to_status=to,
                                 done_on=done_on, source=source, note=note, evidence_urls=urls,
                                 person_id=person, created_at=at(when),
                                 line_message_id="4761234567890" if source == "line" else None))

    m1 = measure("m1", "ข้อมูลพื้นฐาน", "OIT", 9, "o1", (SP, KK))
    a = task(m1, SP, "w1", "เผยแพร่ข้อมูลพื้นฐาน ภายในเดือนมกราคม", date(2023, 1, 31), "done", date(2023, 1, 20))
    b = task(m1, KK, "w1", "เผยแพร่ข้อมูลพื้นฐาน ภายในเดือนมกราคม", date(2023, 1, 31), "done", date(2023, 1, 25))
    change(a, "done", "2023-01-20 14:00", date(2023, 1, 20), note="o1 เสร็จแล้ว", urls=EVIDENCE,
           person=officer.id)
    change(b, "done", "2023-02-05 09:00", date(2023, 1, 25), source="postback")

    m2 = measure("m2", "สรุปผลการจัดซื้อจัดจ้างรายเดือน", "OIT", 9, "o14", (KK,))
    months = [(2022, 10, 31), (2022, 11, 30), (2022, 12, 31), (2023, 1, 31), (2023, 2, 28), (2023, 3, 31)]
    monthly = [task(m2, KK, f"w1@{y}{mo:02d}", f"สรุปผลการจัดซื้อจัดจ้างทุกเดือน ({mo}/{y})", date(y, mo, d))
               for y, mo, d in months]
    for t, done in zip(monthly[:2], (date(2022, 11, 3), date(2022, 12, 2)), strict=True):
        t.status, t.done_on = "done", done
        change(t, "done", f"{done.isoformat()} 10:00", done)
    monthly[2].status = "in_progress"
    change(monthly[2], "in_progress", "2023-01-05 10:00")
    change(monthly[2], "problem", "2023-01-06 10:00", note=PROBLEM_NOTE, before="in_progress")

    m3 = measure("m3", "ประเมินความเสี่ยงการทุจริต", "OIT", 10, "o36", (SP,))
    task(m3, SP, "w1", "ประเมินความเสี่ยง ภายในเดือนมีนาคม", date(2023, 3, 31))
    task(m3, SP, "w2", "รายงานการจัดการความเสี่ยง ภายในเดือนมิถุนายน", date(2023, 6, 30))

    m4 = measure("m4", "ช่องทางรับฟังคำติชม", "EIT", 7, "e8", (KK,))
    t4 = task(m4, KK, "w1", "รายงานช่องทางรับฟังความคิดเห็น ภายในเดือนเมษายน", date(2023, 4, 30), "done",
              date(2023, 2, 10))
    change(t4, "done", "2023-02-10 08:00", date(2023, 2, 10), source="import", note="นำเข้าจาก plan.docx")
    session.flush()
    return Plan(org_id=org_id, units={n: u.id for n, u in units.items()}, officer_id=officer.id)
