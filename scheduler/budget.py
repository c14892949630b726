"""The month's message budget.

LINE bills a push once per recipient: a push to a group of 8 costs 8, a reply costs
nothing. Each organization has a monthly budget (Config.monthly_message_budget, or the
policy's own), lowered to LINE's quota when LINE reports one. Before the clock sends
reminders it forecasts the month: what was spent (ours, or LINE's own count if higher)
plus what the rest of the month would cost if nobody finished anything. When that
exceeds the budget, reminders are cut back one level at a time (scheduler.due.Level) and
the coordinator is told once. Levels only rise within a month; a new month starts at 0.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.orm import Session

from models import BudgetMonth, ChatGroup, OutboxMessage
from scheduler.due import Level
from scheduler.recipients import GroupRef
from scheduler.sends import IN_CHUNK, batched, insert_rows, orgs_in

log = logging.getLogger(__name__)

MEMBER_COUNT_MAX_AGE = timedelta(days=7)
QUOTA_MAX_AGE = timedelta(hours=6)
UNKNOWN_GROUP_SIZE = 10  # what we assume a group costs until LINE tells us
SPENDING = ("pending", "sending", "sent")
CLOCK_PURPOSES = ("reminder", "digest", "escalation", "notice", "budget", "alert")


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, 1, tzinfo=tz).astimezone(UTC)


def spent_by_org(session: Session, org_ids: Sequence[int], since: datetime
                 ) -> dict[int, tuple[int, int]]:
    """(the clock's, everyone's) billed messages of our pushes since `since`, including
    those still waiting to go."""
    clock = case((OutboxMessage.purpose.in_(CLOCK_PURPOSES), OutboxMessage.billed), else_=0)
    out: dict[int, tuple[int, int]] = {}
    for chunk in batched(org_ids, IN_CHUNK):
        rows = session.execute(
            select(OutboxMessage.org_id, func.coalesce(func.sum(clock), 0),
                   func.coalesce(func.sum(OutboxMessage.billed), 0))
            .where(orgs_in(OutboxMessage.org_id, chunk), OutboxMessage.created_at >= since,
                   OutboxMessage.kind == "push", OutboxMessage.status.in_(SPENDING))
            .group_by(OutboxMessage.org_id)
        )
        wanted = set(chunk)
        out.update({org_id: (int(ours), int(total)) for org_id, ours, total in rows
                    if org_id in wanted})
    return out


@dataclass
class MonthState:
    """A budget_months row as plain data (thousands are read and written per sweep)."""

    org_id: int
    month: str
    budget: int = 0
    level: int = 0
    spent: int = 0
    forecast: int = 0
    computed_on: date | None = None
    quota_limit: int | None = None
    quota_used: int | None = None
    quota_checked_at: datetime | None = None
    notified_at: datetime | None = None
    id: int | None = None


_MONTH_FIELDS = [f for f in MonthState.__dataclass_fields__ if f != "id"]


def load_months(session: Session, org_ids: Sequence[int], month: str) -> dict[int, MonthState]:
    out: dict[int, MonthState] = {}
    columns = [getattr(BudgetMonth, f) for f in (*_MONTH_FIELDS, "id")]
    for chunk in batched(org_ids, IN_CHUNK):
        wanted = set(chunk)
        for row in session.execute(select(*columns).where(
                orgs_in(BudgetMonth.org_id, chunk), BudgetMonth.month == month)).all():
            if row.org_id in wanted:
                out[row.org_id] = MonthState(**row._mapping)
    return out


def save_months(session: Session, states: Sequence[MonthState]) -> None:
    """Insert the new month rows and update the others, each in one executemany."""
    new = [{f: getattr(s, f) for f in _MONTH_FIELDS} for s in states if s.id is None]
    insert_rows(session, BudgetMonth.__table__, new)
    old = [{"b_id": s.id, **{f: getattr(s, f) for f in _MONTH_FIELDS}}
           for s in states if s.id is not None]
    if old:
        session.connection().execute(
            update(BudgetMonth.__table__).where(BudgetMonth.__table__.c.id == bindparam("b_id"))
            .values({f: bindparam(f) for f in _MONTH_FIELDS}), old)


def group_cost(group: GroupRef) -> int:
    return group.member_count if group.member_count is not None else UNKNOWN_GROUP_SIZE


def refresh_member_count(session: Session, group: GroupRef, gateway, now: datetime) -> None:
    """Ask LINE how many people a push to this group reaches, at most once a week."""
    if gateway is None:
        return
    if group.checked_at is not None and now - group.checked_at < MEMBER_COUNT_MAX_AGE:
        return
    try:
        count = int(gateway.member_count(group.line_group_id, group.kind))
    except Exception as err:
        log.warning("member count of group %s: %s", group.id, err)
        return
    group.member_count, group.checked_at = count, now
    row = session.get(ChatGroup, group.id)
    if row is not None:
        row.member_count, row.member_count_checked_at = count, now


def refresh_quota(row: MonthState, gateway, now: datetime) -> None:
    """LINE's own figures for the month, at most every few hours, when LINE gives them."""
    if gateway is None or not hasattr(gateway, "quota"):
        return
    if row.quota_checked_at is not None and now - row.quota_checked_at < QUOTA_MAX_AGE:
        return
    try:
        limit, used = gateway.quota()
    except Exception as err:
        log.info("quota of org %s unavailable: %s", row.org_id, err)
        row.quota_checked_at = now
        return
    row.quota_limit, row.quota_used, row.quota_checked_at = limit, used, now


@dataclass(frozen=True)
class Decision:
    level: Level
    allowance: int  # what the clock may spend this month
    budget: int  # the whole month's budget
    spent: int  # what the clock has spent (or committed) this month
    forecast: int  # spent + the rest of the month at `level`


def allowance(budget: int, share_percent: int) -> int:
    return budget * share_percent // 100


def decide(budget: int, share_percent: int, spent: int, all_spent: int, current: Level,
           rest_of_month: Callable[[Level], int]) -> Decision:
    """The lowest level, not below the month's current one, at which the clock's forecast
    fits its share of the budget, and everything sent this month (LINE's count, which
    includes pushes made outside the clock) plus the forecast fits the whole budget."""
    mine = allowance(budget, share_percent)
    level = current
    while True:
        rest = rest_of_month(level)
        fits = spent + rest <= mine and all_spent + rest <= budget
        if fits or level == Level.DUE_DAY_ONLY:
            return Decision(level, mine, budget, spent, spent + rest)
        level = Level(level + 1)


def effective_budget(policy_budget: int, row: MonthState | None) -> int:
    """The policy's budget, or LINE's quota when that is lower."""
    if row is not None and row.quota_limit is not None:
        return min(policy_budget, row.quota_limit)
    return policy_budget


def everything_spent(ours_all: int, row: MonthState | None) -> int:
    """LINE's count includes pushes made outside this bot's outbox."""
    if row is not None and row.quota_used is not None:
        return max(ours_all, row.quota_used)
    return ours_all
