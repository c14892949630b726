"""The report model from a fixed plan and history: statuses, dates, problems, evidence,
scope and the day the report speaks for (tests/report_support.py describes the plan)."""

from __future__ import annotations

from datetime import date

import pytest

from documents.report import ReportError, build_report
from models.db import transaction
from tests.report_support import EVIDENCE, KK, PROBLEM_NOTE, SP, build_plan

D = date
CASES = [
    # (case, today, unit, title → (status, done dates, problems, evidence))
    ("after the round", D(2023, 4, 10), None, {
        "ข้อมูลพื้นฐาน": ("done", (D(2023, 1, 25),), (), (EVIDENCE,)),
        "สรุปผลการจัดซื้อจัดจ้างรายเดือน": ("in_progress", (D(2022, 11, 3), D(2022, 12, 2)),
                                          (PROBLEM_NOTE,), ()),
        "ประเมินความเสี่ยงการทุจริต": ("not_started", (), (), ()),
        "ช่องทางรับฟังคำติชม": ("done", (D(2023, 2, 10),), (), ()),
    }),
    ("before กองคลัง recorded o1", D(2023, 2, 1), None, {
        "ข้อมูลพื้นฐาน": ("in_progress", (), (), (EVIDENCE,)),
        "สรุปผลการจัดซื้อจัดจ้างรายเดือน": ("in_progress", (D(2022, 11, 3), D(2022, 12, 2)),
                                          (PROBLEM_NOTE,), ()),
        "ประเมินความเสี่ยงการทุจริต": ("not_started", (), (), ()),
        "ช่องทางรับฟังคำติชม": ("not_started", (), (), ()),
    }),
    ("early in the year", D(2022, 11, 15), None, {
        "ข้อมูลพื้นฐาน": ("not_started", (), (), ()),
        "สรุปผลการจัดซื้อจัดจ้างรายเดือน": ("in_progress", (D(2022, 11, 3),), (), ()),
        "ประเมินความเสี่ยงการทุจริต": ("not_started", (), (), ()),
        "ช่องทางรับฟังคำติชม": ("not_started", (), (), ()),
    }),
    ("กองคลัง only", D(2023, 4, 10), KK, {
        "ข้อมูลพื้นฐาน": ("done", (D(2023, 1, 25),), (), ()),
        "สรุปผลการจัดซื้อจัดจ้างรายเดือน": ("in_progress", (D(2022, 11, 3), D(2022, 12, 2)),
                                          (PROBLEM_NOTE,), ()),
        "ช่องทางรับฟังคำติชม": ("done", (D(2023, 2, 10),), (), ()),
    }),
    ("สำนักปลัด only", D(2023, 4, 10), SP, {
        "ข้อมูลพื้นฐาน": ("done", (D(2023, 1, 20),), (), (EVIDENCE,)),
        "ประเมินความเสี่ยงการทุจริต": ("not_started", (), (), ()),
    }),
]


@pytest.fixture
def plan(factory):
    with transaction(factory) as session:
        return build_plan(session)


@pytest.mark.parametrize(("case", "today", "unit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_row_states_what_the_history_says_on_the_reports_day(factory, plan, case, today, unit,
                                                                  expected):
    with factory() as session:
        report = build_report(session, plan.org_id, 2566, 6,
                              plan.units[unit] if unit else None, today=today)
    got = {r.title: (r.status, r.done_dates, r.problems, r.evidence) for r in report.rows}
    assert got == expected


def test_rows_are_grouped_by_indicator_in_plan_order_with_units_and_deadlines(factory, plan):
    with factory() as session:
        report = build_report(session, plan.org_id, 2566, 6, today=D(2023, 4, 10))
    assert [(g.tool, g.indicator, g.name, [r.title for r in g.rows]) for g in report.groups] == [
        ("OIT", 9, "การเปิดเผยข้อมูล", ["ข้อมูลพื้นฐาน", "สรุปผลการจัดซื้อจัดจ้างรายเดือน"]),
        ("OIT", 10, "การป้องกันการทุจริต", ["ประเมินความเสี่ยงการทุจริต"]),
        ("EIT", 7, "ประสิทธิภาพการสื่อสาร", ["ช่องทางรับฟังคำติชม"]),
    ]
    basic, monthly, risk, _ = report.rows
    assert basic.units == (SP, KK) and monthly.units == (KK,)
    assert [i.due_on for i in monthly.items] == [D(2022, 10, 31), D(2022, 11, 30), D(2022, 12, 31),
                                                  D(2023, 1, 31), D(2023, 2, 28), D(2023, 3, 31)]
    assert len({i.series for i in monthly.items}) == 1
    assert [i.due_on for i in risk.items] == [D(2023, 3, 31), D(2023, 6, 30)]


def test_the_summary_counts_measures_per_unit(factory, plan):
    with factory() as session:
        report = build_report(session, plan.org_id, 2566, 6, today=D(2023, 4, 10))
    assert [(s.unit, s.done, s.in_progress, s.not_started) for s in report.summary] == [
        (SP, 1, 0, 1), (KK, 2, 1, 0)]
    assert (report.totals.done, report.totals.in_progress, report.totals.not_started) == (2, 1, 1)


@pytest.mark.parametrize(("round_", "today", "period_end", "running"), [
    (6, D(2023, 3, 1), D(2023, 3, 31), True),
    (6, D(2023, 4, 10), D(2023, 3, 31), False),
    (12, D(2023, 4, 10), D(2023, 9, 30), True),
    (12, D(2023, 10, 5), D(2023, 9, 30), False),
])
def test_a_round_still_running_says_so(factory, plan, round_, today, period_end, running):
    with factory() as session:
        report = build_report(session, plan.org_id, 2566, round_, today=today)
    assert (report.period_start, report.period_end, report.running) == (D(2022, 10, 1), period_end, running)


def test_the_trail_names_who_when_and_which_line_message(factory, plan):
    with factory() as session:
        report = build_report(session, plan.org_id, 2566, 6, today=D(2023, 4, 10))
    first = report.rows[0].trail[0]
    assert (first.who, first.unit, first.to_status, first.done_on, first.source,
            first.line_message_id, first.evidence) == (
        "สมศรี ใจดี", SP, "done", D(2023, 1, 20), "line", "4761234567890", (EVIDENCE,))


@pytest.mark.parametrize(("year", "round_", "message"), [
    (2570, 6, "ยังไม่มีแผนมาตรการของปีงบประมาณ 2570"),
    (2566, 9, "รอบรายงานมีเฉพาะรอบ 6 เดือนและรอบ 12 เดือน"),
])
def test_a_report_that_cannot_exist_is_refused_in_thai(factory, plan, year, round_, message):
    with factory() as session, pytest.raises(ReportError, match=message):
        build_report(session, plan.org_id, year, round_)
