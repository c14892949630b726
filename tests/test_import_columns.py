"""Column roles whatever the wording, item codes, indicators and cell items."""

from __future__ import annotations

import pytest

from documents.importer.columns import role_of
from documents.importer.headings import find_refs, read_indicator_cell, split_title
from documents.importer.items import split_items

ROLES = [
    ("มาตรการ", "measure"),
    ("มาตรการ/แนวทาง", "measure"),
    ("ประเด็นที่ต้องปรับปรุงแก้ไข/ ประเด็นที่ต้องพัฒนา", "measure"),
    ("ประเด็น/ตัวชี้วัด/หัวข้อ", "measure"),
    ("ขั้นตอนหรือวิธีการ/มาตรการ", "steps"),
    ("วิธีการดำเนินการ", "steps"),
    ("แนวทางการดำเนินการ เอกสารที่เกี่ยวข้อง", "steps"),
    ("ผู้รับผิดชอบ", "unit"),
    ("หน่วยงาน ผู้รับผิดชอบ", "unit"),
    ("ระยะเวลาดำเนินการ", "deadline"),
    ("ห้วงเวลาดำเนินการ", "deadline"),
    ("การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ", "deadline"),
    ("การกำกับติดตาม/รายงานผล", "monitoring"),
    ("การติดตามผล", "monitoring"),
    ("ยังไม่ ดำเนินการ", "tick_not_started"),
    ("อยู่ระหว่าง ดำเนินการ", "tick_in_progress"),
    ("ดำเนินการ แล้ว", "tick_done"),
    ("การดำเนินการ", "result"),
    ("การดำเนินงาน", "result"),
    ("ผลการดำเนินงาน", "result"),
    ("ผลการประเมิน", "score"),
    ("แบบ", "tool"),
    ("ตัวชี้วัด", "indicator"),
    ("ตัวชี้วัดของการประเมิน ITA", "indicator"),
    ("ลำดับ ที่", "seq"),
    ("หมายเหตุ", "remarks"),
    ("งบ ประมาณ", "budget"),
    ("รหัสมาตรการ", "measure_key"),
    ("ดำเนินการเมื่อวันที่", "done_date"),
]


@pytest.mark.parametrize(("header", "role"), ROLES, ids=[r[0] for r in ROLES])
def test_header_role(header, role):
    assert role_of(header) == role


REFS = [
    ("ข้อ ๐๑๒ รายงานผล", ["o12"]),
    ("ประเด็น E-Service ข้อ 0๑๗", ["o17"]),
    ("ข้อ ๐๒ ข้อมูลผู้บริหาร", ["o2"]),
    ("o12, O13 และ O 14", ["o12", "o13", "o14"]),
    ("OIT 12", ["o12"]),
    ("e๖ การเผยแพร่ข้อมูล", ["e6"]),
    ("ข้อ ๒ การดำเนินงาน", []),
    ("E-Service และ Line", []),
]


@pytest.mark.parametrize(("text", "refs"), REFS, ids=[r[0] for r in REFS])
def test_item_codes(text, refs):
    assert find_refs(text) == refs


@pytest.mark.parametrize(
    ("cell", "indicator"),
    [
        ("ตัวชี้วัดที่ ๒ (การใช้งบประมาณ)", 2),
        ("ใช้อำนาจ", 3),
        ("การแก้ไขปัญหาทุจริต", 5),
        ("การปรับปรุงการทำงาน", 8),
        ("๑. คุณภาพ การ ดำเนินงาน ๘๘.๕๑ คะแนน", 6),
        ("๙", 9),
    ],
)
def test_indicator_cells(cell, indicator):
    assert read_indicator_cell(cell) == indicator


@pytest.mark.parametrize(
    ("cell", "title", "tool", "indicator", "refs"),
    [
        ("ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล เครื่องมือการประเมิน OIT - ข้อมูลพื้นฐาน", "ข้อมูลพื้นฐาน", "OIT", 9, []),
        (
            "เครื่องมือการประเมิน EIT ตัวชี้วัดที่ ๗ ประสิทธิภาพการ สื่อสาร e๘ หน่วยงานที่ท่านติดต่อ",
            "หน่วยงานที่ท่านติดต่อ",
            "EIT",
            7,
            ["e8"],
        ),
        ("ข้อ ๐๓๔ การประเมินความเสี่ยงการทุจริตประจำปี", "การประเมินความเสี่ยงการทุจริตประจำปี", None, None, ["o34"]),
        ("-ชาวประชาสัมพันธ์", "ชาวประชาสัมพันธ์", None, None, []),
    ],
)
def test_heading_phrases_leave_the_title(cell, title, tool, indicator, refs):
    parts = split_title(cell)
    assert (parts.title, parts.tool, parts.indicator, parts.refs) == (title, tool, indicator, refs)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("๑.ทำ ก ๒.ทำ ข", [(1, "ทำ ก"), (2, "ทำ ข")]),
        ("บทนำ ๑. ทำ ก ๒๕๖๖ ๒. ทำ ข", [(None, "บทนำ"), (1, "ทำ ก ๒๕๖๖"), (2, "ทำ ข")]),
        ("๑๕ วัน - ปีละ ๑ ครั้ง", [(None, "๑๕ วัน"), (None, "ปีละ ๑ ครั้ง")]),
        ("ต.ต. ๖๓ - มี.ค. ๖๔", [(None, "ต.ต. ๖๓ - มี.ค. ๖๔")]),
        ("บรรทัดหนึ่ง\nบรรทัดสอง", [(None, "บรรทัดหนึ่ง"), (None, "บรรทัดสอง")]),
        ("ข้อ ๑.๑ ข้อมูล", [(None, "ข้อ ๑.๑ ข้อมูล")]),
    ],
)
def test_cell_items(text, items):
    assert [(i.number, i.text) for i in split_items(text)] == items
