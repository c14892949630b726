"""Read a PDF plan into the importer's one shape (prose lines and raw table rows), as
tables.py does for .docx.

pdfplumber finds ruled tables from the page's lines; it is a maintained, pure-Python
library (on pdfminer.six) that gives each table's cells, not just a stream of words, which
is what a measures table needs. Each page's characters are read once (`pdf_chars`, which
also honours /ActualText, how LibreOffice says which Thai letter a lowered glyph is) and
handed to the cell whose box holds their centre; a cell's text is grouped into lines in the
PDF's own drawing order (`use_text_flow`): Thai marks drawn after their letter would
otherwise be sorted by x position and land on the wrong letter.

A table that runs over several pages is put back together by `page_breaks.join_pieces`:
this module measures where each piece and each cell's text ends, that one decides which
pieces and rows go on. Page numbers and running headers (the same line at the top or foot of
several pages) do not count as text between two pieces.

Thai PDFs from other producers carry well-known extraction faults, repaired in
`repair_thai`: SARA AM written as NIKHAHIT + SARA AA glyphs (with SARA AA also reported,
giving "ดำา"), a space inserted before a mark that sits over the previous letter, and
glyphs without a Unicode mapping. A PDF without a text layer (a scan) is refused with a
message that says so: reading images would need OCR, which this importer does not do.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from dataclasses import dataclass, field

from documents.importer import pdf_chars
from documents.importer.errors import BadInput
from documents.importer.page_breaks import Piece, PieceRow, join_pieces
from documents.importer.tables import Document, RawRow, RawTable, clean_cell, clean_prose

_TEXT = {"use_text_flow": True, "x_tolerance": 3}
_TABLE = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_SPACE_BEFORE_MARK = re.compile(f" +(?=[{_MARKS}])")
_UNMAPPED = re.compile(r"\(cid:\d+\)|\x00")
_LIST_START = re.compile(r"\s*(?:[0-9๐-๙]{1,2}[.)]|[-•*●○])")
_PAGE_NUMBER = re.compile(r"[-–\s]*(?:(?:หน้า|page)\s*)?[0-9๐-๙]{1,3}(?:\s*/\s*[0-9๐-๙]{1,3})?[-–\s]*",
                          re.IGNORECASE)
# Running headers and footers live in this top or bottom share of the page.
_MARGIN_SHARE = 0.12


def repair_thai(text: str) -> str:
    text = _UNMAPPED.sub("", text)
    text = text.replace("\u0e33\u0e32", "\u0e33").replace("\u0e4d\u0e32", "\u0e33")
    return _SPACE_BEFORE_MARK.sub("", text)


@dataclass
class _Cell:
    text: str
    gap: float | None  # from the cell's last text line to its bottom edge; None when empty


@dataclass
class _Table:
    columns: list[float]
    top: float
    bottom: float
    rows: list[tuple[int, list[_Cell]]]  # (row number in the document, cells)


@dataclass
class _Line:
    top: float
    bottom: float
    text: str
    position: int  # table rows read before it


@dataclass
class _Page:
    number: int
    height: float
    items: list[_Line | _Table] = field(default_factory=list)


def _lines_of(chars: list[dict]) -> list[dict]:
    from pdfplumber.utils import chars_to_textmap

    if not chars:
        return []
    return chars_to_textmap(chars, **_TEXT).extract_text_lines(strip=True, return_chars=True)


def _cell_text(lines: list[dict], right_edge: float) -> str:
    """A cell's lines, with the breaks that word wrap made taken out: a line ends by wrap
    when the next line's first word would not have fitted after it. Thai has no spaces
    between words, so a wrap inside Thai text joins without one."""
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
        wrapped = right_edge - previous["x1"] < word_width + 6 and not _LIST_START.match(text)
        if wrapped:
            thai_join = "\u0e01" <= out[-1:] <= "\u0e4e" and "\u0e01" <= text[:1] <= "\u0e4e"
            out += ("" if thai_join else " ") + text
        else:
            out += "\n" + text
    return out


def _inside(char: dict, box) -> bool:
    x0, top, x1, bottom = box
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return x0 <= x <= x1 and top <= y <= bottom


def _rules(table) -> list[float]:
    """The x positions of a table's vertical rules (cell edges), close ones as one."""
    xs = sorted({round(v, 1) for cell in table.cells for v in (cell[0], cell[2])})
    out: list[float] = []
    for x in xs:
        if not out or x - out[-1] > 1.0:
            out.append(x)
    return out


