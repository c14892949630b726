"""What a careful coordinator reads from each seed document, written down by hand.

One row per expectation. `title` is a fragment that identifies the measure in the
importer's output. Tasks are written "DUE STATUS [DONE_ON]" in document order (`-` for no
due date); a monthly or quarterly obligation is spelled out with the helpers below.

Decisions these rows encode (docs/IMPORT.md has the reasons):
* "every unit" (ทุกส่วนราชการ, ทุกกอง, ทุกภารกิจงาน …) on a fresh database is the standard set
  สำนักปลัด, กองคลัง, กองช่าง plus the units the document names;
* executives' monthly monitoring makes no tasks; officers' reporting to them does;
* score-analysis and per-indicator summary tables are not measures;
* a report table that repeats the plan table's measures adds to them (002, 004).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from documents.importer.thai_time import month_end

SP, KK, KC = "สำนักปลัด", "กองคลัง", "กองช่าง"
YUT = "กองยุทธศาสตร์และงบประมาณ"
WICHA = "กองวิชาการและแผนงาน"


def monthly(fiscal_year: int, done: dict[str, str] | None = None) -> tuple[str, ...]:
    """Twelve month-end tasks of a fiscal year; `done` maps "YYYY-MM" → done date."""
    done = done or {}
    start = fiscal_year - 544
    out = []
    for i in range(12):
        year, month = (start, 10 + i) if i < 3 else (start + 1, i - 2)
        due = month_end(year, month)
        key = f"{year}-{month:02d}"
        out.append(f"{due} done {done[key]}" if key in done else f"{due} not_started")
    return tuple(out)


def quarterly(fiscal_year: int, done: dict[str, str] | None = None) -> tuple[str, ...]:
    done = done or {}
    start = fiscal_year - 544
    dues = [date(start, 12, 31), date(start + 1, 3, 31), date(start + 1, 6, 30), date(start + 1, 9, 30)]
    return tuple(f"{d} done {done[str(d)[:7]]}" if str(d)[:7] in done else f"{d} not_started" for d in dues)


@dataclass(frozen=True)
class Document:
    seed: str
    organization: str
    fiscal_year: int
    measures: int
    tasks: int  # work items, not multiplied by units
    dated_tasks: int
    done: int
    in_progress: int
    skipped_tables: int  # analysis/summary tables reported as skipped


DOCUMENTS = (
    Document(
        "000",
        "องค์การบริหารส่วนตำบลหนองตะไก่",
        2566,
        measures=30,
        tasks=30,
        dated_tasks=0,
        done=25,
        in_progress=5,
        skipped_tables=1,
    ),
    Document(
        "001",
        "เทศบาลตำบลพุทไธสง",
        2566,
        measures=13,
        tasks=53,
        dated_tasks=52,
        done=17,
        in_progress=0,
        skipped_tables=0,
    ),
    Document(
        "002",
        "เทศบาลเมืองปรกฟ้า",
        2564,
        measures=10,
        tasks=35,
        dated_tasks=35,
        done=10,
        in_progress=0,
        skipped_tables=1,
    ),
    Document(
        "003",
        "องค์การบริหารส่วนตำบลคึมใหญ่",
        2564,
        measures=10,
        tasks=30,
        dated_tasks=30,
        done=0,
        in_progress=0,
        skipped_tables=1,
    ),
    Document(
        "004",
        "เทศบาลตำบลกระปี่น้อย",
        2566,
        measures=5,
        tasks=16,
        dated_tasks=16,
        done=4,
        in_progress=0,
        skipped_tables=0,
    ),
)


@dataclass(frozen=True)
class Measure:
    seed: str
    title: str
    tool: str | None
    indicator: int | None
    refs: tuple[str, ...]
    units: tuple[str, ...]
    tasks: tuple[str, ...] | None = None  # None: not checked task by task


def _tick(status: str) -> tuple[str, ...]:
    return (f"- {status}",)


ALL_000 = (SP, KK, KC)
MEASURES = (
    # 000 — OIT items with status ticks; no dates anywhere; ✓ in one of three columns.
    Measure("000", "ข้อมูลผู้บริหาร", "OIT", 9, ("o2",), (SP,), _tick("done")),
    Measure("000", "กฎหมายที่เกี่ยวข้อง", "OIT", 9, ("o6",), ALL_000, _tick("done")),
    Measure("000", "Q&A", "OIT", 9, ("o8",), (SP,), _tick("done")),
    Measure("000", "Social Network", "OIT", 9, ("o9",), (SP,), _tick("done")),
    Measure("000", "แผนดำเนินงาน", "OIT", 9, ("o10",), (SP,), _tick("done")),
    Measure("000", "รายงานการติดตามการดำเนินงานประจำปี รอบ", "OIT", 9, ("o11",), (SP,), _tick("done")),
    Measure("000", "รายงานผลการดำเนินงานประจำปี", "OIT", 9, ("o12",), (SP, KK), _tick("done")),
    Measure("000", "คู่มือหรือมาตรฐานการปฏิบัติงาน", "OIT", 9, ("o13",), ALL_000, _tick("done")),
    Measure("000", "คู่มือหรือมาตรฐานการให้บริการ", "OIT", 9, ("o14",), (SP,), _tick("done")),
    Measure("000", "ข้อมูลเชิงสถิติการให้บริการ", "OIT", 9, ("o15",), (SP,), _tick("done")),
    Measure("000", "รายงานผลการสำรวจความพึงพอใจ", "OIT", 9, ("o16",), (SP,), _tick("done")),
    Measure("000", "E-Service", "OIT", 9, ("o17",), (SP,), _tick("done")),
    Measure("000", "แผนการใช้จ่ายงบประมาณประจำปี", "OIT", 9, ("o18",), (KK,), _tick("done")),
    Measure("000", "รายงานการกำกับติดตามการใช้จ่ายงบประมาณ", "OIT", 9, ("o19",), (KK,), _tick("done")),
    Measure("000", "รายงานผลการใช้จ่ายงบประมาณประจำปี", "OIT", 9, ("o20",), (KK,), _tick("done")),
    Measure("000", "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ", "OIT", 9, ("o21",), (KK,), _tick("done")),
    Measure("000", "สรุปผลการจัดซื้อจัดจ้างหรือจัดหาพัสดุรายเดือน", "OIT", 9, ("o23",), (KK,), _tick("in_progress")),
    Measure("000", "ข้อมูลเชิงสถิติเรื่องเรียนการทุจริต", "OIT", 9, (), (SP,), _tick("done")),
    Measure("000", "ช่องทางการรับฟังความคิดเห็น", "OIT", 9, (), (SP,), _tick("done")),
    Measure("000", "การเปิดโอกาสให้เกิดการมีส่วนร่วม", "OIT", 9, (), (SP,), _tick("done")),
    Measure("000", "นโยบายไม่รับของขวัญ", "OIT", 10, (), (SP,), _tick("done")),
    Measure("000", "การสร้างวัฒนธรรม", "OIT", 10, (), (SP,), _tick("done")),
    Measure("000", "การรายงานผลตามนโยบาย", "OIT", 10, (), (SP,), _tick("done")),
    Measure("000", "การประเมินความเสี่ยงการทุจริตประจำปี", "OIT", 10, ("o34",), (SP,), _tick("in_progress")),
    Measure("000", "การดำเนินการเพื่อจัดการความเสี่ยง", "OIT", 10, ("o35",), (SP,), _tick("in_progress")),
    Measure("000", "แผนปฏิบัติการป้องกันการทุจริต", "OIT", 10, ("o36",), (SP,), _tick("done")),
    Measure("000", "การรายงานการกำกับติดตามการดำเนินการ", "OIT", 10, ("o37",), (SP,), _tick("in_progress")),
    Measure("000", "รายงานผลการดำเนินการป้องกันการทุจริต", "OIT", 10, ("o38",), (SP,), _tick("in_progress")),
    Measure("000", "มาตรการส่งเสริมคุณธรรมและโปร่งใส", "OIT", 10, ("o42",), (SP,), _tick("done")),
    Measure("000", "การดำเนินการตามมาตรการส่งเสริม", "OIT", 10, ("o43",), (SP,), _tick("done")),
    # 001 — 6-month report: numbered deadlines, numbered done dates, officers' cadences.
    Measure(
        "001", "ข้อมูลพื้นฐาน", "OIT", 9, (), (SP, YUT), ("2023-01-31 done",)
    ),  # done in March 2566, the day left blank
    Measure(
        "001", "ชาวประชาสัมพันธ์", "OIT", 9, (), (SP, KK, KC, YUT), monthly(2566, {"2022-10": "2022-10-01"})
    ),
    Measure(
        "001",
        "แผนการดำเนินงาน/ การบริหารงบประมาณ",
        "OIT",
        9,
        (),
        (SP, KK, KC, YUT),
        ("2022-10-31 done 2022-10-20", "2023-04-30 done 2023-04-19", "2022-12-31 done 2022-12-20"),
    ),
    Measure("001", "การปฏิบัติงาน", "OIT", 9, (), (SP, KK, KC, YUT), ("2023-01-31 done 2023-01-25",)),
    Measure(
        "001",
        "การให้บริการ",
        "OIT",
        9,
        (),
        (SP, KK, KC, YUT),
        (
            "2023-01-31 done 2023-01-31",
            "2023-04-30 done 2023-04-10",
            "2023-01-31 done 2023-01-19",
            "2022-12-31 done 2023-04-05",
        ),
    ),
    Measure(
        "001",
        "การจัดซื้อจัดจ้างหรือการ พัสดุ",
        "OIT",
        9,
        (),
        (KK,),
        (
            "2022-10-31 done 2023-02-24",
            "2023-09-30 done 2023-02-24",
            *monthly(2566),
            "2022-12-31 not_started",
        ),
    ),
    Measure(
        "001",
        "การดำเนินการเพื่อป้องกันการ การทุจริต",
        "OIT",
        10,
        (),
        (SP,),
        ("2022-09-30 done 2022-10-11", "2023-04-30 done 2023-04-10"),
    ),
    Measure(
        "001",
        "มาตรการภายในเพื่อป้องกันการทุจริต",
        "OIT",
        10,
        (),
        (SP,),
        ("2022-10-31 done 2022-10-26", "2023-04-30 done 2023-04-10"),
    ),
    Measure(
        "001",
        "การเผยแพร่ข้อมูลของหน่วยงานที่ท่านติดต่อ",
        "EIT",
        7,
        ("e6",),
        (YUT,),
        quarterly(2566, {"2022-12": "2022-10-03"}),
    ),
    Measure(
        "001", "การเผยแพร่ผลงานหรือข้อมูลที่", "EIT", 7, ("e7",), (SP, KK, KC, YUT), ("- not_started",)
    ),  # only "regularly" and executives' monthly monitoring
    Measure(
        "001",
        "ช่องทางรับฟังคำติชม",
        "EIT",
        7,
        ("e8",),
        (SP, KK, KC, YUT),
        ("2023-04-30 not_started", "2023-10-31 not_started"),
    ),
    Measure(
        "001",
        "การชี้แจงและตอบคำถาม",
        "EIT",
        7,
        ("e9",),
        (YUT,),
        ("2023-04-30 not_started", "2023-10-31 not_started"),
    ),
    Measure("001", "ร้องเรียน การทุจริตของเจ้าหน้าที่", "EIT", 7, ("e10",), (SP, YUT), quarterly(2566)),
    # 002 — plan table (units) + results table per unit (durations from 1 Oct 2563).
    Measure("002", "จัดทำคู่มือการปฏิบัติงานของตนเอง", "IIT", 1, (), (SP, KK, KC, WICHA), ("2020-10-16 done",)),
    Measure("002", "สร้างการรับรู้ของบุคลากร", "IIT", 2, (), (KK,), ("2020-10-16 done",)),
    Measure("002", "ประกาศเจตจำนงการต่อต้านการทุจริต", "IIT", 3, (), (SP,), ("2020-10-16 done",)),
    Measure("002", "จัดทำคู่มือการยืมทรัพย์สินของราชการ", "IIT", 4, (), (SP,), ("2020-10-31 done",)),
    Measure(
        "002",
        "จัดทำคู่มือการป้องกันผลประโยชน์ทับซ้อนให้บุคลากร",
        "IIT",
        5,
        (),
        (WICHA,),
        ("2020-10-16 done", *monthly(2564)),
    ),
    Measure(
        "002",
        "วางแผนการดำเนินงานประจำปี",
        "EIT",
        6,
        (),
        (SP, KK, KC, WICHA),
        ("2020-10-16 done", "2021-09-30 not_started"),
    ),
    Measure("002", "มีแบบประเมินความพึงพอใจ", "EIT", 7, (), (WICHA,), ("2020-10-08 done",)),
    Measure("002", "จัดทำประมวลจริยธรรม", "EIT", 8, (), (WICHA,), ("2020-10-31 done",)),
    Measure(
        "002", "ที่เกี่ยวข้องกับการจัดซื้อ", "OIT", 9, (), (WICHA,), (*monthly(2564), "2020-10-31 done")
    ),  # daily work → a monthly check
    Measure("002", "กำหนดมาตรการและแนวทางในการป้องกัน", "OIT", 10, (), (WICHA,), ("2020-10-16 done",)),
    # 003 — period ต.ต. ๖๓ - มี.ค. ๖๔ and a report to executives in April and September.
    *(
        Measure(
            "003",
            title,
            None,
            None,
            (),
            units,
            ("2021-03-31 not_started", "2021-04-30 not_started", "2021-09-30 not_started"),
        )
        for title, units in (
            ("ปรับปรุงการปฏิบัติหน้าที่และการให้บริการ", (SP, KK, KC)),
            ("เปิดเผยข้อมูลการใช้จ่ายงบประมาณ", (SP, KK, KC)),
            ("ผู้มีอำนาจมอบอำนาจ", (SP, KK, KC)),
            ("แนวทางปฏิบัติเกี่ยวกับการใช้ทรัพย์สิน", (KK,)),
            ("แนวทางการปรับปรุงคุณภาพการดำเนินงาน", (SP, KK, KC)),
            ("แนวทางการเพิ่มประสิทธิภาพการสื่อสาร", (SP,)),
            ("แนวทางการปรับปรุงการทำงาน", (SP,)),
            ("แนวทางการการเปิดเผยข้อมูล", (SP,)),
        )
    ),
    # 004 — measures table and report table of the same five measures.
    Measure("004", "ข้อมูลผู้บริหาร", None, None, (), (SP,), ("2023-01-31 done 2023-01-11",)),
    Measure("004", "การดำเนินงาน", None, None, (), (SP,), ("2023-09-30 done 2023-11-16",)),
    Measure("004", "การส่งเสริมความโปร่งใส", None, None, (), (SP,), ("2023-04-30 done",)),
    Measure("004", "ทรัพย์สินของราชการ", None, None, (), (SP, KK, KC), monthly(2566)),
    Measure("004", "การปรับปรุงระบบการทำงาน", None, None, (), (SP, KK, KC), ("2023-09-30 done",)),
)

# Sections kept beside the unit (unit → section), by seed and title fragment.
SECTIONS = (
    ("001", "การจัดซื้อจัดจ้างหรือการ พัสดุ", {KK: "งานพัสดุ"}),
    ("004", "ข้อมูลผู้บริหาร", {SP: "งานการเจ้าหน้าที่"}),
    ("004", "การดำเนินงาน", {SP: "ฝ่ายแผนงานและงบประมาณ"}),
    ("004", "การส่งเสริมความโปร่งใส", {SP: "งานนิติการ"}),
)

# 003 has two measures titled แนวทางการป้องกันการทุจริต (indicators 5 and 10 in the source).
DUPLICATE_TITLES = (("003", "แนวทางการป้องกันการทุจริต", 2),)

# Source lines (text files only): the 1-based line of each measure's first row.
SOURCE_LINES = (
    ("000", "ข้อมูลผู้บริหาร", 141),
    ("001", "ข้อมูลพื้นฐาน", 18),
    ("001", "การให้บริการ", 26),
    ("003", "ปรับปรุงการปฏิบัติหน้าที่", 42),
    ("004", "ข้อมูลผู้บริหาร", 36),
)
