"""A read document → PlanDraft: the measures, their units and tasks, and warnings. Pure:
no database (the organization's existing units are passed in).

Which tables are measures. A table is a plan table when it has a measure column (มาตรการ,
ประเด็นที่ต้องปรับปรุง, ประเด็น/ตัวชี้วัด/หัวข้อ …) and at least one column that says who, how,
by when or how far: a responsible unit, steps, a deadline or period, monitoring/reporting,
or status ticks. Tables with only indicators, scores, analysis or results (the score
analysis `แบบ | ตัวชี้วัด | ผลการประเมิน | ประเด็นที่ต้องแก้ไข`, or a per-indicator summary of
results) name nothing anyone must do by when: they are skipped, with a warning that says
where, so the coordinator can see what was left out.

One measure in two tables. Reports often repeat the plan table with a results table (the
plan `ประเด็น | หน่วยงาน` and then `ประเด็น | ผลการดำเนินงาน | ระยะเวลา`). A row of a later
table with other columns joins the earlier measure it matches — similar title (rapidfuzz),
same indicator, shared units or similar steps; different indicators or item codes never
match — and adds its units, dates and results. Rows of one table (or its continuation
after a page break) are never merged with each other.

Spreadsheets in the template: rows with the same measure key are one measure, each row one
task; measure columns are taken from the row that differs from the others (an edit), else
from the first.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from documents.importer.columns import Layout, logical_tables
from documents.importer.draft import MeasureDraft, Notice, PlanDraft, Source, TaskDraft
from documents.importer.errors import BadInput
from documents.importer.facts import fiscal_year as infer_fiscal_year
from documents.importer.facts import organization_name, plan_start
from documents.importer.rows import RowRecord, read_rows
from documents.importer.tables import Document
from documents.importer.tasks import apply_statuses, build_tasks
from documents.importer.thai_time import FiscalFrame, to_parse_text
from documents.importer.units import DEFAULT_UNIT, UnitCell, UnitMatcher, every_unit, order_units
from handlers.thai.calendar_words import fiscal_year_of

MERGE_THRESHOLD = 85
_NO_DEADLINE = "ไม่พบกำหนดเวลา งานไม่มีวันครบกำหนด (no deadline found)"


@dataclass
class _Resolved:
    units: list[str]
    sections: dict[str, str]
    warnings: list[str]
    fallback: bool  # no unit named: DEFAULT_UNIT stands in


@dataclass
class _Measure:
    records: list[RowRecord]
    tables: set[int]


def _norm(text: str) -> str:
    return re.sub(r"[\s\d.\-–,;:()/\"'“”]+", "", to_parse_text(text))


def _similarity(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return 0.0
    score = fuzz.ratio(a, b)
    if min(len(a), len(b)) >= 8:
        score = max(score, fuzz.partial_ratio(a, b))
    return score


def _match_score(measure: _Measure, record: RowRecord, units_of) -> float:
    first = measure.records[0]
    indicators = {r.indicator for r in measure.records if r.indicator}
    if record.indicator and indicators and record.indicator not in indicators:
        return -1
    refs = {ref for r in measure.records for ref in r.refs}
    if record.refs and refs and not refs & set(record.refs):
        return -1
    score = max(_similarity(r.title, record.title) for r in measure.records)
    if record.indicator and record.indicator in indicators:
        score += 15
    if set(units_of(first)) & set(units_of(record)):
        score += 10
    steps_a, steps_b = first.text("steps"), record.text("steps")
    if steps_a and steps_b and fuzz.partial_ratio(_norm(steps_a)[:200], _norm(steps_b)[:200]) >= 70:
        score += 10
    return score


def _group(records: list[RowRecord], units_of) -> list[_Measure]:
    measures: list[_Measure] = []
    by_key: dict[str, _Measure] = {}
    tables_seen: list[tuple[int, tuple]] = []
    for record in records:
        if (record.table, record.signature) not in tables_seen:
            tables_seen.append((record.table, record.signature))
        key = record.text("measure_key")
        if key:
            if key in by_key:
                by_key[key].records.append(record)
                continue
            measure = _Measure([record], {record.table})
            by_key[key] = measure
            measures.append(measure)
            continue
        best, best_score = None, MERGE_THRESHOLD
        for measure in measures:
            if record.table in measure.tables or any(
                r.signature == record.signature for r in measure.records
            ):
                continue
            score = _match_score(measure, record, units_of)
            if score >= best_score:
                best, best_score = measure, score
        if best is not None:
            best.records.append(record)
            best.tables.add(record.table)
        else:
            measures.append(_Measure([record], {record.table}))
    return measures


def _pick(values: list[str]) -> str:
    """The value of a measure column over its rows: the odd one out (an edit), else the first."""
    filled = [v for v in values if v]
    if not filled:
        return ""
    counts = Counter(filled)
    if len(counts) == 1:
        return filled[0]
    fewest = min(counts.values())
    return next(v for v in filled if counts[v] == fewest)


def _measure_key(tool, indicator, refs, title: str, taken: set[str]) -> str:
    digest = hashlib.sha1(f"{tool}|{indicator}|{','.join(refs)}|{_norm(title)}".encode()).hexdigest()[:12]
    key, n = f"m{digest}", 2
    while key in taken:
        key, n = f"m{digest}-{n}", n + 1
    taken.add(key)
    return key


class _UnitResolver:
    """Resolves unit cells once the whole document's units are known."""

    def __init__(self, matcher: UnitMatcher, org_units: list[str]) -> None:
        self.matcher = matcher
        self.org_units = org_units
        self.document_units: list[str] = []
        self.section_owner: dict[str, str] = {}
        self.cache: dict[str, UnitCell] = {}

    def parse(self, text: str) -> UnitCell:
        if text not in self.cache:
            self.cache[text] = self.matcher.parse(text)
        return self.cache[text]

    def learn(self, record: RowRecord) -> None:
        for text in (record.text("unit"), record.heading_unit or ""):
            cell = self.parse(text)
            for name in cell.units:
                if name not in self.document_units:
                    self.document_units.append(name)
            for unit, section in cell.sections.items():
                self.section_owner.setdefault(section, unit)

    def every(self) -> list[str]:
        return every_unit(self.org_units, self.document_units)

    def resolve(self, record: RowRecord) -> _Resolved:
        """Units, sections and warnings for one row."""
        warnings: list[str] = []
        text = record.text("unit")
        cell = self.parse(text) if text else UnitCell()
        if cell.empty and record.heading_unit:
            cell = self.parse(record.heading_unit)
        units = list(cell.units)
        sections = dict(cell.sections)
        if cell.every_unit:
            units += self.every()
        for section in cell.loose_sections:
            owner = self.section_owner.get(section)
            if owner:
                units.append(owner)
                sections.setdefault(owner, section)
            elif not units:
                units.append(DEFAULT_UNIT)
                sections.setdefault(DEFAULT_UNIT, section)
                warnings.append(
                    f"ไม่ทราบว่า{section}อยู่ในหน่วยงานใด: ใส่ไว้ใน{DEFAULT_UNIT} "
                    f"(section '{section}' placed in {DEFAULT_UNIT})"
                )
        fallback = not units
        if fallback:
            units.append(DEFAULT_UNIT)
            if text and (cell.positions or cell.related_only):
                warnings.append(
                    f"ช่องผู้รับผิดชอบมีแต่ตำแหน่ง/ผู้เกี่ยวข้อง '{_short(text)}': ใช้{DEFAULT_UNIT} (only positions named)"
                )
            else:
                warnings.append(f"ไม่พบหน่วยงานผู้รับผิดชอบ: ใช้{DEFAULT_UNIT} (no responsible unit found)")
        return _Resolved(order_units(units), sections, warnings, fallback)


