"""Which table pieces and rows go on over a page break, decided from what the PDF reader
measured (page_breaks.py). Each case is two pieces: the foot of page 1 and the top of page 2."""

from __future__ import annotations

import pytest

from documents.importer.page_breaks import Piece, PieceRow, join_pieces, join_text

COLUMNS = [50.0, 150.0, 350.0, 450.0]
HEADER = ["มาตรการ", "ขั้นตอน/วิธีการ", "ผู้รับผิดชอบ"]
NEAR, SHORT = True, False  # a cell's text runs to the row's bottom edge, or stops above it


def _row(line: int, cells: list[str], to_bottom: list[bool] | None = None) -> PieceRow:
    return PieceRow(cells=cells, line=line, to_bottom=to_bottom or [bool(c) for c in cells])


def _pieces(last: PieceRow, first: list[PieceRow], *, full_page: bool = True,
            columns: list[float] = COLUMNS, header_above: bool = False) -> list[Piece]:
    page1 = Piece(page=1, columns=COLUMNS, bottom=700, last_on_page=True, full_page=full_page,
                  rows=[_row(1, HEADER), _row(2, ["๑. มาตรการแรก", "- ขั้นตอน", "กองคลัง"]), last])
    rows2 = ([_row(10, HEADER)] if header_above else []) + first
    page2 = Piece(page=2, columns=columns, bottom=400, first_on_page=True, rows=rows2)
    return [page1, page2]


CASES = [
    # (what, last row on page 1, first rows on page 2, options, rows of the first table after)
    ("the number and unit finished, the steps go on: one row",
     _row(3, ["๒. มาตรการที่สอง", "- ขั้นตอนที่หนึ่ง", "สำนักปลัด"], [SHORT, NEAR, SHORT]),
     [_row(11, ["", "- ขั้นตอนที่สอง", ""])], {},
     [["๒. มาตรการที่สอง", "- ขั้นตอนที่หนึ่ง\n- ขั้นตอนที่สอง", "สำนักปลัด"]]),
    ("the title itself was cut, the unit finished: one row",
     _row(3, ["๒. การจัดทำคู่มือ", "- ขั้นตอนที่หนึ่ง", "กองช่าง"], [NEAR, NEAR, SHORT]),
     [_row(11, ["การปฏิบัติงาน", "- ขั้นตอนที่สอง", ""])], {},
     [["๒. การจัดทำคู่มือการปฏิบัติงาน", "- ขั้นตอนที่หนึ่ง\n- ขั้นตอนที่สอง", "กองช่าง"]]),
    ("a repeated header above the rest of the row is dropped",
     _row(3, ["๒. มาตรการที่สอง", "- ขั้นตอนที่หนึ่ง", "สำนักปลัด"], [SHORT, NEAR, SHORT]),
     [_row(11, ["", "- ขั้นตอนที่สอง", ""])], {"header_above": True},
     [["๒. มาตรการที่สอง", "- ขั้นตอนที่หนึ่ง\n- ขั้นตอนที่สอง", "สำนักปลัด"]]),
    ("cut after its first line in every cell, the rest has no number: one row",
     _row(3, ["e๖ การเผยแพร่", "๑.เจ้าหน้าที่ผู้รับ", "ผู้บริหาร กอง"], [NEAR, NEAR, NEAR]),
     [_row(11, ["ข้อมูลของหน่วยงาน", "ผิดชอบจัดทำข้อมูล", "คลัง"])], {},
     [["e๖ การเผยแพร่ข้อมูลของหน่วยงาน", "๑.เจ้าหน้าที่ผู้รับผิดชอบจัดทำข้อมูล", "ผู้บริหาร กองคลัง"]]),
    ("a new numbered row at the top of the page stays a row",
     _row(3, ["๒. มาตรการที่สอง", "- ขั้นตอนที่หนึ่ง", "สำนักปลัด"], [NEAR, NEAR, NEAR]),
     [_row(11, ["๓. มาตรการที่สาม", "- ขั้นตอน", "กองช่าง"])], {},
     [["๒. มาตรการที่สอง", "- ขั้นตอนที่หนึ่ง", "สำนักปลัด"], ["๓. มาตรการที่สาม", "- ขั้นตอน", "กองช่าง"]]),
    ("a row that finished short of the page foot is not continued",
     _row(3, ["๒. มาตรการที่สอง", "- ขั้นตอนที่หนึ่ง", "สำนักปลัด"], [SHORT, NEAR, SHORT]),
     [_row(11, ["", "- ขั้นตอนของแถวใหม่", "กองช่าง"])], {},
     [["๒. มาตรการที่สอง", "- ขั้นตอนที่หนึ่ง", "สำนักปลัด"]]),
    ("page 1 ends with room to spare: no cut, the rows stay apart",
     _row(3, ["๒. มาตรการที่สอง", "- ขั้นตอนที่หนึ่ง", "สำนักปลัด"], [SHORT, NEAR, SHORT]),
     [_row(11, ["", "- ขั้นตอนที่สอง", ""])], {"full_page": False},
     [["๒. มาตรการที่สอง", "- ขั้นตอนที่หนึ่ง", "สำนักปลัด"]]),
]


@pytest.mark.parametrize(("last", "first", "options", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_rows_over_a_page_break(last, first, options, expected):
    runs = join_pieces(_pieces(last, first, **options))
    cells = [r.cells for run in runs for r in run.rows if r.cells != HEADER]
    assert cells[1:1 + len(expected)] == expected


def test_a_table_with_other_columns_on_the_next_page_is_another_table():
    last = _row(3, ["๒. มาตรการที่สอง", "- ขั้นตอน", "สำนักปลัด"], [SHORT, NEAR, SHORT])
    runs = join_pieces(_pieces(last, [_row(11, ["", "- อื่น", ""])], columns=[50.0, 200.0, 350.0, 450.0]))
    assert [[r.line for r in run.rows] for run in runs] == [[1, 2, 3], [11]]


def test_a_row_not_joined_after_a_break_starts_a_run_the_importer_reads_as_continued():
    """The importer's own rules (an empty key cell after a break) still see the break."""
    last = _row(3, ["๒. มาตรการที่สอง", "- ขั้นตอน", "สำนักปลัด"], [SHORT, NEAR, SHORT])
    runs = join_pieces(_pieces(last, [_row(11, ["", "- ขั้นตอนที่สอง", ""])], full_page=False, header_above=True))
    assert [[r.line for r in run.rows] for run in runs] == [[1, 2, 3], [10, 11]]


@pytest.mark.parametrize(("above", "below", "joined"), [
    ("การส่งเสริม", "ความโปร่งใส", "การส่งเสริมความโปร่งใส"),  # a Thai line cut: no space
    ("- จัดทำคู่มือ", "- ประชาสัมพันธ์", "- จัดทำคู่มือ\n- ประชาสัมพันธ์"),  # a new list item
    ("E-", "Service", "E- Service"),
    ("", "ต่อ", "ต่อ"),
])
def test_a_cell_cut_over_two_pages_reads_as_one_text(above, below, joined):
    assert join_text(above, below) == joined
