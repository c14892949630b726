"""Working days: Monday to Friday, minus Thai public holidays and the organization's own.

Pure: a WorkCalendar is built from a set of extra holidays and answers questions about
dates. The Thai holidays come from the `holidays` library (country "TH"), which knows the
lunar holidays and the substitution days of each year.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

# Working days are counted from here, so "every third working day" falls on the same days
# for every task and every organization (their reminders then share one message).
EPOCH = date(2020, 1, 6)  # a Monday


@lru_cache(maxsize=64)
def thai_public_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("TH", years=year, language="th"))


class WorkCalendar:
    def __init__(self, extra_holidays: Iterable[date] = ()) -> None:
        self._extra = frozenset(extra_holidays)
        self._years: set[int] = set()
        self._off: set[date] = set(self._extra)
        self._sorted_weekday_off: list[date] | None = None
        # Answers that depend only on this calendar; scheduler.due keeps its own here too.
        self.memo: dict = {}

    def _ensure(self, year: int) -> None:
        if year not in self._years:
            self._years.add(year)
            self._off.update(thai_public_holidays(year))
            self._sorted_weekday_off = None

    def holiday_name(self, day: date) -> str | None:
        self._ensure(day.year)
        return thai_public_holidays(day.year).get(day) or (
            "วันหยุดของหน่วยงาน" if day in self._extra else None)

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        self._ensure(day.year)
        return day not in self._off

    def on_or_before(self, day: date) -> date:
        """The latest working day not after `day`."""
        key = ("before", day)
        if key not in self.memo:
            found = day
            while not self.is_working_day(found):
                found -= timedelta(days=1)
            self.memo[key] = found
        return self.memo[key]

    def on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n ≥ 1); `day` itself need not be one."""
        key = ("add", day, n)
        if key not in self.memo:
            found = day
            while n > 0:
                found += timedelta(days=1)
                if self.is_working_day(found):
                    n -= 1
            self.memo[key] = found
        return self.memo[key]

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d ≤ end (0 when end ≤ start)."""
        if end <= start:
            return 0
        return self.index(end + timedelta(days=1)) - self.index(start + timedelta(days=1))

    def index(self, day: date) -> int:
        """How many working days lie in [EPOCH, day): a running number for working days."""
        for year in range(EPOCH.year, day.year + 1):
            self._ensure(year)
        if self._sorted_weekday_off is None:
            self._sorted_weekday_off = sorted(d for d in self._off if d.weekday() < 5)
        days = (day - EPOCH).days
        weeks, rest = divmod(days, 7)
        weekdays = weeks * 5 + min(rest, 5)  # EPOCH is a Monday
        off = self._sorted_weekday_off
        holidays_in = bisect.bisect_left(off, day) - bisect.bisect_left(off, EPOCH)
        return weekdays - holidays_in

    def first_working_day_of_month(self, year: int, month: int) -> date:
        return self.on_or_after(date(year, month, 1))

    def first_working_day_of_week(self, day: date) -> date | None:
        """The first working day of the Monday-to-Sunday week containing `day`, or None
        for a week without one (Songkran can take a whole week in some years)."""
        monday = day - timedelta(days=day.weekday())
        key = ("week", monday)
        if key not in self.memo:
            self.memo[key] = next((monday + timedelta(days=offset) for offset in range(5)
                                   if self.is_working_day(monday + timedelta(days=offset))),
                                  None)
        return self.memo[key]
