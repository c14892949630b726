"""A plan whose table runs over several PDF pages imports one measure per row, whole.

The documents are made here as a coordinator makes them: typed in Word (python-docx) with
long cells, printed to PDF by LibreOffice, with and without "repeat header row", with
rows allowed to break across pages (Word's default) and kept whole. Each case first checks
that the PDF really cuts a row (a measure's first and last step on different pages), so
the test cannot pass by a row happening to fit.
"""

from __future__ import annotations

import re

import pdfplumber
import pytest

from documents.importer.measures import build_plan
from documents.importer.tables import read_document
from tests.pdf_support import to_pdf, word_plan

HEADER = ["ลำดับ", "มาตรการ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"]
UNITS = ["กองคลัง", "สำนักปลัด", "กองช่าง", "กองการศึกษา"]
TITLES = [
    "การเปิดเผยข้อมูลข่าวสารของหน่วยงานบนเว็บไซต์",
    "การจัดทำคู่มือการปฏิบัติงานและมาตรฐานการให้บริการประชาชนของทุกกองและทุกฝ่ายในสังกัด"
    "เพื่อให้ผู้มาติดต่อได้รับบริการที่รวดเร็วและเป็นธรรม",
    "การป้องกันผลประโยชน์ทับซ้อน",
    "การรับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "การใช้ทรัพย์สินของราชการ",
    "การประเมินความเสี่ยงการทุจริต",
]
# Steps per measure: some rows fit on a page, some are taller than a page.
STEP_COUNTS = [4, 30, 3, 45, 6, 28]


def _steps(measure: int, count: int) -> list[str]:
    return [f"{n}. เจ้าหน้าที่ผู้รับผิดชอบมาตรการที่ {measure} ดำเนินการขั้นตอนที่ {n} "
            f"และรายงานผลให้ผู้บริหารทราบ [M{measure}S{n}]" for n in range(1, count + 1)]


def _rows() -> list[list[str]]:
    rows = []
    for index, (title, count) in enumerate(zip(TITLES, STEP_COUNTS, strict=True), start=1):
        rows.append([str(index), title, "\n".join(_steps(index, count)), UNITS[index % len(UNITS)],
                     "ภายในเดือนมีนาคม ๒๕๖๘"])
    return rows


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages_of(pdf_path, step: str) -> list[int]:
    """The pages that show a step, found by its Latin marker (`[M4S45]`)."""
    marker = re.search(r"\[M\d+S\d+\]", step).group()
    with pdfplumber.open(pdf_path) as pdf:
        return [p.page_number for p in pdf.pages if marker in _squash(p.extract_text() or "")]


CASES = [
    # (id, repeat header row, rows may break across pages, column widths in cm)
    ("word-default-repeated-header", True, True, None),
    ("rows-split-no-repeated-header", False, True, None),
    ("rows-kept-whole-repeated-header", True, False, None),
    ("narrow-title-column", True, True, [1.2, 2.2, 8.0, 2.6, 2.5]),
]


@pytest.mark.parametrize(("repeat_header", "rows_split", "widths"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_rows_cut_by_page_breaks_import_as_one_measure_each(tmp_path, repeat_header, rows_split, widths):
    source = word_plan(tmp_path / "plan.docx", "แผนปฏิบัติการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
                       HEADER, _rows(), repeat_header=repeat_header, rows_split=rows_split, widths_cm=widths)
    pdf = to_pdf(source, tmp_path)
    long_one = STEP_COUNTS.index(max(STEP_COUNTS)) + 1
    steps = _steps(long_one, max(STEP_COUNTS))
    assert _pages_of(pdf, steps[0]) != _pages_of(pdf, steps[-1]), "the PDF should cut this row"

    plan = build_plan(read_document(pdf))

    assert [_squash(m.title) for m in plan.measures] == [_squash(t) for t in TITLES]
    for index, measure in enumerate(plan.measures, start=1):
        assert measure.units == [UNITS[index % len(UNITS)]]
        for step in _steps(index, STEP_COUNTS[index - 1]):
            assert _squash(step) in _squash(measure.steps), f"measure {index} lost {step!r}"
    assert plan.fiscal_year == 2568


# A plan without a number column, whose first row starts at the foot of page 1: the title
# itself is cut, so its second half opens page 2 in the measure column (no empty key cell
# to tell it is not a new measure). The intro paragraphs put the row there.
CUT_TITLE = ("[T1a] การจัดทำคู่มือการปฏิบัติงานและมาตรฐานการให้บริการประชาชนของทุกกองและทุกฝ่ายในสังกัด"
             "เพื่อให้ผู้มาติดต่อได้รับบริการที่รวดเร็ว [T1z]")
INTRO_LINES = 19


@pytest.mark.parametrize("repeat_header", [True, False], ids=["repeated-header", "no-repeated-header"])
def test_a_title_cut_by_a_page_break_stays_one_measure(tmp_path, repeat_header):
    steps = [f"{n}. เจ้าหน้าที่ดำเนินการขั้นตอนที่ {n} และรายงานผลให้ผู้บริหารทราบ [M1S{n}]" for n in range(1, 13)]
    rows = [[CUT_TITLE, "\n".join(steps), "กองคลัง", "ผู้บริหารกำกับติดตามทุกเดือน"],
            ["การใช้ทรัพย์สินของราชการ", "1. จัดทำคู่มือการยืมทรัพย์สิน [M2S1]", "กองช่าง", "รายงานทุกไตรมาส"]]
    intro = "\n".join(["แผนปฏิบัติการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"] + ["ย่อหน้าแนะนำ"] * INTRO_LINES)
    source = word_plan(tmp_path / "plan.docx", intro, ["มาตรการ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ",
                       "การกำกับติดตาม"], rows, repeat_header=repeat_header, rows_split=True,
                       widths_cm=[2.5, 7.0, 2.5, 3.5])
    pdf = to_pdf(source, tmp_path)
    with pdfplumber.open(pdf) as document:
        texts = [_squash(p.extract_text() or "") for p in document.pages]
    starts, ends = ([i for i, t in enumerate(texts) if marker in t] for marker in ("[T1a]", "[T1z]"))
    assert starts != ends, "the PDF should cut the first title over two pages"

    plan = build_plan(read_document(pdf))

    assert [_squash(m.title) for m in plan.measures] == [_squash(CUT_TITLE), _squash("การใช้ทรัพย์สินของราชการ")]
    assert [m.units for m in plan.measures] == [["กองคลัง"], ["กองช่าง"]]
    assert all(_squash(step) in _squash(plan.measures[0].steps) for step in steps)
