"""What is due, as pure functions of stored fields and a day. No database, no clock.

A task's reminders come in stages: some days before the due date (policy.days_before),
on the due day, and every few working days once it is overdue. `stage_on` says which
stage a task is in on a given day and the working day that stage began. A recipient is
told about a task when the stage began after the last reminder that recipient got, so a
clock that was down catches up with one message, and a clock that runs twice sends
nothing new.

Budget levels cut reminders back in the order the issue states (see scheduler.budget):
    FULL          every stage sends its own message
    WEEKLY        1. merge: overdue reminders and week-ahead notices go out in one batch
                     on the first working day of the week
    NO_PRE_DUE    2. drop pre-due pushes: they only ride along with a message sent anyway
    FORTNIGHTLY   3. merge further: the overdue batch every other week; escalation notes
                     wait for the monthly digest
    DUE_DAY_ONLY  4. last resort: overdue items only ride along
Due-day reminders and the monthly digests are kept at every level.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from functools import lru_cache

from handlers.thai.calendar_words import BE_OFFSET, fiscal_year_of
from scheduler.calendar import WorkCalendar
from scheduler.policy import Policy


class Level(IntEnum):
    FULL = 0
    WEEKLY = 1
    NO_PRE_DUE = 2
    FORTNIGHTLY = 3
    DUE_DAY_ONLY = 4


def batch_day(day: date, cal: WorkCalendar, level: Level) -> bool:
    """Is `day` a day for the merged batch of overdue work at this level?"""
    if cal.first_working_day_of_week(day) != day:
        return False
    return level < Level.FORTNIGHTLY or day.isocalendar()[1] % 2 == 0


@dataclass(frozen=True)
class Item:
    """An open task as the schedule sees it."""

    task_id: int
    unit_id: int
    due_on: date


@dataclass(frozen=True)
class Stage:
    kind: str  # "before", "due" or "overdue"
    on: date  # the working day this stage's reminder belongs to
    days: int  # before: calendar days left; overdue: working days past the due date
    pushes: bool  # may this stage cause a message by itself (else it only rides along)

    @property
    def rank(self) -> tuple[date, int, int]:
        order = {"before": 0, "due": 1, "overdue": 2}[self.kind]
        return (self.on, order, -self.days if self.kind == "before" else self.days)


def overdue_grid_day(today: date, earliest: date, policy: Policy, cal: WorkCalendar,
                     level: Level) -> date | None:
    """The latest day not after `today` (and not before `earliest`) on which overdue work
    is brought up. Grid days are shared by all tasks: every `overdue_every`-th working day,
    or the first working day of each week when reminders are merged."""
    if today < earliest:
        return None
    if level >= Level.WEEKLY:
        day = today
        # A week counts while any of it is on or after `earliest` (its first working day may
        # fall after a Monday holiday).
        while day + timedelta(days=6 - day.weekday()) >= earliest:
            first = cal.first_working_day_of_week(day)
            if first is not None and earliest <= first <= today and batch_day(first, cal, level):
                return first
            day -= timedelta(days=7 + day.weekday())  # a day in the week before
        return None
    every = max(policy.overdue_every, 1)
    day = cal.on_or_before(today)
    while day >= earliest:
        if cal.index(day) % every == 0:
            return day
        day = cal.on_or_before(day - timedelta(days=1))
    return None


def stage_on(due_on: date, today: date, policy: Policy, cal: WorkCalendar,
             level: Level = Level.FULL) -> Stage | None:
    """The reminder stage a task due on `due_on` is in on `today`, or None before the
    first one. Days that are not working days move to the working day before them."""
    key = ("stage", due_on, today, policy, level)
    if key not in cal.memo:
        cal.memo[key] = _stage_on(due_on, today, policy, cal, level)
    return cal.memo[key]


def _pre_due_stages(due_on: date, policy: Policy, cal: WorkCalendar, level: Level) -> list[Stage]:
    key = ("pre", due_on, policy, level)
    if key not in cal.memo:
        cal.memo[key] = _compute_pre_due_stages(due_on, policy, cal, level)
    return cal.memo[key]


def _compute_pre_due_stages(due_on: date, policy: Policy, cal: WorkCalendar,
                            level: Level) -> list[Stage]:
    stages: list[Stage] = []
    for before in policy.days_before:
        on = cal.on_or_before(due_on - timedelta(days=before))
        if level >= Level.WEEKLY and before > 1:
            on = cal.first_working_day_of_week(on) or on
        stages.append(Stage("before", on, before, pushes=level < Level.NO_PRE_DUE))
    stages.append(Stage("due", cal.on_or_before(due_on), 0, pushes=True))
    return stages


def first_overdue_day(due_on: date, policy: Policy, cal: WorkCalendar) -> date:
    """The earliest day an overdue reminder may come: `overdue_every` working days late."""
    return cal.add_working_days(due_on, max(policy.overdue_every, 1))


def _stage_on(due_on: date, today: date, policy: Policy, cal: WorkCalendar,
              level: Level) -> Stage | None:
    stages = list(_pre_due_stages(due_on, policy, cal, level))
    if today > due_on:
        grid = overdue_grid_day(today, first_overdue_day(due_on, policy, cal), policy, cal, level)
        if grid is not None:
            stages.append(Stage("overdue", grid, cal.working_days_between(due_on, today),
                                pushes=level < Level.DUE_DAY_ONLY))
    current = [s for s in stages if s.on <= today]
    return max(current, key=lambda s: s.rank) if current else None


def fresh_items(items: Iterable[Item], last_on: date | None, today: date, policy: Policy,
                cal: WorkCalendar, level: Level) -> list[tuple[Item, Stage]]:
    """What one recipient should hear about today: every item whose stage began after the
    last reminder they got, but only if at least one of those stages sends by itself.
    Empty means no message today."""
    fresh = []
    for item in items:
        stage = stage_on(item.due_on, today, policy, cal, level)
        if stage is not None and (last_on is None or stage.on > last_on):
            fresh.append((item, stage))
    if not any(stage.pushes for _, stage in fresh):
        return []
    fresh.sort(key=lambda pair: (-pair[1].rank[1], pair[0].due_on, pair[0].task_id))
    return fresh


def escalation_day(due_on: date, working_days: int, cal: WorkCalendar) -> date:
    """The day a task still open becomes `working_days` overdue."""
    return cal.add_working_days(due_on, working_days)


def escalated(items: Iterable[Item], today: date, working_days: int, cal: WorkCalendar,
              after: date | None = None) -> list[Item]:
    """Items at least `working_days` overdue today; with `after`, only those that crossed
    the line after that day (what is new since the last message)."""
    out = []
    for item in items:
        day = escalation_day(item.due_on, working_days, cal)
        if day <= today and (after is None or day > after):
            out.append(item)
    return out


def monthly_digest_due(today: date, cal: WorkCalendar) -> bool:
    """Digests go out on the first working day of the month (or, after a stopped clock,
    on the first sweep after it)."""
    return cal.is_working_day(today) and today >= cal.first_working_day_of_month(
        today.year, today.month)


def weekly_slot(today: date, cal: WorkCalendar) -> date | None:
    """This week's escalation slot if it has come: the week's first working day."""
    first = cal.first_working_day_of_week(today)
    return first if first is not None and first <= today else None


@dataclass(frozen=True)
class ReportRound:
    fiscal_year: int  # B.E.
    months: int  # 6 or 12
    notice_on: date  # the working day the notice goes out
    report_month: date  # first day of the month the round is reported in
    period_start: date
    period_end: date

    @property
    def key(self) -> str:
        return f"r{self.months}-{self.fiscal_year}"


def report_rounds(fiscal_year: int, cal: WorkCalendar) -> list[ReportRound]:
    """The 6-month round (October–March) is reported in April, the 12-month round at the
    end of the fiscal year (October). Notices go out about two weeks before."""
    key = ("rounds", fiscal_year)
    if key not in cal.memo:
        cal.memo[key] = _report_rounds(fiscal_year, cal)
    return list(cal.memo[key])


def _report_rounds(fiscal_year: int, cal: WorkCalendar) -> list[ReportRound]:
    end_ce = fiscal_year - BE_OFFSET
    start = date(end_ce - 1, 10, 1)
    return [
        ReportRound(fiscal_year, 6, cal.on_or_after(date(end_ce, 3, 15)), date(end_ce, 4, 1),
                    start, date(end_ce, 3, 31)),
        ReportRound(fiscal_year, 12, cal.on_or_after(date(end_ce, 9, 15)), date(end_ce, 10, 1),
                    start, date(end_ce, 9, 30)),
    ]


def rounds_to_announce(today: date, cal: WorkCalendar) -> list[ReportRound]:
    """Rounds whose notice day has come and whose reporting month has not ended."""
    fiscal_year = fiscal_year_of(today)
    out = []
    for fy in (fiscal_year - 1, fiscal_year):
        for rnd in report_rounds(fy, cal):
            month_end = (rnd.report_month.replace(day=28) + timedelta(days=4)).replace(day=1)
            if rnd.notice_on <= today < month_end:
                out.append(rnd)
    return out


def working_days(start: date, end: date, cal: WorkCalendar) -> list[date]:
    """Working days from start to end, both included."""
    out, day = [], start
    while day <= end:
        if cal.is_working_day(day):
            out.append(day)
        day += timedelta(days=1)
    return out


@lru_cache(maxsize=4096)
def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@dataclass
class Recipient:
    """For forecasting: what a message to this recipient costs and what it is about."""

    cost: int
    items: Sequence[Item]
    last_on: date | None
    today: bool | None = None  # has a message today (fresh_items), when already known


def grid_days(start: date, end: date, policy: Policy, cal: WorkCalendar,
              level: Level) -> list[date]:
    """The days from start to end on which overdue work is brought up."""
    key = ("grid", start, end, policy, level)
    if key not in cal.memo:
        days = working_days(start, end, cal)
        if level >= Level.WEEKLY:
            cal.memo[key] = [d for d in days if batch_day(d, cal, level)]
        else:
            every = max(policy.overdue_every, 1)
            cal.memo[key] = [d for d in days if cal.index(d) % every == 0]
    return cal.memo[key]


def push_days(items: Iterable[Item], start: date, end: date, policy: Policy,
              cal: WorkCalendar, level: Level) -> set[date]:
    """Days in [start, end] on which these items would cause a message, if none of them
    were finished: every pushing stage's first day, and the overdue grid days once the
    earliest of them may be brought up. (Equal to asking `fresh_items` day by day.)"""
    days: set[date] = set()
    first_overdue: date | None = None
    for due_on in {item.due_on for item in items}:
        for stage in _pre_due_stages(due_on, policy, cal, level):
            if stage.pushes and start <= stage.on <= end:
                days.add(stage.on)
        if level < Level.DUE_DAY_ONLY:
            first = first_overdue_day(due_on, policy, cal)
            first_overdue = first if first_overdue is None else min(first_overdue, first)
    if first_overdue is not None and first_overdue <= end:
        days.update(d for d in grid_days(start, end, policy, cal, level) if d >= first_overdue)
    return days


def forecast_reminders(recipients: Iterable[Recipient], today: date, end: date,
                       policy: Policy, cal: WorkCalendar, level: Level) -> int:
    """Billed messages the reminders would cost from today to `end` if nobody finished
    anything: the pessimistic forecast the budget is kept against. Today counts when
    there is something to say today (which may be catching up after a stopped clock)."""
    total = 0
    tomorrow = today + timedelta(days=1)
    for r in recipients:
        # Many recipients share a set of due dates (month ends): count their days once.
        key = ("push_count", frozenset(i.due_on for i in r.items), tomorrow, end, policy, level)
        if key not in cal.memo:
            cal.memo[key] = len(push_days(r.items, tomorrow, end, policy, cal, level))
        sends = cal.memo[key]
        if r.today if r.today is not None else fresh_items(r.items, r.last_on, today, policy,
                                                           cal, level):
            sends += 1
        total += sends * r.cost
    return total
