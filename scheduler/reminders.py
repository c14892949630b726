"""The reminder sweep: once per organization per working day, within working hours, decide
who hears about what (scheduler.due), keep the month's budget (scheduler.budget), and
write one message per group or person to the outbox.

Safe to run again and again: an organization done for the day is marked and skipped, and
every message has an idempotency key `reminder:{org}:{group-or-person}:{date}` (a key
written already is skipped by the database). The sweep writes a draft of each reminder;
its card is drawn when it is sent (scheduler.reminder_cards).
"""

from __future__ import annotations

import gc
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from handlers.cards.notices import budget_notice
from models import (
    ReminderPolicy,
    SweepMark,
    Task,
)
from models.db import transaction
from models.plan import OPEN_SQL
from scheduler import budget as budgets
from scheduler import reminder_cards as cards
from scheduler.calendar import WorkCalendar
from scheduler.due import (
    Item,
    Level,
    Recipient,
    Stage,
    escalation_day,
    forecast_reminders,
    fresh_items,
    month_end,
    report_rounds,
    weekly_slot,
)
from scheduler.policy import DEFAULT, Policy, load_calendars, load_policies
from scheduler.recipients import OrgPeople, ReminderTarget, load_people, reminder_targets
from scheduler.sends import (
    IN_CHUNK,
    Send,
    batched,
    last_sent,
    orgs_in,
    set_marks,
    unmarked_orgs,
    write_sends,
)

log = logging.getLogger(__name__)

SWEEP = "reminders"
LOOKBACK = timedelta(days=60)  # an older reminder no longer decides anything
CHUNK = 1000  # organizations per transaction


def reminder_key(org_id: int, target: str, day: date) -> str:
    return f"reminder:{org_id}:{target}:{day.isoformat()}"


def earliest_start(session: Session) -> time:
    """The earliest working-hours start of any organization (most use the default)."""
    starts = [time.fromisoformat(s) for s in session.scalars(
        select(ReminderPolicy.work_start).where(ReminderPolicy.work_start.is_not(None))
        .distinct())]
    return min([DEFAULT.work_start, *starts])


def sweep_reminders(factory: sessionmaker[Session], now: datetime, config,
                    gateway_for: Callable[[int], object] | None = None,
                    chunk: int = CHUNK, dry_run: bool = False) -> dict[str, int]:
    """Write today's reminders for every organization not yet done today. Returns counts:
    messages written, organizations looked at, budget notices. With `dry_run` it finds
    what is due and decides, then rolls back: nothing is written or marked."""
    with paused_gc():
        return _sweep(factory, now, config, gateway_for, chunk, dry_run)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection during a sweep. A national month end holds a few
    hundred thousand small objects at once (items, stages, people), and Python's full
    collections walk all of them again and again: about a third of the sweep's time.
    What the sweep drops is freed by reference counting anyway; the collector runs
    again as soon as the sweep is over."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _sweep(factory: sessionmaker[Session], now: datetime, config, gateway_for,
           chunk: int, dry_run: bool) -> dict[str, int]:
    local = now.astimezone(config.tz)
    today, at = local.date(), local.time()
    counts: Counter = Counter()
    with factory() as session:
        if at < earliest_start(session):
            return dict(counts)
        org_ids = unmarked_orgs(session, SWEEP, today.isoformat())
    for ids in batched(org_ids, chunk):
        if dry_run:
            with factory() as session:  # closed without commit: rolled back
                counts.update(_sweep_chunk(session, ids, now, today, at, config, None, True))
            continue
        try:
            with transaction(factory) as session:
                counts.update(_sweep_chunk(session, ids, now, today, at, config, gateway_for))
        except IntegrityError:  # another clock wrote the same message first: redo next time
            log.warning("reminder sweep met a message another clock wrote; will retry")
            counts["conflicts"] += 1
    return dict(counts)


def _sweep_chunk(session: Session, org_ids: list[int], now: datetime, today: date, at: time,
                 config, gateway_for, dry_run: bool = False) -> Counter:
    quick_queries(session)
    policies = load_policies(session, org_ids)
    cals = load_calendars(session, org_ids)
    finished, active = [], []
    for org_id in org_ids:
        policy, cal = policies[org_id], cals[org_id]
        if not cal.is_working_day(today) or at >= policy.work_end:
            finished.append(org_id)  # nothing today; stages carry over to the next working day
        elif at >= policy.work_start:
            active.append(org_id)
    counts: Counter = Counter()
    if active:
        counts = _remind(session, active, policies, cals, now, today, config, gateway_for,
                         dry_run)
    set_marks(session, finished + active, SWEEP, today.isoformat(), now)
    return counts


