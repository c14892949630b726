"""Read each document format into one shape: prose lines and raw table rows, each with its
source position, so everything after this module is the same for every format.

* Text extracted from Word/PDF (the seeds): a line with a tab is a table row, its cells are
  the tab-separated fields; consecutive tab lines form one raw table. Cells may carry HTML
  fragments (`<p>`, `<ul><li>`, `<input type="checkbox"/>`): they are turned into plain text
  with the standard library's html.parser, block tags becoming line breaks.
* .docx: the body is walked in order, paragraphs become prose lines and tables raw tables.
  A cell merged across columns is emitted once (the columns it also covers get ""), and a
  cell merged down from the row above gets "" — the same shape the text extraction has, so
  merged text is never duplicated. Row numbers count table rows over the whole document.
* .xlsx / .csv: every sheet is one raw table, row numbers are the spreadsheet's.

Repeated headers and rows continued across page breaks are not handled here (see columns.py
and measures.py): this module only reads.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

from documents.importer.errors import BadInput

HELP_SHEET_TITLES = ("คำอธิบาย",)


@dataclass
class RawRow:
    cells: list[str]
    line: int
    # Spreadsheet cell values as read (dates stay dates); None for text and .docx.
    values: list[object] | None = None


@dataclass
class RawTable:
    rows: list[RawRow]
    # Prose lines between the previous table and this one: headings such as
    # "ตัวชี้วัดที่ ๙ …" or "๒. กองคลัง" that apply to the rows below them.
    before: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Document:
    file: str
    kind: str  # "text", "docx", "xlsx", "csv", "pdf"
    prose: list[tuple[int, str]]
    tables: list[RawTable]


# ---------------------------------------------------------------------------------------
# Cell text

_HTML_HINT = re.compile(
    r"<\s*/?\s*(p|ul|ol|li|br|div|span|input|b|i|u|strong|em|font|table|tr|td|th)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "li", "br", "div", "tr", "ul", "ol", "table", "h1", "h2", "h3", "h4"}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff]")


class _CellText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def clean_cell(text: str) -> str:
    """Plain text of a cell: HTML fragments removed, spaces collapsed, one item per line."""
    if not text:
        return ""
    text = _ZERO_WIDTH.sub("", text)
    if "<" in text and _HTML_HINT.search(text):
        parser = _CellText()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def clean_prose(line: str) -> str:
    return clean_cell(line.replace("**", ""))


def _value_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_cell(str(value))


# ---------------------------------------------------------------------------------------
# Format detection


def read_document(path: Path, display_name: str | None = None) -> Document:
    """Read any supported file. Raises BadInput for empty, binary or unsupported files."""
    name = display_name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read the file: {exc.strerror or exc}", name) from None
    if not data.strip():
        raise BadInput("the file is empty", name)
    suffix = path.suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(path, data, name, suffix)
    if data.startswith(b"%PDF"):
        from documents.importer.pdf import read_pdf

        return read_pdf(data, name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadInput("old Word/Excel format (.doc/.xls): save it as .docx or .xlsx", name)
    if suffix in (".docx", ".xlsx", ".xlsm"):
        raise BadInput(f"not a valid {suffix} file (it is not a zip package)", name)
    text = _decode_text(data, name)
    if suffix == ".csv":
        return _read_csv(text, name)
    return _read_text(text, name)


def _read_zip(path: Path, data: bytes, name: str, suffix: str) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile:
        raise BadInput("the file is damaged (a broken zip package)", name) from None
    if "word/document.xml" in names:
        return _read_docx(io.BytesIO(data), name)
    if "xl/workbook.xml" in names:
        return _read_xlsx(io.BytesIO(data), name)
    raise BadInput(
        f"unsupported package{f' ({suffix})' if suffix else ''}: expected .docx, .xlsx, .csv or text", name
    )


def _decode_text(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp874")  # Thai Windows code page (TIS-620 superset)
            except UnicodeDecodeError:
                raise BadInput("not a text document (binary data?)", name) from None
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in sample or controls > max(8, len(sample) // 50):
        raise BadInput("not a text document (binary data?)", name)
    if not re.search(r"[\u0e00-\u0e7fA-Za-z]", sample):
        raise BadInput("no readable text in the file", name)
    return text


# ---------------------------------------------------------------------------------------
# Text (the seeds)


def _read_text(text: str, name: str) -> Document:
    prose: list[tuple[int, str]] = []
    tables: list[RawTable] = []
    current: RawTable | None = None
    pending: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            cells = [clean_cell(c) for c in line.split("\t")]
            if not any(cells):
                continue
            if current is None:
                current = RawTable(rows=[], before=pending)
                tables.append(current)
                pending = []
            current.rows.append(RawRow(cells=cells, line=number))
            continue
        current = None
        cleaned = clean_prose(line)
        if cleaned:
            for part in cleaned.split("\n"):
                prose.append((number, part))
                pending.append((number, part))
    return Document(file=name, kind="text", prose=prose, tables=tables)


# ---------------------------------------------------------------------------------------
# .docx


def _read_docx(stream: io.BytesIO, name: str) -> Document:
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    try:
        word = docx.Document(stream)
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise BadInput(f"cannot open the Word file: {exc}", name) from None

    def paragraph_text(p) -> str:
        return Paragraph(p, None).text

    prose: list[tuple[int, str]] = []
    tables: list[RawTable] = []
    pending: list[tuple[int, str]] = []
    row_number = 0
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = clean_prose(paragraph_text(child))
            for part in text.split("\n") if text else []:
                prose.append((row_number, part))
                pending.append((row_number, part))
        elif child.tag == qn("w:tbl"):
            table = RawTable(rows=[], before=pending)
            pending = []
            for tr in child.iterchildren(qn("w:tr")):
                row_number += 1
                cells: list[str] = []
                grid_before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
                if grid_before is not None:
                    cells.extend([""] * int(grid_before.get(qn("w:val"), "0") or 0))
                for tc in tr.iterchildren(qn("w:tc")):
                    span = tc.grid_span if hasattr(tc, "grid_span") else 1
                    if tc.vMerge == "continue":
                        text = ""
                    else:
                        text = "\n".join(paragraph_text(p) for p in tc.iter(qn("w:p")))
                    cells.append(clean_cell(text))
                    cells.extend([""] * (max(1, span) - 1))
                if any(cells):
                    table.rows.append(RawRow(cells=cells, line=row_number))
            if table.rows:
                tables.append(table)
    if not tables:
        raise BadInput("the Word file has no tables: measures must be in a table", name)
    return Document(file=name, kind="docx", prose=prose, tables=tables)


# ---------------------------------------------------------------------------------------
# .xlsx and .csv


def _read_xlsx(stream: io.BytesIO, name: str) -> Document:
    import openpyxl

    try:
        book = openpyxl.load_workbook(stream, data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises several types for damaged packages
        raise BadInput(f"cannot open the Excel file: {exc}", name) from None
    tables: list[RawTable] = []
    try:
        for sheet in book.worksheets:
            if sheet.title.strip() in HELP_SHEET_TITLES:
                continue
            table = RawTable(rows=[])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_value_text(v) for v in values]
                if any(cells):
                    table.rows.append(RawRow(cells=cells, line=number, values=list(values)))
            if table.rows:
                tables.append(table)
    finally:
        book.close()
    if not tables:
        raise BadInput("the Excel file has no rows", name)
    return Document(file=name, kind="xlsx", prose=[], tables=tables)


def _read_csv(text: str, name: str) -> Document:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    table = RawTable(rows=[])
    for number, fields in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [clean_cell(f) for f in fields]
        if any(cells):
            table.rows.append(RawRow(cells=cells, line=number))
    if not table.rows:
        raise BadInput("the CSV file has no rows", name)
    return Document(file=name, kind="csv", prose=[], tables=[table])
