"""Thai time phrases in measures documents → due dates and done dates.

The rules (docs/IMPORT.md has the reasons):

* A deadline month is due on its last day: `ภายในเดือนมกราคม ๒๕๖๖` → 2023-01-31. A month
  without a year is its occurrence inside the fiscal year (ตุลาคม of FY 2566 → October 2022).
* A period `๑ ต.ค ๖๕ - ๓๐ ก.ย ๖๖`, `ต.ต. ๖๓ - มี.ค. ๖๔` is due at its end. A period that is
  the whole fiscal year is *weak*: it says "during the year", and gives way to any more
  specific deadline of the same measure.
* Cadences make one due date per period of the fiscal year: monthly → 12 month ends,
  quarterly → 4 quarter ends, every 6 months → 31 Mar and 30 Sep, yearly → the FY end.
  Daily or weekly work becomes a monthly check (12), never 365 tasks.
* Listed months (`ทุก ๖ เดือน ภายในเดือนเมษายน และเดือนตุลาคม`, `ในเดือนเมษายนและกันยายนของทุกปี`)
  are due at the end of each month, in the order written, each after the one before: April
  2023 then October 2023. October after the FY end is kept as written: it is the 12-month
  report of the year, which can only be made once the year is over.
* Durations (`๑๕ วัน`, `๓๐ วัน`, `๑ เดือน`) count from the plan's start (the FY start unless
  the document states another start): start + 15 days.
* `ดำเนินการเมื่อวันที่ ๒๐ เดือน ตุลาคม พ.ศ. ๒๕๖๕` is a done date; a day that cannot exist
  (๓๑ กุมภาพันธ์) raises ImpossibleDate rather than being guessed.

Text is matched after Thai digits become Arabic (a same-length translation, so positions
still point into the original text).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from handlers.thai.calendar_words import (
    fiscal_year_bounds,
    month_forms,
    month_number,
    thai_digits_to_arabic,
    year_to_ce,
)

RECURRING_KINDS = frozenset({"monthly", "quarterly", "semiannual", "yearly", "months", "daily"})


class ImpossibleDate(ValueError):
    """A date that does not exist, such as 31 February."""


@dataclass(frozen=True)
class FiscalFrame:
    """The fiscal year the document plans, and where its durations count from."""

    year_be: int
    start: date
    end: date
    plan_start: date

    @classmethod
    def of(cls, year_be: int, plan_start: date | None = None) -> FiscalFrame:
        start, end = fiscal_year_bounds(year_be)
        return cls(year_be, start, end, plan_start or start)

    def month_in_year(self, month: int) -> int:
        """C.E. year of a month named without a year: its occurrence inside the FY."""
        return self.start.year if month >= self.start.month else self.end.year

    def months(self) -> list[tuple[int, int]]:
        out, y, m = [], self.start.year, self.start.month
        for _ in range(12):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


@dataclass(frozen=True)
class Spec:
    """One time expression found in a cell: what kind, and the due dates it makes."""

    kind: str  # deadline, period, duration, fiscal_year, monthly, quarterly, semiannual,
    # yearly, months, daily
    dues: tuple[date, ...]
    start: int
    end: int
    text: str
    weak: bool = False

    @property
    def recurring(self) -> bool:
        return self.kind in RECURRING_KINDS


@dataclass(frozen=True)
class DoneMark:
    """A date the document says work was done. `day_missing`: only month and year written."""

    on: date | None
    day_missing: bool
    start: int
    end: int
    text: str


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# ---------------------------------------------------------------------------------------
# Patterns

_FORMS = month_forms()
_FULL = sorted(
    {f for forms in _FORMS.values() for f in forms if "." not in f and len(f) > 4}, key=len, reverse=True
)
_DOTTED = sorted({f for forms in _FORMS.values() for f in forms if "." in f}, key=len, reverse=True)
_PLAIN = sorted(
    {f for forms in _FORMS.values() for f in forms if f not in _FULL and "." not in f}, key=len, reverse=True
)
_MONTHS_ALT = "|".join(map(re.escape, _FULL))
_THAI = "\u0e01-\u0e4e"
_NOT_AFTER_THAI = rf"(?:(?<![{_THAI}])|(?<=เดือน)|(?<=เดือน ))"
_SHORT_ALT = (
    rf"{_NOT_AFTER_THAI}(?:{'|'.join(map(re.escape, _DOTTED))})"
    rf"|{_NOT_AFTER_THAI}(?:{'|'.join(map(re.escape, _PLAIN))})(?![{_THAI}])"
)
_YEAR_PREFIX = r"(?:พ\s*\.?\s*ศ\s*\.?\s*\.?|ค\s*\.?\s*ศ\s*\.?)?"


def _date_pattern(p: str) -> str:
    month = rf"(?P<{p}m>{_MONTHS_ALT}|{_SHORT_ALT})"
    return (
        rf"(?:(?P<{p}d>\d{{1,2}})(?!\d)\s*(?:เดือน\s*)?)?{month}\.?"
        rf"(?:\s*{_YEAR_PREFIX}\s*(?P<{p}y>\d{{4}}(?!\d)|\d{{2}}(?![\d.)/])))?"
    )


DATE_RE = re.compile(_date_pattern("a"))
PERIOD_RE = re.compile(_date_pattern("a") + r"\s*(?:-|ถึง|จนถึง)\s*(?:วันที่\s*)?" + _date_pattern("b"))
_MONTH_WORDS = "|".join(map(re.escape, _FULL))
_SEMI = re.compile(
    r"ทุก\s*6\s*เดือน|ทุก\s*หก\s*เดือน|ราย\s*6\s*เดือน|ปี\s*ละ\s*2\s*ครั้ง"
    r"|6\s*เดือน\s*/\s*ครั้ง|ทุก\s*ครึ่งปี"
)
_MONTHLY = re.compile(
    r"(?:ทุก\s*ๆ?\s*เดือน|ราย\s*เดือน|ประจำ\s*เดือน)(?!\s*(?:"
    + _MONTH_WORDS
    + r"))|เดือน\s*ละ\s*(?:1|หนึ่ง)\s*ครั้ง|1\s*เดือน\s*/\s*ครั้ง"
    r"|ครั้ง\s*/\s*เดือน"
)
_QUARTERLY = re.compile(
    r"ไตร\s*มาส\s*ละ\s*(?:1|หนึ่ง)?\s*ครั้ง|ทุก\s*ไตร\s*มาส|ราย\s*ไตร\s*มาส"
    r"|ทุก\s*3\s*เดือน|3\s*เดือน\s*/\s*ครั้ง|ปี\s*ละ\s*4\s*ครั้ง"
)
_YEARLY = re.compile(
    r"ปี\s*ละ\s*(?:1|หนึ่ง)\s*ครั้ง|ทุก\s*ๆ?\s*ปี(?!\s*งบ)|ราย\s*ปี"
    r"|1\s*ปี\s*/\s*ครั้ง|ครั้ง\s*/\s*ปี"
)
_DAILY = re.compile(
    r"ทุก\s*ๆ?\s*วัน(?!ที่)|ราย\s*วัน|ประจำ\s*วัน|ทุก\s*สัปดาห์|ราย\s*สัปดาห์"
    r"|สัปดาห์\s*ละ"
)
_FISCAL = re.compile(
    r"(?:ภายใน|ใน|ตลอด)\s*ปี\s*งบ\s*ประมาณ(?:\s*(?:พ\s*\.?\s*ศ\s*\.?)?\s*"
    r"(?P<y>\d{4})(?!\d))?"
)
_DURATION = re.compile(
    r"(?P<within>ภายใน\s*(?:ระยะเวลา\s*)?)?(?P<n>\d{1,3})\s*(?P<u>วัน|สัปดาห์|เดือน)"
    r"(?!ที่)"
)
_DURATION_BEFORE_BAD = re.compile(r"(?:ทุก|ราย|รอบ|ละ|/|ที่|ครั้ง)\s*$")
_DURATION_AFTER_BAD = re.compile(r"^\s*(?:/|ละ|ครั้ง|หลัง|นับ|ก่อน|ของ|แรก|ที่ผ่าน)")
_DEADLINE_PREFIX = re.compile(r"(?:ภายใน|ก่อน|ไม่เกิน|แล้วเสร็จ|เสร็จ|ใน|ส่ง|กำหนด)\s*(?:วันที่|เดือน)?\s*$")
_DONE_PREFIX = re.compile(r"เมื่อ\s*(?:วันที่)?\s*(?:เดือน)?\s*$")
_RANGE_PREFIX = re.compile(r"(?:ระหว่าง|ตั้งแต่|ช่วง|ห้วง)\s*(?:วันที่|เดือน)?\s*$")
_LIST_GAP = re.compile(r"^\s*(?:และ|หรือ|,|/)?\s*(?:เดือน)?\s*$")
_YEARLY_AFTER_LIST = re.compile(r"^\s*(?:ของ)?\s*(?:ทุก\s*ๆ?\s*ปี|ทุกปี|ของทุกปี)")


def to_parse_text(text: str) -> str:
    """Same-length form for matching: Arabic digits, one kind of dash, no line breaks."""
    return (
        thai_digits_to_arabic(text).replace("\n", " ").replace("–", "-").replace("—", "-").replace("−", "-")
    )


# ---------------------------------------------------------------------------------------
# Dates


def _year_ce(raw: str | None) -> int | None:
    if not raw:
        return None
    value = int(raw)
    if len(raw) == 2:
        return year_to_ce(value) if 40 <= value <= 99 else None
    if 2400 <= value <= 2700 or 1900 <= value <= 2200:
        return year_to_ce(value)
    return None


def resolve_match(
    match: re.Match, p: str, frame: FiscalFrame, year_hint: int | None = None
) -> tuple[date, bool]:
    """(date, day_missing) of a date match; a missing day means the month's last day."""
    month = month_number(match.group(f"{p}m"))
    if month is None:  # a typo form missing from the table; cannot happen with our regex
        raise ImpossibleDate(match.group(0))
    year = _year_ce(match.group(f"{p}y")) or year_hint or frame.month_in_year(month)
    day_raw = match.group(f"{p}d")
    if day_raw is None:
        return month_end(year, month), True
    day = int(day_raw)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ImpossibleDate(f"impossible date '{match.group(0).strip()}'")
    return date(year, month, day), False


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------------------
# Finding specs


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.used = [False] * len(text)

    def free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def take(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.used[i] = True


def _month_tokens(text: str) -> list[re.Match]:
    return list(DATE_RE.finditer(text))


def _month_lists(text: str, tokens: list[re.Match]) -> list[list[re.Match]]:
    """Runs of two or more month tokens joined by และ / หรือ / commas."""
    runs: list[list[re.Match]] = []
    current: list[re.Match] = []
    for token in tokens:
        if current and _LIST_GAP.match(text[current[-1].end() : token.start()]):
            current.append(token)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [token]
    if len(current) >= 2:
        runs.append(current)
    return runs


def _listed_dues(tokens: list[re.Match], frame: FiscalFrame) -> tuple[date, ...]:
    """Month ends in the order written, each after the one before (see module docstring)."""
    dues: list[date] = []
    previous = frame.start - timedelta(days=1)
    for token in tokens:
        month = month_number(token.group("am"))
        explicit = _year_ce(token.group("ay"))
        if explicit:
            due, _ = resolve_match(token, "a", frame)
        else:
            due = month_end(previous.year, month)
            if due <= previous:
                due = month_end(previous.year + 1, month)
            if token.group("ad"):
                due, _ = resolve_match(token, "a", frame, year_hint=due.year)
        dues.append(due)
        previous = due
    return tuple(dues)


def find_specs(text: str, frame: FiscalFrame, loose: bool = True) -> list[Spec]:
    """Every time expression in `text`, in order of appearance.

    `loose` (deadline and period columns) also accepts bare months, bare periods and bare
    durations; strict mode (monitoring and steps columns, where months and day counts are
    often descriptions) needs a marker such as ภายใน, ทุก or ระหว่าง.
    """
    parse = to_parse_text(text)
    scan = _Scanner(parse)
    specs: list[Spec] = []

    def add(kind: str, dues, start: int, end: int, weak: bool = False) -> None:
        scan.take(start, end)
        if any(s.kind == kind and s.dues == tuple(dues) for s in specs):
            return  # "รายเดือน … ให้ครบทุกเดือน": one obligation written twice
        specs.append(Spec(kind, tuple(dues), start, end, text[start:end], weak))

    tokens = _month_tokens(parse)
    lists = _month_lists(parse, tokens)
    fy_months = frame.months()

    # Cadences that name their months: every 6 months (April and October), yearly (March).
    def cadence_with_months(pattern: re.Pattern, kind: str) -> None:
        for m in pattern.finditer(parse):
            if not scan.free(m.start(), m.end()):
                continue
            attached = _attached_months(parse, m, lists, tokens, scan)
            if attached:
                first, last = attached[0], attached[-1]
                start, end = min(m.start(), first.start()), max(m.end(), last.end())
                after = _YEARLY_AFTER_LIST.match(parse[end:])
                if after:
                    end += after.end()
                add(kind, _listed_dues(attached, frame), start, end)
            elif kind == "semiannual":
                add(kind, (month_end(frame.end.year, 3), frame.end), m.start(), m.end())
            else:
                add(kind, (frame.end,), m.start(), m.end())

    cadence_with_months(_SEMI, "semiannual")
    # Listed months without a cadence word: "ในเดือนเมษายนและกันยายนของทุกปี".
    for run in lists:
        if not scan.free(run[0].start(), run[-1].end()):
            continue
        end = run[-1].end()
        after = _YEARLY_AFTER_LIST.match(parse[end:])
        if after:
            end += after.end()
        add("months", _listed_dues(run, frame), run[0].start(), end)
    cadence_with_months(_YEARLY, "yearly")

    for pattern, kind in ((_MONTHLY, "monthly"), (_DAILY, "daily")):
        for m in pattern.finditer(parse):
            if scan.free(m.start(), m.end()):
                add(kind, [month_end(y, mo) for y, mo in fy_months], m.start(), m.end())
    for m in _QUARTERLY.finditer(parse):
        if scan.free(m.start(), m.end()):
            add("quarterly", [month_end(y, mo) for y, mo in fy_months[2::3]], m.start(), m.end())

    # Periods: due at the end; the whole fiscal year is weak.
    for m in PERIOD_RE.finditer(parse):
        if not scan.free(m.start(), m.end()):
            continue
        if not loose and not _RANGE_PREFIX.search(parse[max(0, m.start() - 12) : m.start()]):
            continue
        first, _ = resolve_match(m, "a", frame)
        if m.group("by"):
            last, _ = resolve_match(m, "b", frame)
        else:
            end_month = month_number(m.group("bm"))
            year = first.year + (1 if end_month < first.month else 0)
            if not m.group("ay"):
                year = frame.month_in_year(end_month)
            last, _ = resolve_match(m, "b", frame, year_hint=year)
        start_day = first if m.group("ad") else first.replace(day=1)
        whole = start_day <= frame.start + timedelta(days=15) and last >= frame.end
        add("period", (last,), m.start(), m.end(), weak=whole)

    # Single dates: deadlines (never a done date written after เมื่อ).
    for m in tokens:
        if not scan.free(m.start(), m.end()):
            continue
        before = parse[max(0, m.start() - 30) : m.start()]
        if _DONE_PREFIX.search(before):
            continue
        if not loose and not _DEADLINE_PREFIX.search(before):
            continue
        due, _ = resolve_match(m, "a", frame)
        add("deadline", (due,), m.start(), m.end())

    for m in _DURATION.finditer(parse):
        if not scan.free(m.start(), m.end()):
            continue
        if not m.group("within"):
            if not loose:
                continue
            if _DURATION_BEFORE_BAD.search(parse[max(0, m.start() - 6) : m.start()]):
                continue
        if _DURATION_AFTER_BAD.match(parse[m.end() :]):
            continue
        n, unit = int(m.group("n")), m.group("u")
        if n == 0:
            continue
        if unit == "วัน":
            due = frame.plan_start + timedelta(days=n)
        elif unit == "สัปดาห์":
            due = frame.plan_start + timedelta(weeks=n)
        else:
            due = _add_months(frame.plan_start, n)
        add("duration", (due,), m.start(), m.end())

    if not specs:
        for m in _FISCAL.finditer(parse):
            year = int(m.group("y")) if m.group("y") else frame.year_be
            end = fiscal_year_bounds(year)[1] if 2400 < year < 2700 else frame.end
            add("fiscal_year", (end,), m.start(), m.end(), weak=True)
            break
    specs.sort(key=lambda s: s.start)
    return specs


def _attached_months(parse: str, keyword: re.Match, lists, tokens, scan: _Scanner) -> list[re.Match]:
    """Month tokens a cadence word refers to: the list (or single month) right after it,
    else right before it, not already used by another expression."""
    window_after = parse[keyword.end() : keyword.end() + 60]
    stop = re.search(r"(?:^|\s)\d{1,2}\s*[.)](?!\d)", window_after)
    limit = keyword.end() + (stop.start() if stop else len(window_after))
    for run in lists:
        if keyword.end() <= run[0].start() < limit and scan.free(run[0].start(), run[-1].end()):
            return run
    for token in tokens:
        if keyword.end() <= token.start() < limit and scan.free(token.start(), token.end()):
            return [token]
    for run in lists:
        if 0 <= keyword.start() - run[-1].end() <= 12 and scan.free(run[0].start(), run[-1].end()):
            return run
    return []


# ---------------------------------------------------------------------------------------
# Done dates and single values


def find_done(text: str, frame: FiscalFrame) -> list[DoneMark]:
    """Dates work was done: a full date anywhere in a done/results cell, or a month and
    year right after เมื่อ (`ดำเนินการเมื่อวันที่ … เดือน มีนาคม ๒๕๖๖`, day left blank).
    Deadlines written in results text (`ภายในเดือน…`) are not done dates."""
    parse = to_parse_text(text)
    marks: list[DoneMark] = []
    for m in DATE_RE.finditer(parse):
        before = parse[max(0, m.start() - 30) : m.start()]
        after_done = bool(_DONE_PREFIX.search(before))
        if m.group("ad") is None and not after_done:
            continue
        if re.search(r"(?:ภายใน|ก่อน|ไม่เกิน)\s*(?:วันที่|เดือน)?\s*$", before):
            continue
        on, day_missing = resolve_match(m, "a", frame)
        marks.append(
            DoneMark(None if day_missing else on, day_missing, m.start(), m.end(), text[m.start() : m.end()])
        )
    return marks


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_SLASHED = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\s*$")


def parse_date_value(value: object, frame: FiscalFrame, words: bool = True) -> date | None:
    """A spreadsheet date cell: a real date, ISO text, d/m/yyyy (B.E. or C.E.), or (with
    `words`) Thai words such as `๓๑ ม.ค. ๖๖`. None when the cell holds no single date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = to_parse_text(str(value)).strip()
    if not text:
        return None
    for pattern, order in ((_ISO, "ymd"), (_SLASHED, "dmy")):
        m = pattern.match(text)
        if m:
            a, b, c = (int(g) for g in m.groups())
            y, mo, d = (a, b, c) if order == "ymd" else (year_to_ce(c) if c < 100 else c, b, a)
            if y > 2400:
                y -= 543
            try:
                return date(y, mo, d)
            except ValueError:
                raise ImpossibleDate(f"impossible date '{value}'") from None
    m = DATE_RE.search(text) if words else None
    if m and m.group("ad") and len(text) - len(m.group(0)) <= 12:
        return resolve_match(m, "a", frame)[0]
    return None
