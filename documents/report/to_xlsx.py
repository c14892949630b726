"""Report → XLSX with openpyxl: the same table for those who work in a sheet, one row per
measure, lines inside a cell kept as line breaks; a summary sheet and (asked for) the trail."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from documents.report import thai
from documents.report.fonts import FAMILY
from documents.report.model import Report

WIDTHS = (34, 22, 50, 26, 24, 34, 30, 28)
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def render_xlsx(report: Report, with_trail: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "รายงาน"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    for n, line in enumerate(thai.title_lines(report), start=1):
        sheet.cell(row=n, column=1, value=line).font = Font(name=FAMILY, bold=True, size=14)
        sheet.merge_cells(start_row=n, start_column=1, end_row=n, end_column=len(WIDTHS))
        sheet.cell(row=n, column=1).alignment = Alignment(horizontal="center")
    header_row = len(thai.title_lines(report)) + 2
    _header(sheet, header_row, thai.HEADERS, WIDTHS)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    row_no = header_row
    for group in report.groups:
        row_no += 1
        cell = sheet.cell(row=row_no, column=1,
                          value=thai.group_heading(group.tool, group.indicator, group.name))
        cell.font = Font(name=FAMILY, bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        sheet.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=len(WIDTHS))
        for row in group.rows:
            row_no += 1
            _values(sheet, row_no, ["\n".join(lines) for lines in thai.row_cells(row)])

    summary = book.create_sheet("สรุป")
    _header(summary, 1, thai.SUMMARY_HEADERS, (30, 18, 22, 18, 16))
    for n, values in enumerate(thai.summary_cells(report), start=2):
        _values(summary, n, values)
    if with_trail:
        trail = book.create_sheet("ที่มาของสถานะ")
        _header(trail, 1, thai.TRAIL_HEADERS, (26, 18, 20, 40, 16, 16, 22, 40, 24))
        for n, values in enumerate(thai.trail_cells(report), start=2):
            _values(trail, n, values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet, row: int, headers, widths) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=col, value=text)
        cell.font = Font(name=FAMILY, bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = _BORDER
        cell.fill = PatternFill("solid", fgColor="E8E8E8")
        sheet.column_dimensions[cell.column_letter].width = width


def _values(sheet, row: int, values) -> None:
    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=col, value=value)
        cell.font = Font(name=FAMILY)
        cell.alignment = _WRAP
        cell.border = _BORDER