def _short(text: str, width: int = 60) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def _template_fiscal_year(layout: Layout) -> int | None:
    years: Counter[int] = Counter()
    for table in layout.tables:
        for index in table.columns("fiscal_year"):
            for row in table.rows:
                digits = to_parse_text(row.get(index)).strip()
                if digits.isdigit() and 2400 < int(digits) < 2700:
                    years[int(digits)] += 1
    return years.most_common(1)[0][0] if years else None


def _no_table_message(layout: Layout, document: Document) -> BadInput:
    if not document.tables:
        return BadInput(
            "no table found: measures must be in a table (tab-separated text, a Word table or a spreadsheet)",
            document.file,
        )
    if layout.unreadable:
        line, text = layout.unreadable[0]
        return BadInput(
            f"no recognizable columns in the table (first row: '{text}'); "
            "expected headers such as มาตรการ/ประเด็น, ผู้รับผิดชอบ, ขั้นตอน, "
            "ระยะเวลา",
            document.file,
            line,
        )
    first = layout.tables[0]
    return BadInput(
        "no measures table: no table has a measure column together with a "
        "responsible unit, steps, deadline or status column "
        f"(first table's headers: {' | '.join(h for h in first.headers if h)})",
        document.file,
        first.line,
    )


def build_plan(
    document: Document,
    *,
    fiscal_year: int | None = None,
    org_units: list[str] | None = None,
    today: date | None = None,
    progress: bool = False,
) -> PlanDraft:
    """Read measures and tasks out of a document. Raises BadInput when there are none or a
    date is impossible."""
    org_units = list(org_units or [])
    prose = [text for _, text in document.prose]
    layout = logical_tables(document)
    plan_tables = [t for t in layout.tables if t.is_plan]
    if not plan_tables:
        raise _no_table_message(layout, document)

    notices: list[Notice] = []
    year = fiscal_year or _template_fiscal_year(layout) or infer_fiscal_year(prose)
    if year is None:
        year = fiscal_year_of(today or date.today())
        notices.append(
            Notice(
                None,
                f"ไม่พบปีงบประมาณในเอกสาร: ใช้ปีงบประมาณ {year} "
                f"(fiscal year not found; assumed {year}, use --fiscal-year)",
            )
        )
    frame = FiscalFrame.of(year)
    frame = FiscalFrame.of(year, plan_start(prose, frame))

    for table in layout.tables:
        if not table.is_plan and table.has("measure"):
            notices.append(
                Notice(
                    Source(document.file, table.line),
                    "ข้ามตาราง (ตารางวิเคราะห์/สรุปผล ไม่มีผู้รับผิดชอบ ขั้นตอน "
                    "หรือกำหนดเวลา): table skipped, no unit/steps/deadline/status "
                    f"columns ({' | '.join(h for h in table.headers if h)})",
                )
            )
    for line, text in layout.unreadable:
        notices.append(
            Notice(
                Source(document.file, line),
                f"ข้ามตารางที่อ่านหัวตารางไม่ได้ (table skipped: no header): {_short(text)}",
            )
        )

    matcher = UnitMatcher(org_units)
    records = read_rows(plan_tables, matcher, year)
    resolver = _UnitResolver(matcher, org_units)
    for record in records:
        resolver.learn(record)
    resolved = {id(r): resolver.resolve(r) for r in records}
    grouped = _group(records, lambda r: resolved[id(r)].units)

    bar = _progress(len(grouped), progress)
    plan = PlanDraft(
        file=document.file, organization=organization_name(prose), fiscal_year=year, warnings=notices
    )
    taken: set[str] = set()
    try:
        for group in grouped:
            plan.measures.append(_draft(group, resolved, frame, document.file, taken, notices))
            if bar is not None:
                bar.update(1)
    except BadInput as exc:
        exc.file = exc.file or document.file
        raise
    finally:
        if bar is not None:
            bar.close()
    _fold_no_deadline(plan)
    used = order_units(u for m in plan.measures for u in m.units)
    plan.new_units = [u for u in used if u not in org_units]
    if plan.new_units:
        plan.warnings.append(
            Notice(
                None,
                "หน่วยงานที่ยังไม่มีในระบบ จะสร้างใหม่ ให้ผู้ประสานงานตรวจสอบ "
                f"(new units, created on import for review): {', '.join(plan.new_units)}",
            )
        )
    return plan


