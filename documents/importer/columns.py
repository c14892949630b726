"""Column roles, whatever the wording, and raw tables folded into logical tables.

A header cell's role is the first entry of ROLE_PATTERNS whose pattern it matches (after
spaces are removed, because extraction breaks headers across lines: `ดำเนินการ แล้ว`). The
order matters: `ขั้นตอนหรือวิธีการ/มาตรการ` is steps, not the measure; `ระยะเวลาดำเนินการ` is a
deadline, not a done column; `ประเด็น/ตัวชี้วัด/หัวข้อ` is the measure, not the indicator.

A row is a header when at least two cells have two different roles, every recognised cell
is short, and recognised cells are most of the row. A header row followed by a second
header row (a group header `แผนการขับเคลื่อน` over `ประเด็นที่ต้องปรับปรุง | หน่วยงาน`) is read
as one header, each column's text being both rows' text.

Tables whose header has the same roles as the table before them are that table continued
after a page break (the header repeated). A raw table without a header continues the
previous table when the column count fits. The first data row after a break is flagged so
the row builder can tell a continued row (empty key cells) from a new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from documents.importer.tables import Document, RawRow

# role → pattern on the header text without spaces. First match wins.
ROLE_PATTERNS: list[tuple[str, re.Pattern]] = [
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in (
        ("measure_key", r"รหัสมาตรการ"),
        ("task_key", r"รหัสงาน"),
        ("fiscal_year", r"^ปีงบประมาณ"),
        ("task_title", r"^งาน(?:\(|$)|^ชื่องาน|^งานที่ต้องทำ"),
        ("tick_not_started", r"^ยังไม่(?:ได้)?ดำเนินการ$"),
        ("tick_in_progress", r"^(?:อยู่ระหว่าง|กำลัง)(?:การ)?ดำเนินการ$"),
        ("tick_done", r"^(?:ดำเนินการแล้ว|เสร็จแล้ว|ดำเนินการเสร็จแล้ว|แล้วเสร็จ)$"),
        ("status", r"^สถานะ"),
        ("done_date", r"ดำเนินการเมื่อ|วันที่ดำเนินการ|วันที่แล้วเสร็จ|วันที่เสร็จ"),
        ("result", r"ผลการดำเนิน|ผลการปฏิบัติ|^การดำเนิน(?:การ|งาน)(?:ที่ผ่านมา)?$|^ผลงาน"),
        (
            "deadline",
            r"ระยะเวลา|กำหนดเวลา|ห้วงเวลา|ช่วงเวลา|กำหนดแล้วเสร็จ|เวลาแล้วเสร็จ"
            r"|กำหนดส่ง|^กำหนดการ|ปฏิทิน|^ความถี่",
        ),
        ("monitoring", r"กำกับ|ติดตาม|รายงานผล"),
        ("position", r"ตำแหน่ง|^เจ้าหน้าที่ผู้รับผิดชอบ|ผู้ปฏิบัติ"),
        ("unit", r"ผู้รับผิดชอบ|หน่วยงาน|ส่วนราชการ|รับผิดชอบ|กอง/ฝ่าย"),
        ("steps", r"ขั้นตอน|วิธีการ|วิธีดำเนิน|แนวทางการดำเนิน|แนวทางปฏิบัติ|แนวทางการปฏิบัติ"),
        ("score", r"ผลการประเมิน|คะแนน"),
        ("refs", r"^ข้อ(?:\(|$)|^รหัสข้อ|^ข้อคำถาม"),
        ("measure", r"ประเด็น|มาตรการ|หัวข้อ|^เรื่อง|โครงการ|^รายการ"),
        ("steps", r"กิจกรรม|รายละเอียด"),
        ("indicator", r"ตัวชี้วัด|องค์ประกอบ"),
        ("tool", r"^แบบ(?:\(|$)|^แบบวัด|^แบบประเมิน|เครื่องมือ"),
        ("seq", r"^ลำดับ|^ที่$"),
        ("remarks", r"หมายเหตุ"),
        ("budget", r"งบประมาณ|^งบ"),
        ("analysis", r"วิเคราะห์"),
    )
]

# Columns that make a table a plan: someone must do something, or by when, or it is done.
PLAN_ROLES = frozenset(
    {
        "unit",
        "steps",
        "deadline",
        "monitoring",
        "tick_not_started",
        "tick_in_progress",
        "tick_done",
        "status",
        "measure_key",
        "task_key",
    }
)
# Columns that identify a row: when all are empty after a page break, the row continues.
KEY_ROLES = frozenset({"seq", "tool", "indicator", "refs", "measure_key"})

_MAX_HEADER_CELL = 80


def header_text(cell: str) -> str:
    return re.sub(r"[\s*:：]+", "", cell)


def role_of(cell: str) -> str | None:
    text = header_text(cell)
    if not text or len(text) > _MAX_HEADER_CELL:
        return None
    for role, pattern in ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return None


def _one_measure_column(roles: list[str | None]) -> list[str | None]:
    """A second measure-like column (`ประเด็นที่ต้องแก้ไข | ประเด็นที่ต้องพัฒนา`) is extra
    text: it neither names the measure nor makes the table a plan."""
    out, seen = [], False
    for role in roles:
        if role == "measure":
            if seen:
                role = "extra"
            seen = True
        out.append(role)
    return out


def _header_roles(cells: list[str]) -> list[str | None] | None:
    """Roles per column if `cells` is a header row, else None."""
    filled = [c for c in cells if c.strip()]
    if not filled or any(len(header_text(c)) > _MAX_HEADER_CELL for c in filled):
        return None
    roles = [role_of(c) for c in cells]
    known = [r for r in roles if r]
    if len(known) < 2 or len(set(known)) < 2 or len(known) < 0.6 * len(filled):
        return None
    return _one_measure_column(roles)


def is_header_row(cells: list[str]) -> bool:
    """The row names columns (two or more roles, short cells): a header, first or repeated."""
    return _header_roles(cells) is not None


@dataclass
class DataRow:
    cells: list[str]
    line: int
    values: list[object] | None = None
    after_break: bool = False
    # Prose lines that came just before this row (headings between table pieces).
    context: list[tuple[int, str]] = field(default_factory=list)

    def get(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""

    def value(self, index: int) -> object:
        if self.values is not None and index < len(self.values):
            return self.values[index]
        return self.get(index) or None


@dataclass
class Table:
    roles: list[str | None]
    headers: list[str]
    line: int
    rows: list[DataRow] = field(default_factory=list)
    before: list[tuple[int, str]] = field(default_factory=list)

    @property
    def signature(self) -> tuple:
        return tuple(self.roles)

    def columns(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_plan(self) -> bool:
        return self.has("measure") and any(r in PLAN_ROLES for r in self.roles if r)


@dataclass
class Layout:
    tables: list[Table]
    # Raw tables nobody could read: (first line, first row's text) for the error message.
    unreadable: list[tuple[int, str]]


def _merge_headers(first: list[str], second: list[str]) -> list[str]:
    width = max(len(first), len(second))
    first = first + [""] * (width - len(first))
    second = second + [""] * (width - len(second))
    return [f"{a} {b}".strip() for a, b in zip(first, second, strict=True)]


def _read_header(rows: list[RawRow]) -> tuple[list[str], list[str | None], int, int] | None:
    """(header cells, roles, first header row, first data row) near the top of a raw
    table, or None. A title row merged across the table may come before the header."""
    for start in range(min(3, len(rows))):
        roles = _header_roles(rows[start].cells)
        if roles is None:
            continue
        cells = rows[start].cells
        if len(rows) > start + 1 and any(not c.strip() for c in cells):
            second_filled = [c for c in rows[start + 1].cells if c.strip()]
            second = [role_of(c) for c in second_filled]
            if len(second) >= 2 and all(second):
                merged = _merge_headers(cells, rows[start + 1].cells)
                merged_roles = _one_measure_column([role_of(c) for c in merged])
                if sum(1 for r in merged_roles if r) >= sum(1 for r in roles if r):
                    return merged, merged_roles, start, start + 2
        return cells, roles, start, start + 1
    return None


_COLUMN_NUMBERS = re.compile(r"^\(?[\d๐-๙]{1,2}\)?$")


def _column_numbers(cells: list[str]) -> bool:
    """A row of column numbers under the header: (๑) (๒) (๓) …"""
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) >= 3 and all(_COLUMN_NUMBERS.match(c) for c in filled)


def logical_tables(document: Document) -> Layout:
    """Fold the document's raw tables into logical tables with column roles."""
    tables: list[Table] = []
    unreadable: list[tuple[int, str]] = []
    current: Table | None = None
    for raw in document.tables:
        header = _read_header(raw.rows)
        before = list(raw.before)
        if header is not None:
            cells, roles, start, used = header
            # Rows above the header (a title row merged across the table) are prose.
            before += [(r.line, " ".join(c for c in r.cells if c)) for r in raw.rows[:start]]
            if current is not None and tuple(roles) == current.signature:
                body, broke = raw.rows[used:], True
            else:
                current = Table(roles=roles, headers=cells, line=raw.rows[start].line, before=before)
                tables.append(current)
                body, broke = raw.rows[used:], False
        elif current is not None and abs(len(raw.rows[0].cells) - len(current.roles)) <= 1:
            body, broke = raw.rows, True
        else:
            first = raw.rows[0]
            unreadable.append((first.line, " | ".join(c for c in first.cells if c)[:120]))
            current = None
            continue
        raw_before = before if broke else []
        for row in body:
            width = len(current.roles)
            if _column_numbers(row.cells):
                continue
            repeated = _header_roles(row.cells)
            if repeated is not None and tuple((repeated + [None] * width)[:width]) == current.signature:
                broke = True  # a header repeated inside the piece
                continue
            cells = (row.cells + [""] * width)[:width]
            if len(row.cells) > width:  # stray extra cells: keep their text in the last one
                cells[-1] = "\n".join(c for c in [cells[-1], *row.cells[width:]] if c)
            current.rows.append(
                DataRow(cells=cells, line=row.line, values=row.values, after_break=broke, context=raw_before)
            )
            broke, raw_before = False, []
    return Layout(tables=tables, unreadable=unreadable)
