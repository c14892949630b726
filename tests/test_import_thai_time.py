"""Thai time phrases → due dates, one phrase per row (fiscal year 2566 = 1 Oct 2565 – 30 Sep
2566 unless the row says otherwise)."""

from __future__ import annotations

from datetime import date

import pytest

from documents.importer.thai_time import (
    FiscalFrame,
    ImpossibleDate,
    find_done,
    find_specs,
    parse_date_value,
)

MONTH_ENDS_2566 = (
    "2022-10-31",
    "2022-11-30",
    "2022-12-31",
    "2023-01-31",
    "2023-02-28",
    "2023-03-31",
    "2023-04-30",
    "2023-05-31",
    "2023-06-30",
    "2023-07-31",
    "2023-08-31",
    "2023-09-30",
)

# phrase, fiscal year, loose?, [(kind, due dates)]
SPECS = [
    ("ภายในเดือนมกราคม ๒๕๖๖", 2566, True, [("deadline", ("2023-01-31",))]),
    ("ภายใน เดือนมกราคม", 2566, True, [("deadline", ("2023-01-31",))]),
    ("ภายในเดือน ตุลาคม", 2566, True, [("deadline", ("2022-10-31",))]),
    ("ภายในเดือนกันยายน ๒๕๖๕", 2566, True, [("deadline", ("2022-09-30",))]),
    ("ภายในวันที่ ๑๕ ธ.ค. ๖๕", 2566, True, [("deadline", ("2022-12-15",))]),
    ("๑ ต.ค ๖๕ - ๓๐ ก.ย ๖๖", 2566, True, [("period", ("2023-09-30",))]),
    ("ต.ต. ๖๓ - มี.ค. ๖๔", 2564, True, [("period", ("2021-03-31",))]),
    ("ตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖", 2566, True, [("period", ("2023-03-31",))]),
    ("ทุกเดือน", 2566, False, [("monthly", MONTH_ENDS_2566)]),
    ("รายงานสรุปผลรายเดือน", 2566, False, [("monthly", MONTH_ENDS_2566)]),
    ("๑ เดือน /ครั้ง", 2566, True, [("monthly", MONTH_ENDS_2566)]),
    ("ทุกวัน", 2566, True, [("daily", MONTH_ENDS_2566)]),
    (
        "อย่างน้อยไตรมาส ละ ๑ ครั้ง",
        2566,
        False,
        [("quarterly", ("2022-12-31", "2023-03-31", "2023-06-30", "2023-09-30"))],
    ),
    ("ทุกไตรมาส", 2566, False, [("quarterly", ("2022-12-31", "2023-03-31", "2023-06-30", "2023-09-30"))]),
    (
        "ทุก ๖ เดือน ภายในเดือนเมษายน และเดือนตุลาคม ของทุกปี",
        2566,
        False,
        [("semiannual", ("2023-04-30", "2023-10-31"))],
    ),
    ("ทุก ๖ เดือน", 2566, False, [("semiannual", ("2023-03-31", "2023-09-30"))]),
    (
        "รายงานผลการดำเนินงานเสนอผู้บริหารในเดือนเมษายนและกันยายนของทุกปี",
        2564,
        False,
        [("months", ("2021-04-30", "2021-09-30"))],
    ),
    ("ปีละ ๑ ครั้ง", 2566, True, [("yearly", ("2023-09-30",))]),
    ("๑๕ วัน", 2564, True, [("duration", ("2020-10-16",))]),
    ("๓๐ วัน", 2564, True, [("duration", ("2020-10-31",))]),
    (
        "๑๕ วัน ๑ เดือน /ครั้ง",
        2564,
        True,
        [
            ("duration", ("2020-10-16",)),
            ("monthly", tuple(f"{int(d[:4]) - 2}{d[4:]}" for d in MONTH_ENDS_2566)),
        ],
    ),
    ("ให้เป็นปัจจุบันในปีงบประมาณ พ.ศ. ๒๕๖๖", 2566, True, [("fiscal_year", ("2023-09-30",))]),
    (
        "รายงานผล รอบ ๖ เดือน ของปีงบประมาณ พ.ศ. ๒๕๖๖ ภายในเดือน เมษายน ๒๕๖๖",
        2566,
        True,
        [("deadline", ("2023-04-30",))],
    ),
    ("สรุปผลรายเดือนให้ครบทุกเดือน", 2566, False, [("monthly", MONTH_ENDS_2566)]),
    ("ไม่เกิน ๗ วันหลังเสร็จสิ้นแต่ละภารกิจ", 2566, True, []),
    (
        "ตรวจสอบการใช้ทรัพย์สินของหน่วยงานใน ปีงบประมาณ พ.ศ. ๒๕๖๖ ทุกเดือน",
        2566,
        False,
        [("monthly", MONTH_ENDS_2566)],
    ),
    ("รายงานผลการใช้จ่ายงบประมาณ เดือนตุลาคม - มีนาคม", 2566, False, []),
    ("อย่างสม่ำเสมอเป็นปัจจุบัน", 2566, True, []),
]


