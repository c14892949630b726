"""Responsible-unit cells → units, one cell per row."""

from __future__ import annotations

import pytest

from documents.importer.units import UnitMatcher, every_unit

SP, KK, KC = "สำนักปลัด", "กองคลัง", "กองช่าง"
YUT = "กองยุทธศาสตร์และงบประมาณ"

# cell, units named, every unit?, sections, positions only?
CELLS = [
    ("สำนักปลัดฯ", [SP], False, {}),
    ("สำนักงานปลัด", [SP], False, {}),
    ("สป.", [SP], False, {}),
    ("สำนักปลัดเทศบาล", [SP], False, {}),
    ("สำนักปลัด อบต.", [SP], False, {}),
    ("กองคลัง สำนักปลัดฯ", [KK, SP], False, {}),
    ("- สำนักปลัด - กองยุทธศาสตร์ และงบประมาณ", [SP, YUT], False, {}),
    ("กงยยุทธศาสตร์และ งบประมาณ สำนักปลัด", [YUT, SP], False, {}),
    ("กองวิชาการ", ["กองวิชาการและแผนงาน"], False, {}),
    ("สำนักปลัด (งานนิติการ)", [SP], False, {SP: "งานนิติการ"}),
    ("สำนักปลัด (ฝ่ายแผนงานและงบประมาณ)", [SP], False, {SP: "ฝ่ายแผนงานและงบประมาณ"}),
    ("กองคลัง/งานพัสดุ", [KK], False, {KK: "งานพัสดุ"}),
    ("กองยุทธศาสตร์และ งบประมาณงาน ประชาสัมพันธ์ ทุก ภารกิจงาน", [YUT], True, {YUT: "งานประชาสัมพันธ์"}),
    ("ทุกส่วน ราชการ", [], True, {}),
    ("ทุกกอง/ฝ่าย (เจ้าหน้าที่ผู้รับผิดชอบแต่ละส่วนงาน)", [], True, {}),
    ("ทุกสำนัก/กอง", [], True, {}),
    ("เจ้าหน้าที่ทุกภารกิจ งาน", [], True, {}),
    ("ผู้บริหาร เจ้าหน้าที่แต่ละ ส่วนงาน", [], True, {}),
    ("ผู้บริหาร กองยุทธศาสตร์และงบประมาณ", [YUT], False, {}),
    ("ผู้บริหาร เจ้าหน้าที่ กงยยุทธศาสตร์และ งบประมาณ และ เจ้าหน้าที่ทุกภารกิจที่ เกี่ยวข้อง", [YUT], False, {}),
    ("กองการแพทย์", ["กองการแพทย์"], False, {}),
]


@pytest.mark.parametrize(("cell", "units", "every", "sections"), CELLS, ids=[c[0][:30] for c in CELLS])
def test_unit_cell(cell, units, every, sections):
    parsed = UnitMatcher().parse(cell)
    assert (parsed.units, parsed.every_unit, parsed.sections) == (units, every, sections)


@pytest.mark.parametrize("cell", ["นิติกร", "นักวิเคราะห์ฯ", "ผู้บริหาร", "เจ้าหน้าที่ผู้รับผิดชอบ"])
def test_positions_are_not_units(cell):
    parsed = UnitMatcher().parse(cell)
    assert parsed.units == [] and parsed.positions and not parsed.every_unit


def test_a_section_named_alone_is_left_for_the_document_to_place():
    parsed = UnitMatcher().parse("งานนิติการ")
    assert parsed.units == [] and parsed.loose_sections == ["งานนิติการ"]


def test_unknown_unit_is_reported():
    parsed = UnitMatcher().parse("กองส่งเสริมการท่องเที่ยว")
    assert parsed.units == ["กองส่งเสริมการท่องเที่ยว"]
    assert parsed.unknown == ["กองส่งเสริมการท่องเที่ยว"]


def test_units_stored_for_the_organization_are_known():
    parsed = UnitMatcher(["กองส่งเสริมการท่องเที่ยว"]).parse("กองส่งเสริมการท่องเที่ยว")
    assert parsed.unknown == []


@pytest.mark.parametrize(
    ("stored", "named", "expected"),
    [
        ([], [], [SP, KK, KC]),
        ([], [SP, YUT], [SP, KK, KC, YUT]),
        ([SP, "กองสาธารณสุขและสิ่งแวดล้อม"], [KK], [SP, KK, "กองสาธารณสุขและสิ่งแวดล้อม"]),
    ],
)
def test_every_unit(stored, named, expected):
    assert every_unit(stored, named) == expected