def quick_queries(session: Session) -> None:
    """PostgreSQL compiles "expensive-looking" queries (JIT), which costs more than the
    batch queries of a sweep take to run; turn it off for this transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def load_open_items(session: Session, org_ids: list[int], until: date) -> dict[int, list[Item]]:
    """Open tasks with a due date up to `until`, by organization. The status condition
    is written as the partial index ix_tasks_open_due is, so both databases use it."""
    out: dict[int, list[Item]] = defaultdict(list)
    for chunk in batched(org_ids, IN_CHUNK):
        wanted = set(chunk)
        rows = session.connection().execute(
            select(Task.id, Task.org_id, Task.unit_id, Task.due_on)
            .where(orgs_in(Task.org_id, chunk), text(OPEN_SQL), Task.due_on.is_not(None),
                   Task.due_on <= until)
        ).all()
        for task_id, org_id, unit_id, due_on in rows:
            if org_id in wanted:
                out[org_id].append(Item(task_id, unit_id, due_on))
    return out


class _OrgDay:
    """One organization's reminder decision for today."""

    def __init__(self, org_id: int, policy: Policy, cal: WorkCalendar, people: OrgPeople,
                 items: list[Item], last: dict[str, date]) -> None:
        self.org_id, self.policy, self.cal, self.people = org_id, policy, cal, people
        self.by_unit: dict[int, list[Item]] = defaultdict(list)
        for item in items:
            self.by_unit[item.unit_id].append(item)
        self.items = items
        self.targets = reminder_targets(people, self.by_unit)
        self.last = last
        self._items_of: dict[str, list[Item]] = {}
        self._plans: dict[Level, dict[str, list[tuple[Item, Stage]]]] = {}

    def items_of(self, target: ReminderTarget) -> list[Item]:
        if target.key not in self._items_of:
            self._items_of[target.key] = [item for unit_id in target.unit_ids
                                          for item in self.by_unit[unit_id]]
        return self._items_of[target.key]

    def plans(self, today: date, level: Level) -> dict[str, list[tuple[Item, Stage]]]:
        """Per target, what it hears about today (kept: the forecast asks again)."""
        if level not in self._plans:
            self._plans[level] = {
                t.key: fresh_items(self.items_of(t), self.last.get(t.key), today, self.policy,
                                   self.cal, level) for t in self.targets}
        return self._plans[level]

    def cost(self, target: ReminderTarget) -> int:
        return budgets.group_cost(target.group) if target.group else 1

    def forecast(self, today: date, level: Level, digests_pending: bool,
                 notice_pending: bool) -> int:
        end = month_end(today)
        plans = self.plans(today, level)
        recipients = [Recipient(self.cost(t), self.items_of(t), self.last.get(t.key),
                                today=bool(plans[t.key])) for t in self.targets]
        total = forecast_reminders(recipients, today, end, self.policy, self.cal, level)
        return total + extra_costs(self.people, self.items, today, self.policy, self.cal,
                                   level, digests_pending, notice_pending)


def extra_costs(people: OrgPeople, items: list[Item], today: date, policy: Policy,
                cal: WorkCalendar, level: Level, digests_pending: bool,
                notice_pending: bool = True) -> int:
    """Forecast of the month's other pushes, 1:1 so each costs one: the monthly digests
    if not sent yet, weekly escalation notes (merged into the digest from level 3 on),
    report-round notices, and the budget notice itself."""
    end = month_end(today)
    heads = people.head_units()
    cost = len(heads) + len(people.executives) if digests_pending else 0
    if level < Level.FORTNIGHTLY and (heads or people.executives):
        slots = _slots_after(today, end, cal)
        due_days = {i.due_on for i in items}  # a few month ends: look each up once
        head_on = {d: escalation_day(d, policy.escalate_after, cal) for d in due_days}
        exec_on = {d: escalation_day(d, 2 * policy.escalate_after, cal) for d in due_days}
        head_days = {i.task_id: head_on[i.due_on] for i in items}
        exec_days = {i.task_id: exec_on[i.due_on] for i in items}
        for slot in slots:
            window = (slot - timedelta(days=7), slot)
            for units in heads.values():
                if any(window[0] < head_days[i.task_id] <= window[1]
                       for i in items if i.unit_id in units):
                    cost += 1
            if any(window[0] < day <= window[1] for day in exec_days.values()):
                cost += len(people.executives)
    for fy in {today.year + 543, today.year + 544}:
        for rnd in report_rounds(fy, cal):
            if today <= rnd.notice_on <= end:
                cost += len(people.coordinators) + len(heads)
    if notice_pending and level > Level.FULL:
        cost += len(people.coordinators)
    return cost


def _slots_after(today: date, end: date, cal: WorkCalendar) -> list[date]:
    """The weekly escalation slots after today, to the end of the month."""
    key = ("slots", today, end)
    if key not in cal.memo:
        cal.memo[key] = sorted({s for d in range(1, (end - today).days + 1)
                                if (s := weekly_slot(today + timedelta(days=d), cal))
                                and s > today})
    return cal.memo[key]