@pytest.mark.parametrize(("phrase", "year", "loose", "expected"), SPECS, ids=[row[0][:30] for row in SPECS])
def test_phrase_gives_due_dates(phrase, year, loose, expected):
    specs = find_specs(phrase, FiscalFrame.of(year), loose)
    assert [(s.kind, tuple(d.isoformat() for d in s.dues)) for s in specs] == expected


def test_whole_fiscal_year_period_is_weak():
    (spec,) = find_specs("๑ ต.ค ๖๕ - ๓๐ ก.ย ๖๖", FiscalFrame.of(2566))
    assert spec.weak


def test_durations_count_from_the_stated_plan_start():
    frame = FiscalFrame.of(2566, plan_start=date(2022, 11, 1))
    (spec,) = find_specs("๓๐ วัน", frame)
    assert spec.dues == (date(2022, 12, 1),)


# done text, fiscal year, [(date or None, day missing)]
DONE = [
    ("ดำเนินการเมื่อวันที่ ๒๐ เดือน ตุลาคม พ.ศ. ๒๕๖๕", 2566, [("2022-10-20", False)]),
    ("๒. ดำเนินการเมื่อวันที่ ๑๐ เดือน เมษายน ๒๕๖๖", 2566, [("2023-04-10", False)]),
    ("ดำเนินการเมื่อ วันที่ ๕ เดือน เมษายน พ.ศ. ๒๕๖๖", 2566, [("2023-04-05", False)]),
    ("ดำเนินการเมื่อวันที่ เดือน มีนาคม พ.ศ. ๒๕๖๖", 2566, [(None, True)]),
    ("ประชุมเมื่อวันที่ ๑๑ มกราคม ๒๕๖๖ เวลา ๐๙.๓๐ น", 2566, [("2023-01-11", False)]),
    ("สรุปผล รอบ ๖ เดือน ภายในเดือนเมษายน ๒๕๖๖", 2566, []),
]


@pytest.mark.parametrize(("text", "year", "expected"), DONE, ids=[r[0][:30] for r in DONE])
def test_done_dates(text, year, expected):
    marks = find_done(text, FiscalFrame.of(year))
    assert [(m.on.isoformat() if m.on else None, m.day_missing) for m in marks] == expected


@pytest.mark.parametrize("text", ["ดำเนินการเมื่อวันที่ ๓๑ กุมภาพันธ์ ๒๕๖๖", "ดำเนินการเมื่อวันที่ 31 เมษายน 2566"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ImpossibleDate, match="impossible date"):
        find_done(text, FiscalFrame.of(2566))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2023, 1, 31), date(2023, 1, 31)),
        ("2023-01-31", date(2023, 1, 31)),
        ("31/01/2566", date(2023, 1, 31)),
        ("๓๑ ม.ค. ๖๖", date(2023, 1, 31)),
        ("ทุกเดือน", None),
        ("", None),
    ],
)
def test_spreadsheet_date_cells(value, expected):
    assert parse_date_value(value, FiscalFrame.of(2566)) == expected
