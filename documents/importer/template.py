"""The published .xlsx template: write it blank (one example row and a sheet that explains
each column), and write the stored plan into it for the coordinator to correct.

Reading a filled template needs nothing special: its Thai headers are recognised by
columns.py like any other document's. Two columns make corrections land in place:
`รหัสมาตรการ` (the measure's key) and `รหัสงาน` (the work item's key). Rows with the same
measure key are one measure, one row per work item; a new row without keys is a new
measure, and its deadline text (`ทุกเดือน`, `ภายในเดือนมกราคม ๒๕๖๗`) makes its tasks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from documents.importer.store import work_key
from evidence.intake import ALLOWED
from handlers.thai.calendar_words import thai_date
from models import Evidence, FiscalYear, Measure, MeasureUnit, Organization, StatusChange, Task
from models.problems import open_problems

BANGKOK = ZoneInfo("Asia/Bangkok")

SHEET = "มาตรการ"
HELP_SHEET = "คำอธิบาย"
MIXED = "ต่างกันตามหน่วยงาน"
STATUS_WORDS = {"not_started": "ยังไม่ดำเนินการ", "in_progress": "อยู่ระหว่างดำเนินการ", "done": "ดำเนินการแล้ว"}


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    meaning: str
    example: str


COLUMNS = (
    Column(
        "รหัสมาตรการ",
        16,
        "รหัสของมาตรการในระบบ: เว้นว่างเมื่อเพิ่มมาตรการใหม่ อย่าแก้ไขเมื่อแก้ข้อมูลเดิม (ใช้จับคู่แถวเมื่อนำเข้าอีกครั้ง)",
        "",
    ),
    Column("รหัสงาน", 16, "รหัสของงานย่อยในระบบ: เว้นว่างเมื่อเพิ่มงานใหม่ อย่าแก้ไข", ""),
    Column("ปีงบประมาณ", 11, "ปีงบประมาณ พ.ศ. ของแผน", "2567"),
    Column("แบบ (IIT/EIT/OIT)", 10, "เครื่องมือการประเมิน", "OIT"),
    Column("ตัวชี้วัดที่", 10, "เลขตัวชี้วัด 1–10", "9"),
    Column("ข้อ (o/e/i)", 10, "ข้อการประเมิน คั่นด้วยจุลภาค เช่น o12, o13", "o12"),
    Column(
        "มาตรการ / ประเด็นที่ต้องปรับปรุง",
        45,
        "ชื่อมาตรการหรือประเด็นที่ต้องปรับปรุง",
        "เผยแพร่รายงานผลการดำเนินงานประจำปี รอบ ๖ เดือน",
    ),
    Column(
        "ขั้นตอน / วิธีการดำเนินการ",
        45,
        "ขั้นตอนการดำเนินการ",
        "๑. จัดทำรายงาน ๒. เสนอผู้บริหาร ๓. เผยแพร่บนเว็บไซต์หน่วยงาน",
    ),
    Column(
        "หน่วยงานผู้รับผิดชอบ",
        28,
        "ส่วนราชการที่รับผิดชอบ คั่นด้วยจุลภาค งานย่อยในวงเล็บ หรือ ทุกส่วนราชการ",
        "สำนักปลัด (งานวิเคราะห์นโยบายและแผน)",
    ),
    Column("งาน (ชื่องาน)", 40, "ชื่องานย่อย: เว้นว่างได้ ระบบจะใช้ชื่อมาตรการ", ""),
    Column(
        "กำหนดเวลาแล้วเสร็จ",
        24,
        "วันที่ หรือข้อความ เช่น ภายในเดือนเมษายน ๒๕๖๗, ทุกเดือน, ไตรมาสละ ๑ ครั้ง, ๓๐ วัน",
        "ภายในเดือนเมษายน ๒๕๖๗",
    ),
    Column("สถานะ", 18, "ยังไม่ดำเนินการ / อยู่ระหว่างดำเนินการ / ดำเนินการแล้ว", "ยังไม่ดำเนินการ"),
    Column("ดำเนินการเมื่อวันที่", 16, "วันที่ดำเนินการแล้วเสร็จ", ""),
    Column("หมายเหตุ", 30, "บันทึกเพิ่มเติม (ไม่นำเข้า)", ""),
)
_DATE_COLUMNS = {"กำหนดเวลาแล้วเสร็จ", "ดำเนินการเมื่อวันที่"}


def _workbook(rows: list[list[object]]) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([c.header for c in COLUMNS])
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row in rows:
        sheet.append(row)
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if COLUMNS[cell.column - 1].header in _DATE_COLUMNS and isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"

    help_sheet = book.create_sheet(HELP_SHEET)
    help_sheet.append(["คอลัมน์", "ความหมาย", "ตัวอย่าง"])
    for column in COLUMNS:
        help_sheet.append([column.header, column.meaning, column.example])
    help_sheet.append([])
    help_sheet.append(
        [
            "หนึ่งแถวต่อหนึ่งงาน",
            "มาตรการที่มีหลายงานให้ใช้รหัสมาตรการเดียวกันในทุกแถว "
            "(แถวใหม่ที่ไม่มีรหัส: เว้นช่องมาตรการว่างเพื่อเพิ่มกำหนดเวลาให้มาตรการแถวบน)",
            "",
        ]
    )
    help_sheet.append(
        ["นำเข้า", "python -m bot import ไฟล์.xlsx --dry-run เพื่อตรวจก่อน แล้วนำเข้าจริงโดยไม่ใส่ --dry-run", ""]
    )
    for letter, width in (("A", 32), ("B", 80), ("C", 40)):
        help_sheet.column_dimensions[letter].width = width
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    return book


def write_template(path: Path, fiscal_year: int) -> None:
    """The blank template with one filled example row."""
    example = [c.example for c in COLUMNS]
    example[2] = str(fiscal_year)
    example[10] = example[10].replace("๒๕๖๗", _thai_digits(fiscal_year))
    _workbook([example]).save(path)


def _thai_digits(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def export_rows(session: Session, org: Organization, fy: FiscalYear) -> list[list[object]]:
    """The stored plan as template rows: one row per measure and work item."""
    measures = session.scalars(
        select(Measure)
        .where(Measure.fiscal_year_id == fy.id)
        .options(
            selectinload(Measure.refs),
            selectinload(Measure.units).selectinload(MeasureUnit.unit),
            selectinload(Measure.tasks).selectinload(Task.unit),
        )
        .order_by(Measure.source_line, Measure.id)
    ).all()
    rows: list[list[object]] = []
    for measure in measures:
        units = ", ".join(
            f"{link.unit.name} ({link.section})" if link.section else link.unit.name
            for link in sorted(measure.units, key=lambda link: link.unit_id)
        )
        groups: dict[str, list[Task]] = defaultdict(list)
        for task in sorted(measure.tasks, key=lambda t: (t.due_on or date.max, t.id)):
            groups[work_key(task.key)].append(task)
        for key, tasks in groups.items() or [("", [])]:
            statuses = {t.status for t in tasks}
            done = {t.done_on for t in tasks}
            rows.append(
                [
                    measure.key,
                    key,
                    str(fy.year_be),
                    measure.tool or "",
                    measure.indicator or "",
                    ", ".join(measure.ref_codes),
                    measure.title,
                    measure.steps or "",
                    units,
                    tasks[0].title if tasks else "",
                    tasks[0].due_on if tasks else None,
                    STATUS_WORDS.get(statuses.pop(), "") if len(statuses) == 1 else MIXED,
                    done.pop() if len(done) == 1 else None,
                    _notes(session, tasks),
                ]
            )
    return rows


def _notes(session: Session, tasks: list[Task]) -> str:
    """The หมายเหตุ column: open problems, evidence links and files sent in LINE as evidence
    (not those their sender unsent), so the exported plan carries what the annual report
    must cite (the column is not read back on import)."""
    if not tasks:
        return ""
    ids = [t.id for t in tasks]
    lines = []
    for problems in open_problems(session, ids).values():
        for p in problems:
            who = f" – {p.person.display_name}" if p.person else ""
            day = p.created_at.astimezone(BANGKOK).date()
            lines.append(f"ปัญหา: {' '.join(p.note.split())}{who} ({thai_date(day)})")
    links: list[str] = []
    for change in session.scalars(select(StatusChange).where(StatusChange.task_id.in_(ids))
                                  .order_by(StatusChange.id)):
        links += [u for u in change.urls if u not in links]
    if links:
        lines.append("หลักฐาน: " + " ".join(links))
    files = [_file_note(row) for row in session.scalars(
        select(Evidence).where(Evidence.task_id.in_(ids), Evidence.attached_at.is_not(None),
                               Evidence.storage_key.is_not(None), Evidence.withdrawn_at.is_(None))
        .order_by(Evidence.attached_at, Evidence.id))]
    if files:
        lines.append("ไฟล์หลักฐานที่ส่งทาง LINE: " + ", ".join(files))
    return "\n".join(lines)


def _file_note(row: Evidence) -> str:
    """'ไฟล์ PDF “memo.pdf” (16 พ.ย. 2569)': a file sent as evidence (its sender did not unsend it)."""
    what = ALLOWED.get(row.content_type or "", "ไฟล์")
    if row.file_name:
        what += f" “{row.file_name}”"
    return f"{what} ({thai_date(row.attached_at.astimezone(BANGKOK).date())})"


def write_export(path: Path, rows: list[list[object]]) -> None:
    _workbook(rows).save(path)
