"""Report → DOCX with python-docx: the file coordinators edit before signing, so it is plain
Word (paragraphs and one table, no text boxes). A4 landscape, Sarabun, the header row
marked to repeat on every page."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from documents.report import thai
from documents.report.fonts import FAMILY
from documents.report.model import Report

BODY_PT, TABLE_PT, TITLE_PT = 14, 12, 16  # Sarabun sizes of the official form (TH Sarabun 16)
MAIN_WIDTHS_MM = (38, 28, 55, 30, 32, 36, 28, 30)


def render_docx(report: Report, with_trail: bool = False) -> bytes:
    doc = Document()
    _page(doc)
    _styles(doc)
    lines = thai.title_lines(report)
    bold = 4 if report.running else 3
    for n, line in enumerate(lines):
        _para(doc, line, bold=n < bold, size=TITLE_PT if n < bold else BODY_PT, center=True)
    _para(doc, f"รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงานของ "
               f"{report.org_name} ประจำปีงบประมาณ พ.ศ. {thai.digits(report.fiscal_year)} "
               f"รอบ {thai.digits(report.round)} เดือน ตามที่ได้กำหนดไว้ ดังนี้")

    table = _table(doc, thai.HEADERS, MAIN_WIDTHS_MM)
    for group in report.groups:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _fill(merged, [thai.group_heading(group.tool, group.indicator, group.name)], bold=True)
        for row in group.rows:
            for cell, lines in zip(table.add_row().cells, thai.row_cells(row), strict=True):
                _fill(cell, lines)

    _para(doc, "สรุปผลการดำเนินการ (จำนวนมาตรการ)", bold=True, size=BODY_PT)
    summary = _table(doc, thai.SUMMARY_HEADERS, (70, 40, 40, 40, 35))
    for values in thai.summary_cells(report):
        for cell, value in zip(summary.add_row().cells, values, strict=True):
            _fill(cell, [value])

    _signatures(doc)
    if with_trail:
        doc.add_page_break()
        _para(doc, "ภาคผนวก ที่มาของสถานะ (ประวัติการบันทึกจากบอท)", bold=True, size=BODY_PT)
        trail = _table(doc, thai.TRAIL_HEADERS, (34, 25, 25, 50, 22, 22, 28, 40, 25), size=10)
        for values in thai.trail_cells(report):
            for cell, value in zip(trail.add_row().cells, values, strict=True):
                _fill(cell, value.split("\n"), size=10)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(12))
    section.top_margin = section.bottom_margin = Mm(15)


def _styles(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = FAMILY
    style.font.size = Pt(BODY_PT)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FAMILY)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(BODY_PT * 2))
    style.element.get_or_add_rPr().append(size_cs)
    style.paragraph_format.space_after = Pt(0)


def _para(doc, text: str, bold: bool = False, size: int = BODY_PT, center: bool = False):
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, bold, size)
    return paragraph


def _run(paragraph, text: str, bold: bool, size: int) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    if bold:
        rpr.append(OxmlElement("w:bCs"))
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(size * 2))
    rpr.append(size_cs)


def _table(doc, headers, widths_mm, size: int = TABLE_PT):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header, width in zip(table.rows[0].cells, headers, widths_mm, strict=True):
        _fill(cell, [header], bold=True, size=size, center=True)
        cell.width = Mm(width)
    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    return table


def _fill(cell, lines: list[str], bold: bool = False, size: int = TABLE_PT, center: bool = False):
    first = cell.paragraphs[0]
    for n, line in enumerate(lines):
        paragraph = first if n == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, line, bold, size)


def _signatures(doc) -> None:
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    for cell, role in zip(table.rows[0].cells, ("ผู้รายงาน", "ผู้บริหาร"), strict=True):
        _fill(cell, [f"ลงชื่อ ............................................ {role}",
                     "(............................................)",
                     "ตำแหน่ง ............................................"], size=BODY_PT, center=True)