def _fold_no_deadline(plan: PlanDraft) -> None:
    """When no measure of the document has a date, say so once instead of per measure."""
    if plan.measures and all(t.due is None for m in plan.measures for t in m.tasks):
        plan.warnings[:] = [w for w in plan.warnings if not w.message.startswith(_NO_DEADLINE)]
        plan.warnings.append(
            Notice(
                None,
                "เอกสารไม่มีกำหนดเวลาเลย: ทุกมาตรการมีงานเดียวที่ไม่มีวันครบกำหนด "
                "ให้ผู้ประสานงานกำหนดเอง (no deadlines anywhere in the document)",
            )
        )


def _progress(total: int, wanted: bool):
    if not wanted or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, unit="มาตรการ", leave=False)


def _draft(
    group: _Measure, resolved, frame: FiscalFrame, file: str, taken: set[str], notices: list[Notice]
) -> MeasureDraft:
    records = group.records
    first = records[0]
    source = Source(file, first.line)
    same_table = [r for r in records if r.table == first.table]
    title = _pick([r.title for r in same_table]) or next((r.title for r in records if r.title), "")
    if not title:
        title = " ".join(first.refs) or _short(first.text("steps"), 120) or "(ไม่มีชื่อมาตรการ)"
    refs: list[str] = []
    for record in records:
        refs += [ref for ref in record.refs if ref not in refs]
    tool = next((r.tool for r in records if r.tool), None)
    indicator = next((r.indicator for r in records if r.indicator), None)

    units: list[str] = []
    sections: dict[str, str] = {}
    unit_rows = same_table if first.text("measure_key") else records
    if first.text("measure_key"):
        picked = _pick([r.text("unit") for r in same_table])
        unit_rows = [next((r for r in same_table if r.text("unit") == picked), first)]
    # A row that names no unit adds nothing when another row of the measure names one.
    named = [r for r in unit_rows if not resolved[id(r)].fallback] or unit_rows[:1]
    for record in named:
        found = resolved[id(record)]
        units += [n for n in found.units if n not in units]
        for unit, section in found.sections.items():
            sections.setdefault(unit, section)
        notices.extend(Notice(Source(file, record.line), w) for w in found.warnings)
    units = order_units(units)

    steps = "\n".join(dict.fromkeys(r.text("steps") for r in records if r.text("steps")))
    work = build_tasks(records, frame, title)
    for line in apply_statuses(work, records, frame):
        notices.append(
            Notice(
                Source(file, line),
                "วันที่ดำเนินการไม่มีวัน (มีแต่เดือน/ปี): บันทึกว่าเสร็จแล้วโดยไม่มีวันที่ (done date has no day)",
            )
        )
    if all(t.due is None for t in work) and not first.text("measure_key"):
        notices.append(Notice(source, f"{_NO_DEADLINE}: '{_short(title)}'"))
    key = first.text("measure_key") or _measure_key(tool, indicator, refs, title, taken)
    if first.text("measure_key"):
        taken.add(key)
    tasks = [
        TaskDraft(
            key=t.key,
            title=t.title,
            due=t.due,
            status=t.status,
            done_on=t.done_on,
            status_given=t.given,
            recurring=t.recurring,
            item_no=t.item_no,
        )
        for t in work
    ]
    return MeasureDraft(
        key=key,
        title=title,
        tool=tool,
        indicator=indicator,
        refs=refs,
        units=units,
        source=source,
        sections=sections,
        steps=steps,
        tasks=tasks,
    )