def _read_page(page, row_number: int, pitches: list[float]) -> tuple[_Page, int]:
    """One page's prose lines and tables, top to bottom. Also collects the distances between
    lines inside cells (`pitches`), from which the document's line height is taken."""
    chars = pdf_chars.chars(page)
    found = page.find_tables(_TABLE)
    result = _Page(number=page.page_number, height=float(page.height))
    taken: set[int] = set()
    tables: list[_Table] = []
    for table in sorted(found, key=lambda t: t.bbox[1]):
        in_table = [(i, c) for i, c in enumerate(chars) if _inside(c, table.bbox)]
        rows: list[tuple[int, list[_Cell]]] = []
        for row in table.rows:
            row_number += 1
            cells: list[_Cell] = []
            for box in row.cells:
                if box is None:
                    cells.append(_Cell("", None))
                    continue
                mine = [(i, c) for i, c in in_table if i not in taken and _inside(c, box)]
                taken.update(i for i, _ in mine)
                lines = _lines_of([c for _, c in mine])
                pitches.extend(b["top"] - a["top"] for a, b in itertools.pairwise(lines))
                text = clean_cell(repair_thai(_cell_text(lines, box[2])))
                gap = box[3] - max(c["bottom"] for _, c in mine) if mine and text else None
                cells.append(_Cell(text, gap))
            if any(c.text for c in cells):
                rows.append((row_number, cells))
        if rows:
            tables.append(_Table(columns=_rules(table), top=table.bbox[1], bottom=table.bbox[3], rows=rows))
    prose = [c for i, c in enumerate(chars) if i not in taken]
    items: list[_Line | _Table] = [
        _Line(line["top"], line["bottom"], repair_thai(line["text"]), 0) for line in _lines_of(prose)
    ]
    items += tables
    items.sort(key=lambda item: item.top)
    position = row_number - sum(len(t.rows) for t in tables)
    for item in items:
        if isinstance(item, _Line):
            item.position = position
        else:
            position += len(item.rows)
    result.items = items
    return result, row_number


def _running_lines(pages: list[_Page]) -> set[str]:
    """Lines in the top or bottom margin that come back on several pages (running headers
    and footers), compared without digits so `หน้า ๓ จาก ๙` matches every page."""
    seen: dict[str, set[int]] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, _Line) and (item.bottom < page.height * _MARGIN_SHARE
                                            or item.top > page.height * (1 - _MARGIN_SHARE)):
                seen.setdefault(_running_key(item.text), set()).add(page.number)
    return {key for key, numbers in seen.items() if len(numbers) >= 2}


def _running_key(text: str) -> str:
    return re.sub(r"[\s0-9๐-๙]+", "", text)


def _assemble(pages: list[_Page], pitch: float) -> tuple[list[tuple[int, str]], list[RawTable]]:
    """Prose lines and tables of the whole document, pieces of one table joined."""
    running = _running_lines(pages)
    seen_running: set[str] = set()
    body: list[tuple[_Page, list[_Line | _Table]]] = []
    for page in pages:
        kept: list[_Line | _Table] = []
        for item in page.items:
            if isinstance(item, _Line):
                text = clean_prose(item.text)
                key = _running_key(text)
                if not text or _PAGE_NUMBER.fullmatch(text) or (key in running and key in seen_running):
                    continue  # a running header's first copy stays: it may be the title
                seen_running.add(key)
                item = _Line(item.top, item.bottom, text, item.position)
            kept.append(item)
        body.append((page, kept))
    ends = [item.bottom for _, kept in body for item in kept]
    body_bottom = max(ends) if ends else 0.0

    prose: list[tuple[int, str]] = []
    pending: list[tuple[int, str]] = []
    pieces: list[Piece] = []
    for page, kept in body:
        # Running lines do not separate two pieces of a table.
        placed = [i for i in kept if not (isinstance(i, _Line) and _running_key(i.text) in running)]
        for item in kept:
            if isinstance(item, _Line):
                for part in item.text.split("\n"):
                    prose.append((item.position, part))
                    pending.append((item.position, part))
                continue
            where = placed.index(item)
            pieces.append(Piece(
                page=page.number,
                columns=item.columns,
                bottom=item.bottom,
                rows=[_piece_row(number, cells, pitch) for number, cells in item.rows],
                first_on_page=where == 0,
                last_on_page=where == len(placed) - 1,
                full_page=body_bottom - item.bottom <= 1.5 * pitch,
                before=pending,
            ))
            pending = []
    tables = [RawTable(rows=[RawRow(cells=r.cells, line=r.line) for r in run.rows], before=run.before)
              for run in join_pieces(pieces)]
    return prose, tables


def _piece_row(number: int, cells: list[_Cell], pitch: float) -> PieceRow:
    gaps = [c.gap for c in cells if c.gap is not None]
    lowest = min(gaps) if gaps else 0.0
    return PieceRow(cells=[c.text for c in cells], line=number,
                    to_bottom=[c.gap is not None and c.gap - lowest <= 1.5 * pitch for c in cells])


def read_pdf(data: bytes, name: str) -> Document:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises several types for damaged files
        raise BadInput(f"cannot open the PDF (damaged or not a PDF: {exc.__class__.__name__})",
                       name) from None
    pages: list[_Page] = []
    pitches: list[float] = []
    sizes: list[float] = []
    row_number = 0
    with pdf:
        for page in pdf_chars.pages(pdf):
            sizes.extend(c["size"] for c in page.chars[:2000])
            read, row_number = _read_page(page, row_number, pitches)
            pages.append(read)
    if not sizes:
        raise BadInput("this PDF has no text layer (it is a scanned image): open the original "
                       "Word/Excel file, or type the plan into the .xlsx template", name)
    pitch = statistics.median(p for p in pitches if p > 0) if any(p > 0 for p in pitches) \
        else 1.8 * statistics.median(sizes)
    prose, tables = _assemble(pages, pitch)
    if not tables:
        raise BadInput("no ruled table found in the PDF: measures must be in a table", name)
    return Document(file=name, kind="pdf", prose=prose, tables=tables)
