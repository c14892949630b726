"""The report's words as the official form prints them: Thai digits, B.E. dates, the three
status ticks and the title. Shared by every renderer so the three files read the same.

Month names come from handlers/thai/calendar_words.py (their one home); Thai digits from
PyThaiNLP rather than a translation table of our own.
"""

from __future__ import annotations

import re
from datetime import UTC, date

from pythainlp.util import arabic_digit_to_thai_digit

from documents.report.model import BANGKOK, EvidenceFile, MeasureRow, Report, WorkItem
from evidence.intake import ALLOWED
from handlers.thai.calendar_words import BE_OFFSET, MONTH_FULL, MONTH_SHORT

STATUS_WORDS = {
    "not_started": "ยังไม่ดำเนินการ",
    "in_progress": "อยู่ระหว่างดำเนินการ",
    "done": "ดำเนินการแล้ว",
}
STATUS_ORDER = ("not_started", "in_progress", "done")
# "(ต.ค. ๒๕๖๕)": the importer's note of which period a recurring task is.
_PERIOD_NOTE = re.compile(r"\s*\([^()]*[๐-๙]{4}\)\s*$")
# The plan's steps are one paragraph "๑.… ๒.… ๓.…"; the form prints one step a line.
_STEP_SPLIT = re.compile(r"\n|\s+(?=[๑-๙1-9][๐-๙0-9]?\s?\.(?![๐-๙0-9]))")
TICK, NO_TICK = "☑", "☐"
NONE_REPORTED = "ไม่มี"
HEADERS = (
    "ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
    "สถานะการดำเนินการ",
    "ผลการดำเนินการ",
    "หลักฐาน",
    "ปัญหา อุปสรรค และข้อเสนอแนะ",
)


def digits(value: object) -> str:
    return arabic_digit_to_thai_digit(str(value))


def be_year(day: date) -> str:
    return digits(day.year + BE_OFFSET)


def month_year(day: date) -> str:
    """'ตุลาคม ๒๕๖๕'"""
    return f"{MONTH_FULL[day.month]} {be_year(day)}"


def long_date(day: date) -> str:
    """'๑ ตุลาคม พ.ศ. ๒๕๖๕'"""
    return f"{digits(day.day)} {MONTH_FULL[day.month]} พ.ศ. {be_year(day)}"


def done_phrase(day: date) -> str:
    """'ดำเนินการเมื่อวันที่ ๒๐ เดือน ตุลาคม พ.ศ. ๒๕๖๕', as the seeds write it."""
    return f"ดำเนินการเมื่อวันที่ {digits(day.day)} เดือน {MONTH_FULL[day.month]} พ.ศ. {be_year(day)}"


def title_lines(report: Report) -> list[str]:
    """The title block: what, which year and round, whose, and (while the round runs) as of when."""
    round_words = f"รอบ {digits(report.round)} เดือน"
    lines = [
        "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        f"ประจำปีงบประมาณ พ.ศ. {digits(report.fiscal_year)} {round_words}",
        f"(เดือน {month_year(report.period_start)} - {month_year(report.period_end)})",
    ]
    if report.running:
        lines.append(f"(ข้อมูล ณ วันที่ {long_date(report.as_of)})")
    lines.append(report.org_name)
    if report.unit_name:
        lines.append(f"เฉพาะ{report.unit_name}")
    return lines


def measure_heading(row: MeasureRow) -> str:
    refs = " ".join(row.refs)
    return f"{refs} {digits(row.title)}".strip()  # item codes stay as the assessment writes them


def group_heading(tool: str | None, indicator: int | None, name: str) -> str:
    parts = []
    if tool:
        parts.append(f"เครื่องมือการประเมิน {tool}")
    if indicator:
        parts.append(f"ตัวชี้วัดที่ {digits(indicator)} {name}".strip())
    return " ".join(parts) or "มาตรการอื่น ๆ"


def numbered(lines: list[str]) -> list[str]:
    if len(lines) <= 1:
        return lines
    return [f"{digits(n)}. {line}" for n, line in enumerate(lines, start=1)]


def short_date(day: date) -> str:
    """'๓๑ ต.ค. ๒๕๖๕'"""
    return f"{digits(day.day)} {MONTH_SHORT[day.month]} {be_year(day)}"


def series_of(row: MeasureRow) -> list[list[WorkItem]]:
    """The row's items with each recurring obligation's periods kept together, in plan order."""
    out: dict[str, list[WorkItem]] = {}
    for item in row.items:
        out.setdefault(item.series, []).append(item)
    return list(out.values())


def deadline_lines(row: MeasureRow) -> list[str]:
    """Each obligation's words from the plan with its date; a recurring one once, with its
    number of periods, as the form writes "ทุกเดือน"."""
    lines = []
    for items in series_of(row):
        words = digits(" ".join(items[0].title.split()))
        if len(items) > 1:
            words = _PERIOD_NOTE.sub("", words)
        dated = [i.due_on for i in items if i.due_on]
        if len(items) > 1 and dated:
            when = (f"{digits(len(items))} งวด ตั้งแต่ {short_date(min(dated))} "
                    f"ถึง {short_date(max(dated))}")
        elif dated:
            when = f"กำหนด {short_date(dated[0])}"
        else:
            when = "ดำเนินการต่อเนื่อง"
        lines.append(f"{words} ({when})")
    return numbered(lines)