def _remind(session: Session, org_ids: list[int], policies: dict[int, Policy],
            cals: dict[int, WorkCalendar], now: datetime, today: date, config,
            gateway_for, dry_run: bool = False) -> Counter:
    counts: Counter = Counter()
    reach = max((max(policies[o].days_before, default=0) for o in org_ids), default=0)
    items_by_org = load_open_items(session, org_ids, month_end(today) + timedelta(days=reach))
    orgs = sorted(items_by_org)
    if not orgs:
        return counts
    people = load_people(session, orgs)
    last: dict[int, dict[str, date]] = defaultdict(dict)
    for (org_id, target), day in last_sent(session, orgs, ["reminder"], today - LOOKBACK).items():
        last[org_id][target] = day
    month = budgets.month_key(today)
    months = budgets.load_months(session, orgs, month)
    last_month = budgets.load_months(session, orgs, budgets.month_key(
        today.replace(day=1) - timedelta(days=1)))
    spent = budgets.spent_by_org(session, orgs, budgets.month_start(today, config.tz))
    digested = set(session.scalars(select(SweepMark.org_id).where(
        orgs_in(SweepMark.org_id, orgs), SweepMark.sweep == "digests", SweepMark.mark == month)))

    planned: list[tuple[_OrgDay, ReminderTarget, list[tuple[Item, Stage]]]] = []
    sends: list[Send] = []
    for org_id in orgs:
        day = _OrgDay(org_id, policies[org_id], cals[org_id], people[org_id],
                      items_by_org[org_id], last[org_id])
        row = months.get(org_id)
        level = Level(row.level) if row else Level.FULL
        plans = day.plans(today, level)
        if not any(plans.values()):
            continue
        gateway = _gateway(gateway_for, org_id)
        for target in day.targets:
            if target.group is not None:
                budgets.refresh_member_count(session, target.group, gateway, now)
        if row is None:
            row = months[org_id] = budgets.MonthState(org_id, month)
        budgets.refresh_quota(row, gateway, now)
        budget = budgets.effective_budget(day.policy.budget(config.monthly_message_budget), row)
        ours, everyone = spent.get(org_id, (0, 0))
        decision = budgets.decide(
            budget, day.policy.scheduled_share, ours, budgets.everything_spent(everyone, row),
            Level(row.level or 0),
            lambda lvl, d=day, o=org_id, r=row: d.forecast(
                today, lvl, o not in digested, r.notified_at is None and lvl > r.level))
        row.budget, row.spent, row.forecast, row.computed_on = (
            decision.budget, decision.spent, decision.forecast, today)
        if decision.level != (row.level or 0):
            log.info("org %s: allowance %s of %s, forecast %s: reminders at level %s", org_id,
                     decision.allowance, decision.budget, decision.forecast, int(decision.level))
            row.level = int(decision.level)
            plans = day.plans(today, decision.level)
        before = last_month[org_id].level if org_id in last_month else 0
        if row.level > before and row.notified_at is None:
            # Told once, when reminders are cut back further than last month.
            row.notified_at = now
            first = today.replace(day=1)
            for person in day.people.coordinators:
                sends.append(Send(org_id, f"budget:{org_id}:{month}:{person.line_user_id}",
                                  person.line_user_id, "budget", "notice",
                                  person.line_user_id, today, 1, messages=[budget_notice(
                                      row.level, first, decision)], task_ids=[[]]))
                counts["budget_notices"] += 1
        for target in day.targets:
            if plans[target.key]:
                planned.append((day, target, plans[target.key]))

    if dry_run:
        counts["reminders"] += len(planned)
        counts["reminder_items"] += sum(len(plan) for _, _, plan in planned)
        counts["orgs"] += len(orgs)
        return counts
    # Drafts, drawn when sent (scheduler.reminder_cards); a key written already (another
    # clock, a rerun) is skipped by the database.
    for day, target, plan in planned:
        show_unit = target.kind == "person" and len(target.unit_ids) > 1
        sends.append(Send(
            day.org_id, reminder_key(day.org_id, target.key, today), target.key, "reminder",
            "reminder", target.key, today, day.cost(target),
            chat_group_id=target.group.id if target.group else None,
            task_ids=[[item.task_id for item, _ in plan]],
            draft=cards.draft(today, target.heading(day.people.unit_names), show_unit, [
                (item.task_id, item.unit_id, item.due_on, stage.kind, stage.days)
                for item, stage in plan])))
    written = write_sends(session, sends, now)
    for day, target, plan in planned:
        if reminder_key(day.org_id, target.key, today) in written:
            counts["reminders"] += 1
            counts["reminder_items"] += len(plan)
    budgets.save_months(session, [m for m in months.values() if m.computed_on == today])
    counts["orgs"] += len(orgs)
    return counts


def _gateway(gateway_for, org_id: int):
    """The organization's LINE client for member counts and quota, or None (an
    organization without a token still gets its messages planned; delivery reports it)."""
    if gateway_for is None:
        return None
    try:
        return gateway_for(org_id)
    except Exception as err:
        log.warning("no LINE client for org %s: %s", org_id, err)
        return None
