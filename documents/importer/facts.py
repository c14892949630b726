"""Facts about the whole document read from its prose: the organization's name, the fiscal
year the plan is for, and the day its durations count from.

Fiscal year: every `ปีงบประมาณ (พ.ศ.) YYYY` in the prose is a candidate. Documents name two
years — the assessment they analyse and the plan they make — so each mention is weighed by
the nearest keyword before it on the same line: a plan word (มาตรการ, แผนขับเคลื่อน,
ส่งเสริมคุณธรรม, รายงานผลการดำเนิน…) counts 3, an analysis word (ผลการประเมิน, วิเคราะห์,
คะแนน) counts 0, anything else 1. The heaviest year wins; a tie goes to the later year.

Organization: the most frequent `องค์การบริหารส่วนตำบล…` / `เทศบาลตำบล…` / `อบต.…` name in
the prose (documents spell it two ways; the majority is the right one, the earliest on a
tie, which is the title page).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from documents.importer.thai_time import (
    PERIOD_RE,
    FiscalFrame,
    ImpossibleDate,
    resolve_match,
    to_parse_text,
)

_FY_RE = re.compile(r"ปี\s*งบ\s*ประมาณ\s*(?:พ\s*\.?\s*ศ\s*\.?\s*\.?\s*)?(\d{4})(?!\d)")
_PLAN_WORDS = re.compile(
    r"มาตรการ|แผนขับเคลื่อน|แผนการขับเคลื่อน|แผนปฏิบัติ|ส่งเสริมคุณธรรม"
    r"|รายงานผลการดำเนิน|ตามแผน"
)
_ANALYSIS_WORDS = re.compile(r"ผลการประเมิน|วิเคราะห์|คะแนน")
_ORG_TYPES = (
    ("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนตำบล"),
    ("องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนจังหวัด"),
    ("เทศบาลตำบล", "เทศบาลตำบล"),
    ("เทศบาลเมือง", "เทศบาลเมือง"),
    ("เทศบาลนคร", "เทศบาลนคร"),
    ("อบต.", "องค์การบริหารส่วนตำบล"),
    ("อบจ.", "องค์การบริหารส่วนจังหวัด"),
    ("ทต.", "เทศบาลตำบล"),
    ("ทม.", "เทศบาลเมือง"),
    ("ทน.", "เทศบาลนคร"),
)
_ORG_RE = re.compile(
    "(" + "|".join(re.escape(t) for t, _ in _ORG_TYPES) + r")\s?([\u0e01-\u0e4e]{2,30})(?=\s|$|[,)(.])"
)
_ORG_FULL = dict(_ORG_TYPES)


def fiscal_year(prose: list[str]) -> int | None:
    weights: Counter[int] = Counter()
    for line in prose:
        parse = to_parse_text(line)
        for m in _FY_RE.finditer(parse):
            year = int(m.group(1))
            if not 2400 < year < 2700:
                continue
            before = parse[max(0, m.start() - 150) : m.start()]
            plan = [p.end() for p in _PLAN_WORDS.finditer(before)]
            analysis = [a.end() for a in _ANALYSIS_WORDS.finditer(before)]
            if plan and (not analysis or max(plan) > max(analysis)):
                weights[year] += 3
            elif analysis:
                weights[year] += 0
            else:
                weights[year] += 1
    if not weights or max(weights.values()) == 0:
        return None
    return max(weights, key=lambda y: (weights[y], y))


def organization_name(prose: list[str]) -> str | None:
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for index, line in enumerate(prose):
        for m in _ORG_RE.finditer(line):
            name = _ORG_FULL[m.group(1)] + m.group(2)
            counts[name] += 1
            first_seen.setdefault(name, index)
    if not counts:
        return None
    return max(counts, key=lambda n: (counts[n], -first_seen[n]))


def plan_start(prose: list[str], frame: FiscalFrame) -> date:
    """The plan's stated start when the prose gives the year's period with days
    (`(๑ ตุลาคม ๒๕๖๕ - ๓๐ กันยายน ๒๕๖๖)`), else the fiscal year's start."""
    for line in prose:
        if "ปีงบประมาณ" not in line and "ตั้งแต่" not in line:
            continue
        for m in PERIOD_RE.finditer(to_parse_text(line)):
            if not (m.group("ad") and m.group("ay")):
                continue
            try:
                start, _ = resolve_match(m, "a", frame)
                end, _ = resolve_match(m, "b", frame)
            except ImpossibleDate:
                continue
            if frame.start - timedelta(
                days=62
            ) <= start <= frame.end and frame.start <= end <= frame.end + timedelta(days=62):
                return start
    return frame.start