def result_lines(row: MeasureRow) -> list[str]:
    """Each obligation's result, numbered like the deadlines: the dates done, or how far
    it got; of a recurring one, the periods done and how many remain."""
    lines = []
    for items in series_of(row):
        if len(items) == 1:
            lines.append(_result(items[0]))
            continue
        done = [_result(i) for i in items if i.status == "done"]
        rest = [i for i in items if i.status != "done"]
        parts = done[:]
        if rest:
            moving = sum(1 for i in rest if i.status == "in_progress")
            parts.append(f"ยังไม่แล้วเสร็จ {digits(len(rest))} งวด"
                         + (f" (อยู่ระหว่างดำเนินการ {digits(moving)})" if moving else ""))
        lines.append(" ".join(parts))
    return numbered(lines)


def _result(item: WorkItem) -> str:
    if item.status == "done":
        return done_phrase(item.done_on) if item.done_on else STATUS_WORDS["done"]
    if item.units_total > 1 and item.units_done:
        return (f"{STATUS_WORDS[item.status]} (แล้วเสร็จ {digits(item.units_done)} "
                f"จาก {digits(item.units_total)} หน่วยงาน)")
    return STATUS_WORDS[item.status]


def tick_lines(status: str) -> list[str]:
    return [f"{TICK if s == status else NO_TICK} {STATUS_WORDS[s]}" for s in STATUS_ORDER]


def problem_lines(row: MeasureRow) -> list[str]:
    return list(row.problems) or [NONE_REPORTED]


FILES_LISTED = 8  # in a measure's cell; the rest are counted


def file_citation(file: EvidenceFile, with_unit: bool) -> str:
    """'ไฟล์ PDF “บันทึกข้อความ.pdf” (กองคลัง ส่งทาง LINE ๒๐ ม.ค. ๒๕๖๖)'"""
    what = ALLOWED.get(file.content_type or "", {"image": "รูปภาพ", "video": "วิดีโอ"}.get(
        file.kind, "ไฟล์"))
    if file.file_name:
        what += f" “{file.file_name}”"
    where = f"{file.unit} " if with_unit else ""
    return f"{what} ({where}ส่งทาง LINE {short_date(file.attached_on)})"


def evidence_lines(row: MeasureRow) -> list[str]:
    """Links officers typed, then photos and files they sent in LINE (cited, not linked:
    a published report outlives any download link, and the files stay with the bot)."""
    with_unit = len({f.unit for f in row.files}) > 1
    files = [file_citation(f, with_unit) for f in row.files[:FILES_LISTED]]
    if len(row.files) > FILES_LISTED:
        files.append(f"และไฟล์อื่นอีก {digits(len(row.files) - FILES_LISTED)} รายการ")
    return [*row.evidence, *files] or ["-"]


def trail_status(status: str | None) -> str:
    if status == "problem":
        return "แจ้งปัญหา"
    return STATUS_WORDS.get(status or "", status or "-")


def source_words(source: str) -> str:
    return {"line": "ข้อความ LINE", "postback": "ปุ่มใน LINE", "import": "นำเข้าเอกสาร",
            "cli": "คำสั่งระบบ"}.get(source, source)


def row_cells(row: MeasureRow) -> list[list[str]]:
    """The eight columns of a measure's row, each a list of lines (HEADERS order)."""
    steps = [digits(line) for line in _STEP_SPLIT.split(row.steps) if line.strip()] or ["-"]
    return [
        [measure_heading(row)],
        [f"- {u}" for u in row.units] if len(row.units) > 1 else list(row.units) or ["-"],
        steps,
        deadline_lines(row),
        tick_lines(row.status),
        result_lines(row),
        evidence_lines(row),
        problem_lines(row),
    ]


SUMMARY_HEADERS = ("หน่วยงาน", STATUS_WORDS["done"], STATUS_WORDS["in_progress"],
                   STATUS_WORDS["not_started"], "รวม (มาตรการ)")
TRAIL_HEADERS = ("วันเวลาที่บันทึก", "ผู้แจ้ง", "หน่วยงาน", "มาตรการ / งาน", "จากสถานะ", "เป็นสถานะ",
                 "วันที่ดำเนินการ", "หลักฐาน / หมายเหตุ", "ที่มา")


def summary_cells(report: Report) -> list[list[str]]:
    rows = [[s.unit, digits(s.done), digits(s.in_progress), digits(s.not_started), digits(s.total)]
            for s in (*report.summary, report.totals)]
    return rows


def _short(words: str, limit: int = 60) -> str:
    """The trail names a task; the report's table already holds its full words."""
    words = " ".join(words.split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def trail_cells(report: Report) -> list[list[str]]:
    out = []
    for row in report.rows:
        for e in row.trail:
            at = e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC)
            local = at.astimezone(BANGKOK)
            when = f"{long_date(local.date())} {digits(local.strftime('%H:%M'))} น."
            source = source_words(e.source)
            if e.line_message_id:
                source += f" รหัสข้อความ {e.line_message_id}"
            note = "\n".join([*e.evidence, *([e.note] if e.note and e.source != "import" else [])])
            out.append([when, e.who, e.unit, f"{_short(measure_heading(row))} / {_short(digits(e.item))}",
                        trail_status(e.from_status), trail_status(e.to_status),
                        long_date(e.done_on) if e.done_on else "-", note or "-", source])
    return out
