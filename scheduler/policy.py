"""An organization's reminder policy: the defaults, reading overrides from the database,
and changing them (the `python -m bot policy` command uses `update_policy`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import OrgHoliday, ReminderPolicy
from scheduler.calendar import WorkCalendar
from scheduler.sends import orgs_in


@dataclass(frozen=True, eq=True)
class Policy:
    days_before: tuple[int, ...] = (7, 1)  # calendar days before the due date
    overdue_every: int = 3  # working days between reminders about overdue work
    escalate_after: int = 7  # working days overdue: the head hears; twice that: executives
    work_start: time = time(8, 30)
    work_end: time = time(16, 30)
    monthly_budget: int | None = None  # None: Config.monthly_message_budget
    # The clock plans its own pushes within this share of the budget; the rest is kept for
    # what happens in chat (a push when a reply token expired, alerts to the coordinator)
    # and for the organization's own announcements through the same LINE account.
    scheduled_share: int = 50  # percent

    def __hash__(self) -> int:  # memo keys hash policies millions of times: compute once
        try:
            return self.__dict__["_hash"]
        except KeyError:
            value = hash((self.days_before, self.overdue_every, self.escalate_after,
                          self.work_start, self.work_end, self.monthly_budget,
                          self.scheduled_share))
            object.__setattr__(self, "_hash", value)
            return value

    def budget(self, default: int) -> int:
        return self.monthly_budget if self.monthly_budget is not None else default

    def within_hours(self, at: time) -> bool:
        return self.work_start <= at < self.work_end


DEFAULT = Policy()


def parse_days(text: str) -> tuple[int, ...]:
    """"7,1" → (7, 1); "" → (). Each a whole number of days from 1 to 60."""
    days = sorted({int(part) for part in text.replace(" ", "").split(",") if part}, reverse=True)
    if any(not 1 <= d <= 60 for d in days):
        raise ValueError("days before must be between 1 and 60")
    return tuple(days)


def parse_hours(text: str) -> tuple[time, time]:
    """"08:30-16:30" → (08:30, 16:30)."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise ValueError(f"hours must look like 08:30-16:30, got {text!r}") from None
    if start >= end:
        raise ValueError("working hours must start before they end")
    return start, end


def from_row(row: ReminderPolicy | None) -> Policy:
    if row is None:
        return DEFAULT
    changes: dict = {}
    if row.days_before is not None:
        changes["days_before"] = parse_days(row.days_before)
    if row.overdue_every:
        changes["overdue_every"] = row.overdue_every
    if row.escalate_after:
        changes["escalate_after"] = row.escalate_after
    if row.work_start:
        changes["work_start"] = time.fromisoformat(row.work_start)
    if row.work_end:
        changes["work_end"] = time.fromisoformat(row.work_end)
    if row.monthly_budget is not None:
        changes["monthly_budget"] = row.monthly_budget
    if row.scheduled_share is not None:
        changes["scheduled_share"] = row.scheduled_share
    return replace(DEFAULT, **changes)


def load_policies(session: Session, org_ids: Iterable[int]) -> dict[int, Policy]:
    """Policy per organization; organizations without a row get the defaults."""
    ids = sorted(org_ids)
    rows = session.scalars(select(ReminderPolicy).where(orgs_in(ReminderPolicy.org_id, ids)))
    found = {row.org_id: from_row(row) for row in rows}
    return {org_id: found.get(org_id, DEFAULT) for org_id in ids}


def load_calendars(session: Session, org_ids: Iterable[int]) -> dict[int, WorkCalendar]:
    ids = sorted(org_ids)
    extra: dict[int, list[date]] = {org_id: [] for org_id in ids}
    for org_id, day in session.execute(
        select(OrgHoliday.org_id, OrgHoliday.day).where(orgs_in(OrgHoliday.org_id, ids))
    ):
        if org_id in extra:
            extra[org_id].append(day)
    shared = shared_calendar()  # most organizations add no days of their own
    return {org_id: WorkCalendar(days) if days else shared for org_id, days in extra.items()}


_shared: WorkCalendar | None = None


def shared_calendar() -> WorkCalendar:
    """The calendar of Thai public holidays alone, kept for the life of the process (its
    memo makes thousands of organizations cost little more than one)."""
    global _shared
    if _shared is None:
        _shared = WorkCalendar()
    return _shared


def forget_shared_calendar() -> None:
    global _shared
    _shared = None


def update_policy(session: Session, org_id: int, *, days_before: str | None = None,
                  overdue_every: int | None = None, escalate_after: int | None = None,
                  hours: str | None = None, budget: int | None = None,
                  share: int | None = None) -> Policy:
    """Change the given settings (None leaves one as it is) and return the policy in force."""
    row = session.scalar(select(ReminderPolicy).where(ReminderPolicy.org_id == org_id))
    if row is None:
        row = ReminderPolicy(org_id=org_id)
        session.add(row)
    if days_before is not None:
        row.days_before = ",".join(str(d) for d in parse_days(days_before))
    if overdue_every is not None:
        if not 1 <= overdue_every <= 60:
            raise ValueError("overdue-every must be between 1 and 60 working days")
        row.overdue_every = overdue_every
    if escalate_after is not None:
        if not 1 <= escalate_after <= 120:
            raise ValueError("escalate-after must be between 1 and 120 working days")
        row.escalate_after = escalate_after
    if hours is not None:
        start, end = parse_hours(hours)
        row.work_start, row.work_end = start.strftime("%H:%M"), end.strftime("%H:%M")
    if budget is not None:
        if budget < 0:
            raise ValueError("budget cannot be negative")
        row.monthly_budget = budget
    if share is not None:
        if not 1 <= share <= 100:
            raise ValueError("share must be a percentage from 1 to 100")
        row.scheduled_share = share
    session.flush()
    return from_row(row)


def add_holiday(session: Session, org_id: int, day: date, name: str) -> bool:
    """Add a day off; False when the organization already has that day."""
    exists = session.scalar(
        select(OrgHoliday.id).where(OrgHoliday.org_id == org_id, OrgHoliday.day == day)
    )
    if exists:
        return False
    session.add(OrgHoliday(org_id=org_id, day=day, name=name))
    session.flush()
    return True
