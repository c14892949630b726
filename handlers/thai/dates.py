"""The day reported work happened, as a chat message states it.

Absolute (20 ธ.ค. 65, ๑๙ เมษายน ๒๕๖๖, 3/1/2566, 2023-03-10), relative to today (วันนี้,
เมื่อวาน, เมื่อวานซืน, 2 วันก่อน, เมื่อวันจันทร์) or a day of the month (วันที่ 10). Plans are
not dates: a mention after ภายใน / ก่อน / จะ / กำหนด, or one that falls after today, is
skipped, because "จะเสร็จภายใน 30 มี.ค." says nothing about when work was done.
Works on normalized text (Arabic digits).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from handlers.thai.calendar_words import (
    MONTH_PATTERN,
    WEEKDAY_PATTERN,
    month_number,
    weekday_number,
    year_to_ce,
)
from handlers.thai.numbers import THAI_NUMBER_WORDS
from handlers.thai.phrases import trie_pattern

_NUMBER_WORDS = "|".join(THAI_NUMBER_WORDS)
_LEAD = r"(?:เมื่อ\s*)?(?:วันที่\s*)?"
# A year is not followed by a percent or by the minutes of a time ("18 มี.ค. 08.00 น.").
_YEAR_TAIL = r"(?![\d%]|[.:]\d)(?!\s*(?:%|เปอร์))"

_DATE_RE = re.compile(
    rf"(?P<iso>(?<!\d)(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})(?!\d))"
    rf"|(?P<num>{_LEAD}(?<![\d/.])(?P<nd>\d{{1,2}})(?P<sep>[/.-])(?P<nm>\d{{1,2}})(?P=sep)"
    rf"(?P<ny>\d{{4}}|\d{{2}})(?![\d/.]))"
    rf"|(?P<short>(?:เมื่อ\s*)?(?:วันที่|เมื่อ)\s*(?P<sd>\d{{1,2}})/(?P<sm>\d{{1,2}})(?![\d/]))"
    rf"|(?P<thai>{_LEAD}(?P<td>\d{{1,2}})\s*(?:เดือน\s*)?(?P<tm>{MONTH_PATTERN})\s*"
    rf"(?:(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)\s*)?(?:(?P<ty>\d{{4}}|\d{{2}}){_YEAR_TAIL})?)"
    rf"|(?P<ago>(?:เมื่อ\s*)?(?P<n>\d{{1,2}}|{_NUMBER_WORDS})\s*วัน\s*(?:ที่แล้ว|ก่อน|ที่ผ่านมา))"
    # วันอังคารที่ 7: the day of the month decides; วันจันทร์ alone: the last Monday.
    rf"|(?P<wd>(?:เมื่อ\s*)?วัน(?P<wname>(?>{WEEKDAY_PATTERN}))"
    rf"(?:\s*ที่\s*(?P<wdd>\d{{1,2}})(?![\d/.])(?!\s*(?:เดือน\s*)?(?:{MONTH_PATTERN}))"
    rf"|(?P<wtail>\s*(?:ที่แล้ว|ที่ผ่านมา|นี้|หน้า))|(?!\s*ที่\s*\d)))"
    r"|(?P<dom>(?:เมื่อ\s*)?วันที่\s*(?P<dd>\d{1,2})(?![\d/.]))"
    r"|(?P<rel>เมื่อวานซืน|เมื่อวาน(?:นี้)?|วานนี้|เมื่อคืน(?:นี้)?|วันนี้|เมื่อเช้า(?:นี้)?|เช้านี้"
    r"|บ่ายนี้|เมื่อกี้|เมื่อกี๊|ตะกี้|เมื่อสักครู่|\btoday\b|\byesterday\b)"
    r"|(?P<future>พรุ่งนี้|มะรืน(?:นี้)?|\btomorrow\b|สัปดาห์หน้า|อาทิตย์หน้า|เดือนหน้า)"
)
# Every date form starts with a digit or one of these words; most chat has neither, and
# trying the full pattern only where one occurs is several times faster than a plain search.
_DATE_START_RE = re.compile(
    r"\d|" + trie_pattern([
        "เมื่อ", "วัน", "วาน", "เช้า", "บ่าย", "ตะกี้", "พรุ่ง", "มะรืน", "สัปดาห์", "อาทิตย์",
        "เดือน", "today", "yesterday", "tomorrow", *THAI_NUMBER_WORDS,
    ])
)
_RELATIVE_DAYS = {
    "เมื่อวานซืน": 2, "เมื่อวาน": 1, "เมื่อวานนี้": 1, "วานนี้": 1, "เมื่อคืน": 1,
    "เมื่อคืนนี้": 1, "yesterday": 1,
}
# A date right after these words is a deadline or a plan, not when work was done.
_PLAN_BEFORE_RE = re.compile(
    r"(?:ภายใน|ก่อน(?!หน้า)|ไม่เกิน|กำหนด|deadline|due|\bby\b|within|before|จะ|เดี๋ยว|คาดว่า"
    r"|นัด)\s*\S{0,12}\s*$"
)
# Asking for more time: a date after it is the new deadline ("ขอขยายเวลาถึง 31 มี.ค.").
_EXTENSION_RE = re.compile(r"ขยาย|เลื่อน|ยืด\s*เวลา|\bextend|\bextension\b|\bpostpone")


def find_date(text: str, today: date) -> tuple[date | None, list[tuple[int, int]]]:
    """The first stated day of work that is not a plan and not after today, and all spans."""
    found, spans, _ = find_date_and_plan(text, today)
    return found, spans


def find_date_and_plan(text: str, today: date) -> tuple[date | None, list[tuple[int, int]], bool]:
    """find_date, and whether the text also names a day still to come (a plan, a deadline,
    an announcement: "ปิดปรับปรุงเว็บวันเสาร์ที่ 18 มี.ค." written on the 15th)."""
    ahead = False
    found: date | None = None
    spans: list[tuple[int, int]] = []
    covered = 0
    extension = _EXTENSION_RE.search(text)
    for start in _DATE_START_RE.finditer(text):
        if start.start() < covered:
            continue
        m = _DATE_RE.match(text, start.start())
        if m is None or m.end() == m.start():
            continue
        covered = m.end()
        spans.append(m.span())
        if m.group("future"):
            ahead = True
            continue
        said_past = m.group(0).startswith(("เมื่อ", "วาน")) or m.group("ago")
        if not said_past and _PLAN_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()):
            ahead = True
            continue
        if not said_past and extension is not None and extension.start() < m.start():
            ahead = True
            continue
        day = _read(m, today)
        if day is None or day > today:
            ahead = ahead or _ahead(m, today)
        elif found is None:
            found = day
    return found, spans, ahead


# A day and month without a year up to this far ahead is a plan ("ประชุม 20 มี.ค." on the
# 15th), not the same day last year.
_SOON = timedelta(days=62)


def _ahead(m: re.Match[str], today: date) -> bool:
    """Whether a date that gave no day of work names a day to come."""
    if m.group("wd"):
        return (m.group("wtail") or "").strip() in ("นี้", "หน้า") or bool(m.group("wdd"))
    try:
        if m.group("thai") and not m.group("ty"):
            month = month_number(m.group("tm")) or 0
            return today < date(today.year, month, int(m.group("td"))) <= today + _SOON
        if m.group("short"):
            return today < date(today.year, int(m.group("sm")), int(m.group("sd"))) <= today + _SOON
    except ValueError:
        return False
    return m.group("iso") is not None or m.group("num") is not None


def _read(m: re.Match[str], today: date) -> date | None:
    try:
        if m.group("iso"):
            return date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        if m.group("num"):
            year = year_to_ce(int(m.group("ny")))
            return date(year, int(m.group("nm")), int(m.group("nd")))
        if m.group("short"):
            return _latest(today, int(m.group("sm")), int(m.group("sd")))
        if m.group("thai"):
            month = month_number(m.group("tm")) or 0
            if m.group("ty"):
                return date(year_to_ce(int(m.group("ty"))), month, int(m.group("td")))
            return _latest(today, month, int(m.group("td")))
        if m.group("wdd"):
            return _day_of_month(today, int(m.group("wdd")))
    except ValueError:  # 31 เม.ย. and other impossible days
        return None
    if m.group("ago"):
        n = m.group("n")
        days = int(n) if n.isdigit() else THAI_NUMBER_WORDS[n]
        return today - timedelta(days=days)
    if m.group("wd"):
        return _weekday(m, today)
    if m.group("dom"):
        return _day_of_month(today, int(m.group("dd")))
    word = m.group("rel")
    return today - timedelta(days=_RELATIVE_DAYS.get(word, 0))


def _latest(today: date, month: int, day: int) -> date | None:
    """Day and month without a year: the most recent such day not after today, or None
    for a day in the next two months (a plan)."""
    this_year = date(today.year, month, day) if (month, day) != (2, 29) else None
    if this_year is not None and this_year <= today:
        return this_year
    if this_year is not None and this_year <= today + _SOON:
        return None
    year = today.year - 1
    while True:  # 29 ก.พ. needs a leap year
        try:
            return date(year, month, day)
        except ValueError:
            year -= 1


def _weekday(m: re.Match[str], today: date) -> date | None:
    tail = (m.group("wtail") or "").strip()
    if tail in ("นี้", "หน้า"):
        return None
    weekday = weekday_number(m.group("wname"))
    if weekday is None:
        return None
    said_past = tail in ("ที่แล้ว", "ที่ผ่านมา") or m.group("wd").startswith("เมื่อ")
    back = (today.weekday() - weekday) % 7
    if back == 0 and not said_past:
        return None  # "วันพุธ" on a Wednesday: today or next week, unsaid
    back = back or 7
    return today - timedelta(days=back)


def _day_of_month(today: date, day: int) -> date | None:
    month, year = today.month, today.year
    for _ in range(3):
        if day <= 31:
            try:
                candidate = date(year, month, day)
            except ValueError:
                candidate = None
            if candidate is not None and candidate <= today:
                return candidate
        month, year = (month - 1, year) if month > 1 else (12, year - 1)
    return None
