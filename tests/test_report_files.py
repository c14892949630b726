"""The three files drawn from one report model, read back as a person would open them:
the DOCX with python-docx, the PDF's text with pdftotext and its first page as an image
with pdftoppm, the XLSX with openpyxl (poppler-utils: .ci/run installs it)."""

from __future__ import annotations

import subprocess
from datetime import date
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PIL import Image

from documents.report import build_report, render
from models.db import transaction
from tests.report_support import EVIDENCE, PROBLEM_NOTE, build_plan

TITLE = "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


@pytest.fixture
def report(factory):
    with transaction(factory) as session:
        plan = build_plan(session)
    with factory() as session:
        return build_report(session, plan.org_id, 2566, 6, today=date(2023, 4, 10))


@pytest.fixture
def running_report(factory):
    with transaction(factory) as session:
        plan = build_plan(session)
    with factory() as session:
        return build_report(session, plan.org_id, 2566, 6, today=date(2023, 3, 1))


def as_pdftotext_reads(words: str) -> str:
    """pdftotext decomposes sara am (ำ → ํ + า, NFKC) and drops the nikhahit. The PDF itself
    maps the glyph to ำ (its ToUnicode table), so copying from a viewer gives ำ back."""
    return words.replace("ำ", "า")


def cell_texts(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_docx_has_the_forms_title_table_ticks_and_thai_dates(report):
    document = docx.Document(BytesIO(render(report, "docx")))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[:4] == [TITLE, "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ รอบ ๖ เดือน",
                              "(เดือน ตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)", "เทศบาลตำบลทดสอบ"]
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape A4
    main, summary, signatures = document.tables
    rows = cell_texts(main)
    assert rows[0][0].startswith("ประเด็นที่ต้องปรับปรุงแก้ไข") and rows[0][4] == "สถานะการดำเนินการ"
    header = main.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None  # repeated on every page
    assert rows[1][0] == "เครื่องมือการประเมิน OIT ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล"
    basic = rows[2]
    assert basic[0] == "o1 ข้อมูลพื้นฐาน" and basic[1] == "- สำนักปลัด\n- กองคลัง"
    assert basic[4] == "☐ ยังไม่ดำเนินการ\n☐ อยู่ระหว่างดำเนินการ\n☑ ดำเนินการแล้ว"
    assert basic[5] == "ดำเนินการเมื่อวันที่ ๒๕ เดือน มกราคม พ.ศ. ๒๕๖๖"
    assert basic[6] == EVIDENCE and basic[7] == "ไม่มี"
    monthly = rows[3]
    assert "๖ งวด ตั้งแต่ ๓๑ ต.ค. ๒๕๖๕ ถึง ๓๑ มี.ค. ๒๕๖๖" in monthly[3]
    assert monthly[4].splitlines()[1] == "☑ อยู่ระหว่างดำเนินการ"
    assert monthly[5] == ("ดำเนินการเมื่อวันที่ ๓ เดือน พฤศจิกายน พ.ศ. ๒๕๖๕ "
                          "ดำเนินการเมื่อวันที่ ๒ เดือน ธันวาคม พ.ศ. ๒๕๖๕ "
                          "ยังไม่แล้วเสร็จ ๔ งวด (อยู่ระหว่างดำเนินการ ๑)")
    assert monthly[7] == PROBLEM_NOTE
    assert cell_texts(summary)[1:] == [["สำนักปลัด", "๑", "๐", "๑", "๒"], ["กองคลัง", "๒", "๑", "๐", "๓"],
                                       ["รวม", "๒", "๑", "๑", "๔"]]
    assert "ผู้รายงาน" in signatures.rows[0].cells[0].text
    assert "ผู้บริหาร" in signatures.rows[0].cells[1].text


def test_a_running_round_says_as_of_when(running_report):
    document = docx.Document(BytesIO(render(running_report, "docx")))
    assert "(ข้อมูล ณ วันที่ ๑ มีนาคม พ.ศ. ๒๕๖๖)" in [p.text for p in document.paragraphs]


def test_the_trail_appendix_lists_each_recorded_change(report):
    without = docx.Document(BytesIO(render(report, "docx")))
    document = docx.Document(BytesIO(render(report, "docx", with_trail=True)))
    assert len(document.tables) == len(without.tables) + 1
    trail = cell_texts(document.tables[-1])
    assert trail[0][1] == "ผู้แจ้ง" and len(trail) == 1 + 7  # seven recorded changes
    first = trail[1]
    assert first[0] == "๒๐ มกราคม พ.ศ. ๒๕๖๖ ๑๔:๐๐ น." and first[1] == "สมศรี ใจดี"
    assert first[5] == "ดำเนินการแล้ว" and first[8] == "ข้อความ LINE รหัสข้อความ 4761234567890"
    assert any(r[5] == "แจ้งปัญหา" and PROBLEM_NOTE in r[7] for r in trail)


def test_pdf_text_and_a_first_page_that_is_not_blank(report, tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render(report, "pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = "".join(text.split())  # cells wrap lines wherever their width ends
    for words in (TITLE, "ตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖", "เทศบาลตำบลทดสอบ", "ผู้รายงาน", "ผู้บริหาร"):
        assert "".join(as_pdftotext_reads(words).split()) in text, words
    # Table cells wrap, and pdftotext may read neighbouring cells' lines in between.
    for word in ("ข้อมูลพื้นฐาน", "ดำเนินการเมื่อวันที่", "มกราคม", "รอลงนามผู้บริหาร", "ไม่มี"):
        assert as_pdftotext_reads(word) in text, word
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Sarabun" in fonts
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-gray", "-png", str(pdf),
                    str(tmp_path / "page")], check=True)
    [png] = tmp_path.glob("page*.png")
    pixels = list(Image.open(png).convert("L").getdata())
    dark = sum(1 for p in pixels if p < 128) / len(pixels)
    assert 0.01 < dark < 0.5, dark  # ink on the page, not a black page either


def test_xlsx_holds_the_same_rows(report):
    book = load_workbook(BytesIO(render(report, "xlsx")))
    assert book.sheetnames == ["รายงาน", "สรุป"]
    values = [[c.value for c in row] for row in book["รายงาน"].iter_rows()]
    assert values[0][0] == TITLE
    basic = next(r for r in values if r[0] == "o1 ข้อมูลพื้นฐาน")
    assert basic[5] == "ดำเนินการเมื่อวันที่ ๒๕ เดือน มกราคม พ.ศ. ๒๕๖๖" and basic[6] == EVIDENCE


def test_an_unknown_format_is_refused(report):
    with pytest.raises(ValueError, match="unknown report format 'odt'"):
        render(report, "odt")
