"""A table that runs over several PDF pages, put back together: the pieces drawn on each page
become one table, repeated header rows are dropped, and a row cut by a page break is one
row again. Pure geometry and text, no PDF library: `pdf.py` measures, this module decides.

What a coordinator's PDF looks like. Plans are typed in Word and exported (or printed) to
PDF. A table longer than a page continues on the next one, usually under the same header
row repeated ("repeat as header row"); a row taller than the space left is either moved
whole to the next page ("allow row to break across pages" off) or cut, its cells going on
at the top of the next page ("on", Word's default; a row taller than a whole page is cut
either way).

When a piece continues the table before it: it is the first thing on its page (page
numbers and running headers aside), the previous piece was the last thing on its page, and
both have the same columns (the same x positions of their vertical rules, within a point
or two).

When its first row continues the previous piece's last row. A cut happens only when the
page is full: the previous piece ends at the bottom of the page's text area. Then the
cells that go on are exactly those whose text ran to the bottom edge of the cut row; the
cells that had finished are empty on the new page (the measure number, a short unit).
So the first row continues the cut row when every cell it fills is a cell that ran to the
bottom, and at least one cell of the cut row is done (filled above, empty here). A new
row at the top of a page fills its number or title column, which had finished above. A
row that ran to the bottom in every cell and goes on in every cell is not told apart from
two rows: it stays two rows, as before, and the importer's later rules (an empty measure
cell continues the row above) still apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from documents.importer.columns import is_header_row

# How far apart two pieces' vertical rules may be and still be the same column.
COLUMN_TOLERANCE = 2.5
# How alike (rapidfuzz ratio) a row must be to the header to be the header repeated.
HEADER_LIKENESS = 90


@dataclass
class PieceRow:
    cells: list[str]
    line: int
    # Per cell: its text ends within about a line of the row's bottom edge.
    to_bottom: list[bool]


@dataclass
class Piece:
    """One table as drawn on one page."""

    page: int
    columns: list[float]  # x positions of the vertical rules, left to right
    bottom: float
    rows: list[PieceRow]
    first_on_page: bool = False  # nothing but running text above it on its page
    last_on_page: bool = False  # nothing but running text below it on its page
    full_page: bool = False  # it ends at the bottom of the page's text area
    before: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class JoinedTable:
    """Rows read as one run, as the importer reads a raw table: a run that starts with a
    repeated header, or with no header at all, goes on from the table before it, and the
    importer's own rules for rows after a break apply to it (columns.py, rows.py)."""

    rows: list[PieceRow]
    before: list[tuple[int, str]]


def same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(a, b, strict=True))


def continues(previous: Piece, piece: Piece) -> bool:
    """`piece` is the rest of `previous`'s table, on the next page."""
    return (piece.page == previous.page + 1 and previous.last_on_page and piece.first_on_page
            and not piece.before and same_columns(previous.columns, piece.columns))


def _key(cells: list[str]) -> str:
    return re.sub(r"\s+", "", "".join(cells))


def row_goes_on(cut: PieceRow, first: PieceRow) -> bool:
    """`first`, the top row of a page, is the rest of `cut`, the last row of the page before
    (see the module docstring for why these are the signals)."""
    filled_before = {i for i, text in enumerate(cut.cells) if text}
    filled_here = {i for i, text in enumerate(first.cells) if text}
    ran_out = {i for i in filled_before if i < len(cut.to_bottom) and cut.to_bottom[i]}
    if not filled_here or not filled_here <= ran_out:
        return False
    if filled_here < filled_before:
        return True
    # Every cell ran out and every cell goes on (a row cut after its first lines): the
    # cut row's first cell opens with its number or code, the rest does not.
    return bool(_ITEM_START.match(cut.cells[0])) and not _ITEM_START.match(first.cells[0])


