"""Read a PDF plan into the importer's one shape (prose lines and raw table rows), as
tables.py does for .docx.

pdfplumber finds ruled tables from the page's lines and reads each cell's text; it is a
maintained, pure-Python library (on pdfminer.six) that gives cells, not just a stream of
words, which is what a measures table needs. Text is taken in the PDF's own drawing order
(`use_text_flow`): Thai marks drawn after their consonant would otherwise be sorted by x
position and land on the wrong letter.

Thai PDFs carry a few well-known extraction faults, repaired in `repair_thai`: SARA AM
written as NIKHAHIT + SARA AA glyphs (with SARA AA also reported, giving "ดำา"), a space
inserted before a mark that sits over the previous letter, and glyphs without a Unicode
mapping. A PDF without a text layer (a scan) is refused with a message that says so: reading
images would need OCR, which this importer does not do.

A table row that a page break cuts arrives as two rows (the importer's later steps treat
them as it treats the seeds' page-cut rows); documents made with "allow row to break across
pages" off, as official forms usually are, keep each row whole.
"""

from __future__ import annotations

import io
import re

from documents.importer.errors import BadInput
from documents.importer.tables import Document, RawRow, RawTable, clean_cell, clean_prose

_TEXT = {"use_text_flow": True, "x_tolerance": 3}
_TABLE = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
          "text_use_text_flow": True, "text_x_tolerance": 3}
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_SPACE_BEFORE_MARK = re.compile(f" +(?=[{_MARKS}])")
_UNMAPPED = re.compile(r"\(cid:\d+\)|\x00")


_LIST_START = re.compile(r"\s*(?:[0-9๐-๙]{1,2}[.)]|[-•*●○])")
_PAGE_NUMBER = re.compile(r"[-–\s]*[0-9๐-๙]{1,3}[-–\s]*")


def _cell_text(page, bbox) -> str:
    """A cell's lines, with the breaks that word wrap made taken out: a line ends by wrap
    when the next line's first word would not have fitted after it. Thai has no spaces
    between words, so a wrap inside Thai text joins without one."""
    if bbox is None:
        return ""
    x0, top, x1, bottom = bbox
    lines = page.crop((x0, top, x1, bottom), strict=False).extract_text_lines(
        return_chars=True, **_TEXT)
    out = ""
    for index, line in enumerate(lines):
        text = line["text"]
        if index == 0:
            out = text
            continue
        previous = lines[index - 1]
        first_word = text.split(" ", 1)[0]
        chars = line["chars"][: len(first_word)]
        word_width = (chars[-1]["x1"] - chars[0]["x0"]) if chars else 0
        wrapped = x1 - previous["x1"] < word_width + 6 and not _LIST_START.match(text)
        if wrapped:
            thai_join = out[-1:] >= "\u0e01" and out[-1:] <= "\u0e4e" and "\u0e01" <= text[:1] <= "\u0e4e"
            out += ("" if thai_join else " ") + text
        else:
            out += "\n" + text
    return out


def _table_cells(page, table) -> list[list[str]]:
    return [[_cell_text(page, bbox) for bbox in row.cells] for row in table.rows]


def repair_thai(text: str) -> str:
    text = _UNMAPPED.sub("", text)
    text = text.replace("\u0e33\u0e32", "\u0e33").replace("\u0e4d\u0e32", "\u0e33")
    return _SPACE_BEFORE_MARK.sub("", text)


def read_pdf(data: bytes, name: str) -> Document:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises several types for damaged files
        raise BadInput(f"cannot open the PDF (damaged or not a PDF: {exc.__class__.__name__})",
                       name) from None
    prose: list[tuple[int, str]] = []
    tables: list[RawTable] = []
    pending: list[tuple[int, str]] = []
    row_number = 0
    any_text = False
    with pdf:
        for page in pdf.pages:
            any_text = any_text or bool(page.chars)
            found = page.find_tables(_TABLE)
            boxes = [t.bbox for t in found]

            def outside(obj, boxes=boxes) -> bool:
                return not any(x0 <= obj["x0"] and obj["x1"] <= x1 and top <= obj["top"]
                               and obj["bottom"] <= bottom for x0, top, x1, bottom in boxes)

            items: list[tuple[float, object]] = []
            for line in page.filter(outside).extract_text_lines(return_chars=False, **_TEXT):
                items.append((line["top"], repair_thai(line["text"])))
            for table in found:
                items.append((table.bbox[1], table))
            for _, item in sorted(items, key=lambda pair: pair[0]):
                if isinstance(item, str):
                    text = clean_prose(item)
                    if text and not _PAGE_NUMBER.fullmatch(text):
                        for part in text.split("\n"):
                            prose.append((row_number, part))
                            pending.append((row_number, part))
                    continue
                rows = []
                for cells in _table_cells(page, item):
                    row_number += 1
                    row = [clean_cell(repair_thai(c)) for c in cells]
                    if any(row):
                        rows.append(RawRow(cells=row, line=row_number))
                if not rows:
                    continue
                tables.append(RawTable(rows=rows, before=pending))
                pending = []
    if not any_text:
        raise BadInput("this PDF has no text layer (it is a scanned image): open the original "
                       "Word/Excel file, or type the plan into the .xlsx template", name)
    if not tables:
        raise BadInput("no ruled table found in the PDF: measures must be in a table", name)
    return Document(file=name, kind="pdf", prose=prose, tables=tables)
