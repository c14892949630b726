"""Table rows → row records: one record per measure row, with the text of each role and
the tool/indicator context that applies to it.

Rules, in the order they are applied to each row:

* Prose lines between table pieces are read first: `ตัวชี้วัดที่ ๙ …` sets the indicator (and
  its tool) for the rows below; a line that is only a unit (`๒. กองคลัง`, `๑. ทุกส่วนราชการ`)
  is the responsible unit of the rows below that have no unit column.
* A row continues the previous row when its measure cell is empty (the rest of a cell that
  ran over a page), or when it is the first row after a page break and every key cell
  (number, tool, indicator, item code) is empty. Its text is appended role by role.
* A row whose only text is one short cell is a heading (`แบบวัด…ภายใน (IIT)`, `ตัวชี้วัดที่ ๙`):
  it sets context and is not a measure.
* Heading phrases inside a measure cell set context too, and are cut from the title.
* An empty tool cell takes the tool above it (a merged cell), except in the template, where
  each row is complete. A tool read off an item code (`e๖` → EIT) applies to that row only,
  and then the indicator comes from the year's catalogue of items (e6 → 7), not from rows of
  another tool above it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from documents.importer.columns import KEY_ROLES, DataRow, Table
from documents.importer.headings import (
    find_tool,
    indicator_of_item,
    prose_heading,
    read_indicator_cell,
    split_title,
    tool_of_indicator,
    tool_of_refs,
)
from documents.importer.units import ALL_UNITS_RE, UnitMatcher

# Roles whose text is kept per record (joined with line breaks on continuation).
TEXT_ROLES = (
    "measure",
    "unit",
    "steps",
    "deadline",
    "monitoring",
    "result",
    "done_date",
    "status",
    "tick_not_started",
    "tick_in_progress",
    "tick_done",
    "measure_key",
    "task_key",
    "task_title",
    "tool",
    "indicator",
    "refs",
    "fiscal_year",
    "seq",
    "position",
    "remarks",
)


@dataclass
class RowRecord:
    table: int
    signature: tuple
    line: int
    texts: dict[str, str]
    title: str
    refs: list[str]
    tool: str | None
    indicator: int | None
    heading_unit: str | None  # a unit-only line above the table piece
    has_time_columns: bool
    due_value: object = None
    done_value: object = None
    extra_rows: list[DataRow] = field(default_factory=list)

    def text(self, role: str) -> str:
        return self.texts.get(role, "")


@dataclass
class _Context:
    tool: str | None = None
    indicator: int | None = None
    unit_line: str | None = None


def _role_texts(table: Table, row: DataRow) -> dict[str, str]:
    texts: dict[str, str] = {}
    for index, role in enumerate(table.roles):
        if role in TEXT_ROLES:
            value = row.get(index).strip()
            if value and value not in ("-", "–"):
                texts[role] = f"{texts[role]}\n{value}" if role in texts else value
    return texts


def _is_unit_line(line: str, matcher: UnitMatcher) -> bool:
    text = re.sub(r"^\s*[\d๐-๙]{1,2}\s*[.)]\s*", "", line).strip()
    squashed = re.sub(r"\s+", "", text)
    if not squashed or len(squashed) > 40:
        return False
    return bool(ALL_UNITS_RE.fullmatch(squashed) or matcher.canonical(squashed))


def _read_prose(lines: Iterable[tuple[int, str]], ctx: _Context, matcher: UnitMatcher) -> None:
    for _, line in lines:
        heading = prose_heading(line)
        if heading.indicator:
            ctx.indicator, ctx.tool = heading.indicator, heading.tool
        elif heading.tool:
            ctx.tool, ctx.indicator = heading.tool, None
        if _is_unit_line(line, matcher):
            ctx.unit_line = line
        elif line.strip():
            ctx.unit_line = None


def _continues(table: Table, row: DataRow, texts: dict[str, str], previous: RowRecord | None) -> bool:
    if previous is None or previous.table != id(table) or texts.get("measure_key"):
        return False
    if table.has("measure") and not texts.get("measure"):
        return True
    keys = [r for r in table.roles if r in KEY_ROLES]
    return row.after_break and bool(keys) and not any(texts.get(k) for k in keys)


def _heading_row(table: Table, row: DataRow) -> str | None:
    filled = [(i, c) for i, c in enumerate(row.cells) if c.strip() and table.roles[i] not in ("seq",)]
    if len(filled) != 1:
        return None
    index, text = filled[0]
    if table.roles[index] not in ("measure", "tool", "indicator", None) and index != 0:
        return None
    parts = split_title(text)
    informative = prose_heading(text).any or find_tool(text) or parts.indicator
    if informative or len(text) <= 60:
        return text
    return None


def read_rows(tables: list[Table], matcher: UnitMatcher, fiscal_year: int | None) -> list[RowRecord]:
    """Row records of the plan tables, in document order."""
    records: list[RowRecord] = []
    ctx = _Context()
    for table in tables:
        _read_prose(table.before, ctx, matcher)
        if not table.is_plan:
            continue
        time_columns = table.has("deadline") or table.has("monitoring")
        previous: RowRecord | None = None
        for row in table.rows:
            _read_prose(row.context, ctx, matcher)
            texts = _role_texts(table, row)
            if _continues(table, row, texts, previous):
                for role, value in texts.items():
                    old = previous.texts.get(role)
                    previous.texts[role] = f"{old} {value}" if old else value
                if texts.get("measure"):
                    previous.title = split_title(previous.texts["measure"]).title
                previous.extra_rows.append(row)
                continue
            if table.has("measure_key"):  # the template: every row says it all, no carrying
                ctx.tool = ctx.indicator = None
            heading = _heading_row(table, row)
            if heading is not None:
                _apply_heading(heading, ctx)
                continue
            record = _record(table, id(table), row, texts, ctx, fiscal_year, time_columns)
            records.append(record)
            previous = record
    return records


def _apply_heading(text: str, ctx: _Context) -> None:
    heading = prose_heading(text)
    parts = split_title(text)
    indicator = heading.indicator or parts.indicator
    tool = heading.tool or parts.tool or find_tool(text)
    if indicator:
        ctx.indicator, ctx.tool = indicator, tool or tool_of_indicator(indicator)
    elif tool:
        ctx.tool, ctx.indicator = tool, None


def _record(
    table: Table,
    table_key: int,
    row: DataRow,
    texts: dict[str, str],
    ctx: _Context,
    fiscal_year: int | None,
    time_columns: bool,
) -> RowRecord:
    parts = split_title(texts.get("measure", ""))
    refs = list(parts.refs)
    for ref in split_title(texts.get("refs", "")).refs:
        if ref not in refs:
            refs.append(ref)
    cell_tool = find_tool(texts.get("tool", "")) if texts.get("tool") else None
    cell_indicator = read_indicator_cell(texts["indicator"]) if texts.get("indicator") else None
    explicit_tool = cell_tool or parts.tool
    explicit_indicator = cell_indicator or parts.indicator
    refs_tool = tool_of_refs(refs)

    # Only what a row states outright becomes context for the rows below; a tool read off
    # an item code applies to its own row.
    if explicit_indicator:
        ctx.indicator = explicit_indicator
        ctx.tool = explicit_tool or tool_of_indicator(explicit_indicator)
    elif explicit_tool:
        if explicit_tool != ctx.tool:
            ctx.indicator = None
        ctx.tool = explicit_tool

    tool = explicit_tool or tool_of_indicator(explicit_indicator) or refs_tool or ctx.tool
    indicator = explicit_indicator
    if indicator is None and ctx.tool in (None, tool) and not (refs_tool and ctx.tool is None):
        indicator = ctx.indicator
    if indicator is None and refs:
        indicator = indicator_of_item(refs[0], fiscal_year)

    due_value = done_value = None
    for index, role in enumerate(table.roles):
        if role == "deadline" and due_value is None:
            due_value = row.value(index)
        elif role == "done_date" and done_value is None:
            done_value = row.value(index)
    return RowRecord(
        table=table_key,
        signature=table.signature,
        line=row.line,
        texts=texts,
        title=parts.title,
        refs=refs,
        tool=tool,
        indicator=indicator,
        heading_unit=ctx.unit_line,
        has_time_columns=time_columns,
        due_value=due_value,
        done_value=done_value,
    )