_LIST_START = re.compile(r"\s*(?:[0-9๐-๙]{1,2}[.)]|[-•*●○])")
# What a row's first cell opens with when it is a new item: a number (๑. / 1.2 / 3)), an
# item code (e6, o10, i3), a bullet.
_ITEM_START = re.compile(r"\s*(?:[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2})*(?:[.)]|\s)|[a-zA-Z]{1,2}\s?[0-9๐-๙]{1,2}\b"
                         r"|[-•*●○])")


def join_text(above: str, below: str) -> str:
    """A cell's text on two pages as one: a list item or a new paragraph below starts a new
    line; otherwise the cut fell inside a line, and Thai joins without a space."""
    if not above or not below:
        return above or below
    if _LIST_START.match(below):
        return f"{above}\n{below}"
    thai = "\u0e01" <= above[-1] <= "\u0e4e" and "\u0e01" <= below[0] <= "\u0e4e"
    return above + ("" if thai else " ") + below


def _header_keys(rows: list[PieceRow]) -> set[str]:
    """The table's header rows, as keys: its leading rows that name columns (one or two
    rows; a group header such as `แผนการขับเคลื่อน` over its sub-headers)."""
    keys: set[str] = set()
    for row in rows[:3]:
        if not is_header_row(row.cells):
            break
        keys.add(_key(row.cells))
    return keys


def _repeats(row: PieceRow, header: set[str]) -> bool:
    """The row repeats the table's header: the same column titles, give or take a few
    letters (a hand-copied header: `ลำดับ ที่` / `ลำดับที่`, `ดำเนินการแล้ว` / `ดำเนินการ แล้ว`)."""
    key = _key(row.cells)
    return key in header or any(fuzz.ratio(key, known) >= HEADER_LIKENESS for known in header)


def _heading(row: PieceRow, header: set[str]) -> bool:
    """The row heads what follows: the header repeated, or another table's header."""
    return _repeats(row, header) or is_header_row(row.cells)


def join_pieces(pieces: list[Piece]) -> list[JoinedTable]:
    """The document's tables, in runs. A piece either starts a table or goes on with the one
    before it. When its first row is the rest of a cut row, that row is joined here, the
    header repeated above it is dropped, and the piece's rows go on in the same run: the
    break is resolved. Otherwise the piece starts a new run (with its repeated header, if
    any), as does a header row inside a piece (tables split by hand, a second table)."""
    runs: list[JoinedTable] = []
    header: set[str] = set()
    previous: Piece | None = None
    for piece in pieces:
        rows = list(piece.rows)
        if previous is None or not runs or not continues(previous, piece):
            header = _header_keys(rows)
            runs.append(JoinedTable(rows=rows[:len(header)], before=piece.before))
            rows = rows[len(header):]
        else:
            repeated = []
            while rows and _repeats(rows[0], header):
                repeated.append(rows.pop(0))
            last = runs[-1].rows[-1] if runs[-1].rows else None
            cut_is_last = last is not None and last.line == previous.rows[-1].line
            if rows and previous.full_page and cut_is_last and row_goes_on(last, rows[0]):
                rest = rows.pop(0)
                width = max(len(last.cells), len(rest.cells))
                cells = [join_text(_at(last.cells, i), _at(rest.cells, i)) for i in range(width)]
                to_bottom = [_at(rest.to_bottom, i, False) for i in range(width)]
                # The joined row takes the line of its last part, so that a row cut twice
                # (over three pages) is still the last row of the piece it ends on.
                runs[-1].rows[-1] = PieceRow(cells=cells, line=rest.line, to_bottom=to_bottom)
            else:
                runs.append(JoinedTable(rows=repeated, before=[]))
        for row in rows:
            run = runs[-1].rows
            if run and _heading(row, header) and not _heading(run[-1], header):
                runs.append(JoinedTable(rows=[], before=[]))
            runs[-1].rows.append(row)
        previous = piece
    return [run for run in runs if run.rows]


def _at(values: list, index: int, default=""):
    return values[index] if index < len(values) else default
