"""Thai calendar vocabulary: digits, month names, Buddhist-era years.

Shared by the chat parser and the document importer, because officers type dates the
same way they write them in memos: Thai digits, abbreviated months, two-digit B.E. years.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

BE_OFFSET = 543

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

# Full name, then the abbreviations and slips seen in real documents (ต.ต. is a typo for ต.ค.).
_MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("มกราคม", "ม.ค.", "มค", "ม.ค"),
    2: ("กุมภาพันธ์", "ก.พ.", "กพ", "ก.พ"),
    3: ("มีนาคม", "มี.ค.", "มีค", "มี.ค"),
    4: ("เมษายน", "เม.ย.", "เมย", "เม.ย"),
    5: ("พฤษภาคม", "พ.ค.", "พค", "พ.ค"),
    6: ("มิถุนายน", "มิ.ย.", "มิย", "มิ.ย"),
    7: ("กรกฎาคม", "ก.ค.", "กค", "ก.ค", "กรกฏาคม"),
    8: ("สิงหาคม", "ส.ค.", "สค", "ส.ค"),
    9: ("กันยายน", "ก.ย.", "กย", "ก.ย"),
    10: ("ตุลาคม", "ต.ค.", "ตค", "ต.ค", "ต.ต.", "ต.ต"),
    11: ("พฤศจิกายน", "พ.ย.", "พย", "พ.ย"),
    12: ("ธันวาคม", "ธ.ค.", "ธค", "ธ.ค"),
}

MONTH_FULL = {m: forms[0] for m, forms in _MONTH_FORMS.items()}
MONTH_SHORT = {m: forms[1] for m, forms in _MONTH_FORMS.items()}

_FORM_TO_MONTH = {form: m for m, forms in _MONTH_FORMS.items() for form in forms}
# Longest first so "มี.ค." wins over "ม.ค" inside it, and full names over prefixes.
MONTH_PATTERN = "|".join(
    re.escape(f) for f in sorted(_FORM_TO_MONTH, key=len, reverse=True)
)
MONTH_RE = re.compile(MONTH_PATTERN)


def thai_digits_to_arabic(text: str) -> str:
    return text.translate(THAI_DIGITS)


def month_number(word: str) -> int | None:
    """Month number for a Thai month name or abbreviation, or None."""
    return _FORM_TO_MONTH.get(word.strip())


def year_to_ce(year: int) -> int:
    """Read a year as people write it in Thai documents and return the C.E. year.

    Two-digit years are B.E. (๖๕ = 2565); four-digit years above 2400 are B.E.;
    anything else is taken as C.E.
    """
    if year < 100:
        return 2500 + year - BE_OFFSET
    if year > 2400:
        return year - BE_OFFSET
    return year


def fiscal_year_of(day: date) -> int:
    """B.E. fiscal year a day falls in: FY 2566 runs 1 Oct 2022 – 30 Sep 2023."""
    ce = day.year + 1 if day.month >= 10 else day.year
    return ce + BE_OFFSET


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    end_ce = fiscal_year_be - BE_OFFSET
    return date(end_ce - 1, 10, 1), date(end_ce, 9, 30)


def thai_date(day: date, short: bool = True) -> str:
    """'20 ต.ค. 2565' (short) or '20 ตุลาคม 2565' for people to read."""
    months = MONTH_SHORT if short else MONTH_FULL
    return f"{day.day} {months[day.month]} {day.year + BE_OFFSET}"


# Weekdays as date.weekday() numbers. Only the names: "อาทิตย์" alone also means "week",
# so callers must require the word วัน in front before reading a weekday.
_WEEKDAY_FORMS: dict[int, tuple[str, ...]] = {
    0: ("จันทร์", "จันท์"),
    1: ("อังคาร",),
    2: ("พุธ",),
    3: ("พฤหัสบดี", "พฤหัส", "พฤหัสฯ"),
    4: ("ศุกร์", "ศุก"),
    5: ("เสาร์",),
    6: ("อาทิตย์",),
}
_FORM_TO_WEEKDAY = {form: d for d, forms in _WEEKDAY_FORMS.items() for form in forms}
WEEKDAY_PATTERN = "|".join(
    re.escape(f) for f in sorted(_FORM_TO_WEEKDAY, key=len, reverse=True)
)


def month_span(days: Sequence[date]) -> str:
    """'ต.ค.–ธ.ค.': the months of a recurring item's periods, first to last (sorted days)."""
    first, last = MONTH_SHORT[days[0].month], MONTH_SHORT[days[-1].month]
    return first if len(days) == 1 else f"{first}–{last}"


def weekday_number(word: str) -> int | None:
    """date.weekday() number (Monday = 0) for a Thai weekday name, or None."""
    return _FORM_TO_WEEKDAY.get(word.strip())


def month_forms() -> dict[int, tuple[str, ...]]:
    """Every written form of each month (full name first), for callers that build their
    own patterns, e.g. the document importer, which needs word boundaries around the
    undotted abbreviations (มค, กย) that could otherwise match inside other words."""
    return dict(_MONTH_FORMS)
