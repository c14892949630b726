"""Digests, escalations and report-round notices: messages to people (1:1), not groups.

- Monthly digest, first working day of the month from the start of working hours: each
  head gets their unit(s); each executive the organization by unit and by indicator, with
  one chart. Keys `digest:{org}:{head|exec}:{person}:{YYYY-MM}`.
- Escalation: a task overdue by `escalate_after` working days reaches its head, by twice
  that the executives. It is in every monthly digest while it lasts, and between digests
  a short note on the first working day of the week names what crossed the line since
  the person last heard (from budget level 3 on, the notes wait for the digest).
- Before each report round (6 months: reported in April; 12 months: in October) the
  coordinator and the heads get a notice of what is still open.
"""

from __future__ import annotations

import logging
import time as clock
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.cards.digest import (
    Change,
    Counts,
    TaskLine,
    UnitDigest,
    escalation_note,
    executive_digest,
    head_digest,
    month_name,
)
from handlers.cards.notices import round_notice
from models import BudgetMonth, Measure, MeasureRef, Organization, StatusChange, Task
from models.db import transaction
from models.report_links import draft_report_urls
from scheduler import charts
from scheduler.budget import month_key
from scheduler.calendar import WorkCalendar
from scheduler.due import (
    Level,
    escalation_day,
    monthly_digest_due,
    rounds_to_announce,
    weekly_slot,
)
from scheduler.policy import Policy, load_calendars, load_policies
from scheduler.problem_notes import open_problem_lines
from scheduler.recipients import OrgPeople, PersonRef, load_people
from scheduler.reminders import earliest_start
from scheduler.sends import (
    IN_CHUNK,
    Send,
    batched,
    existing_keys,
    last_sent,
    set_marks,
    unmarked_orgs,
    write_sends,
)

log = logging.getLogger(__name__)

CHUNK = 50  # organizations per transaction (each may draw a chart)


@dataclass(frozen=True)
class TaskRow:
    id: int
    unit_id: int
    measure_id: int
    title: str
    status: str
    due_on: date | None
    refs: tuple[str, ...]
    indicator: str
    item_title: str = ""  # the measure's title, which a recurring item's periods share


def load_tasks(session: Session, org_ids: list[int]) -> dict[int, list[TaskRow]]:
    measures: dict[int, tuple[str | None, int | None]] = {}
    titles: dict[int, str] = {}
    refs: dict[int, list[str]] = defaultdict(list)
    for chunk in batched(org_ids, IN_CHUNK):
        for mid, tool, indicator, title in session.execute(
            select(Measure.id, Measure.tool, Measure.indicator, Measure.title)
            .where(Measure.org_id.in_(chunk))
        ):
            measures[mid] = (tool, indicator)
            titles[mid] = title
        for mid, ref in session.execute(
            select(MeasureRef.measure_id, MeasureRef.ref).join(Measure)
            .where(Measure.org_id.in_(chunk)).order_by(MeasureRef.measure_id, MeasureRef.position)
        ):
            refs[mid].append(ref)
    out: dict[int, list[TaskRow]] = defaultdict(list)
    for chunk in batched(org_ids, IN_CHUNK):
        for tid, org_id, unit_id, mid, title, status, due_on in session.execute(
            select(Task.id, Task.org_id, Task.unit_id, Task.measure_id, Task.title, Task.status,
                   Task.due_on).where(Task.org_id.in_(chunk)).order_by(Task.due_on, Task.id)
        ):
            out[org_id].append(TaskRow(tid, unit_id, mid, title, status, due_on,
                                       tuple(refs[mid]), _indicator(*measures.get(mid, (None,
                                                                                          None))),
                                       titles.get(mid, "")))
    return out


def _indicator(tool: str | None, indicator: int | None) -> str:
    if indicator is None:
        return "ไม่ระบุตัวชี้วัด"
    return f"ตัวชี้วัดที่ {indicator}" + (f" ({tool})" if tool else "")


def counts_of(tasks: list[TaskRow], today: date) -> Counts:
    done = sum(t.status == "done" for t in tasks)
    progress = sum(t.status == "in_progress" for t in tasks)
    overdue = sum(t.status != "done" and t.due_on is not None and t.due_on < today
                  for t in tasks)
    return Counts(done, progress, len(tasks) - done - progress, overdue)


def _line(task: TaskRow, unit_names: dict[int, str], today: date, cal: WorkCalendar) -> TaskLine:
    late = cal.working_days_between(task.due_on, today) if task.due_on else 0
    return TaskLine(task.title, task.refs, unit_names.get(task.unit_id, ""), task.due_on,
                    task.status, late, task.measure_id, task.item_title)


def _is_escalated(task: TaskRow, today: date, days: int, cal: WorkCalendar) -> bool:
    return (task.status != "done" and task.due_on is not None
            and escalation_day(task.due_on, days, cal) <= today)


def _changes(session: Session, task_ids: list[int], since: datetime,
             until: datetime | None = None) -> dict[int, tuple[str, date]]:
    """task id → its latest status and the day it changed, for changes in [since, until):
    a digest counts the past month only, so a change is in exactly one digest."""
    out: dict[int, tuple[str, date]] = {}
    for chunk in batched(task_ids, IN_CHUNK):
        for task_id, to_status, done_on, created in session.execute(
            select(StatusChange.task_id, StatusChange.to_status, StatusChange.done_on,
                   StatusChange.created_at)
            .where(StatusChange.task_id.in_(chunk), StatusChange.created_at >= since,
                   StatusChange.created_at < (until or datetime.max.replace(tzinfo=since.tzinfo)))
            .order_by(StatusChange.id)
        ):
            out[task_id] = (to_status, done_on or created.date())
    return out


def _org_pass(factory, now, config, sweep: str, mark: str, chunk: int,
              work: Callable[..., Counter], max_seconds: float | None = None) -> dict[str, int]:
    """Run `work` over organizations not yet marked for this sweep and period."""
    local = now.astimezone(config.tz)
    counts: Counter = Counter()
    with factory() as session:
        if local.time() < earliest_start(session):
            return dict(counts)
        org_ids = unmarked_orgs(session, sweep, mark)
    started = clock.monotonic()
    for ids in batched(org_ids, chunk):
        if max_seconds is not None and clock.monotonic() - started > max_seconds:
            counts["deferred_orgs"] += len(org_ids) - counts["orgs_seen"]
            break
        with transaction(factory) as session:
            policies, cals = load_policies(session, ids), load_calendars(session, ids)
            ready = [o for o in ids if cals[o].is_working_day(local.date())
                     and policies[o].within_hours(local.time())]
            if ready:
                counts.update(work(session, ready, policies, cals, now, local.date()))
            counts["orgs_seen"] += len(ids)
    return dict(counts)


# -- monthly digests ----------------------------------------------------------------------

def sweep_digests(factory: sessionmaker[Session], now: datetime, config,
                  max_seconds: float | None = 30.0) -> dict[str, int]:
    """Monthly digests for heads and executives (one chart per organization). Limited to
    `max_seconds` per run; the next run goes on where it stopped."""
    today = now.astimezone(config.tz).date()

    def work(session, org_ids, policies, cals, now, today):
        due = [o for o in org_ids if monthly_digest_due(today, cals[o])]
        counts = _digests(session, due, policies, cals, now, today, config) if due else Counter()
        set_marks(session, due, "digests", month_key(today), now)
        return counts

    return _org_pass(factory, now, config, "digests", month_key(today), CHUNK, work, max_seconds)


def _digests(session: Session, org_ids: list[int], policies: dict[int, Policy],
             cals: dict[int, WorkCalendar], now: datetime, today: date, config) -> Counter:
    counts: Counter = Counter()
    tasks = load_tasks(session, org_ids)
    people = load_people(session, org_ids)
    first = today.replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    since = datetime(previous.year, previous.month, 1, tzinfo=config.tz)
    until = datetime(first.year, first.month, 1, tzinfo=config.tz)
    task_ids = [t.id for ts in tasks.values() for t in ts]
    changes = _changes(session, task_ids, since, until)
    problems = open_problem_lines(session, task_ids, config.tz)
    covered = (previous, first - timedelta(days=1))
    month = month_key(today)
    sends: list[Send] = []
    for org_id in org_ids:
        org_tasks, ppl, cal, policy = tasks.get(org_id, []), people[org_id], cals[org_id], \
            policies[org_id]
        if not org_tasks:
            continue
        by_unit: dict[int, list[TaskRow]] = defaultdict(list)
        for task in org_tasks:
            by_unit[task.unit_id].append(task)
        names = ppl.unit_names
        for head, unit_ids in ppl.head_units().items():
            units = [_unit_digest(by_unit.get(u, []), names.get(u, ""), names, changes, today,
                                  first, policy, cal, problems) for u in unit_ids]
            digest = head_digest(first, units, policy.escalate_after, covered, today)
            sends.append(Send(org_id, f"digest:{org_id}:head:{head.line_user_id}:{month}",
                              head.line_user_id, "digest", "digest", head.line_user_id, today, 1,
                              messages=[digest],
                              task_ids=[[]]))
        if ppl.executives:
            sends += _executive_digests(session, org_id, ppl, org_tasks, by_unit, today, first,
                                        policy, cal, now, config, covered, problems)
    have = existing_keys(session, [s.key for s in sends])
    sends = [s for s in sends if s.key not in have]
    write_sends(session, sends, now)
    counts["digests"] += len(sends)
    return counts


def _unit_digest(tasks: list[TaskRow], name: str, names: dict[int, str],
                 changes: dict[int, tuple[str, date]], today: date, first: date,
                 policy: Policy, cal: WorkCalendar,
                 problems: dict[int, list[str]] | None = None) -> UnitDigest:
    next_month = (first + timedelta(days=32)).replace(day=1)
    moved = [Change(_line(t, names, today, cal), *changes[t.id]) for t in tasks
             if t.id in changes and changes[t.id][0] in ("done", "in_progress")]
    due = [_line(t, names, today, cal) for t in tasks if t.status != "done" and t.due_on
           and first <= t.due_on < next_month]
    late = [_line(t, names, today, cal) for t in tasks
            if _is_escalated(t, today, policy.escalate_after, cal)]
    open_problems = [line for t in tasks for line in (problems or {}).get(t.id, [])]
    return UnitDigest(name, counts_of(tasks, today), moved, due, late, open_problems)


def _executive_digests(session, org_id, ppl: OrgPeople, org_tasks, by_unit, today, first,
                       policy, cal, now, config, covered=None, problems=None) -> list[Send]:
    names = ppl.unit_names
    by_unit_counts = [(names.get(u, ""), counts_of(ts, today)) for u, ts in
                      sorted(by_unit.items(), key=lambda kv: names.get(kv[0], ""))]
    by_indicator: dict[str, list[TaskRow]] = defaultdict(list)
    for task in org_tasks:
        by_indicator[task.indicator].append(task)
    indicator_counts = [(label, counts_of(ts, today)) for label, ts in
                        sorted(by_indicator.items(), key=lambda kv: _indicator_order(kv[0]))]
    late = [_line(t, names, today, cal) for t in org_tasks
            if _is_escalated(t, today, 2 * policy.escalate_after, cal)]
    url = None
    org_name = _org_name(session, org_id)
    try:
        png = charts.render_units_chart(
            " · ".join(p for p in ("ความคืบหน้ามาตรการ ITA", org_name, month_name(first)) if p),
            by_unit_counts)
        url = charts.chart_url(config.public_base_url,
                               charts.store_chart(session, org_id, png, now,
                                                  f"digest {month_key(today)}"))
    except charts.ThaiFontMissing as err:
        log.error("digest chart skipped: %s", err)
    unit_of = {t.id: names.get(t.unit_id, "") for t in org_tasks}
    open_problems = [f"{line} — {unit_of[t]}" for t, lines in (problems or {}).items()
                     if t in unit_of for line in lines]
    messages = executive_digest(first, org_name, by_unit_counts, indicator_counts, late,
                                policy.escalate_after, url, covered, today, open_problems)
    return [Send(org_id, f"digest:{org_id}:exec:{p.line_user_id}:{month_key(today)}",
                 p.line_user_id, "digest", "digest", p.line_user_id, today, 1,
                 messages=messages, task_ids=[[] for _ in messages]) for p in ppl.executives]


def _indicator_order(label: str) -> tuple[int, str]:
    digits = "".join(ch for ch in label.split("(")[0] if ch.isdigit())
    return (int(digits) if digits else 999, label)


def _org_name(session: Session, org_id: int) -> str:
    org = session.get(Organization, org_id)
    return org.name if org is not None else ""


# -- weekly escalation notes --------------------------------------------------------------

def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def sweep_escalations(factory: sessionmaker[Session], now: datetime, config) -> dict[str, int]:
    today = now.astimezone(config.tz).date()

    def work(session, org_ids, policies, cals, now, today):
        ready = [o for o in org_ids if weekly_slot(today, cals[o]) is not None]
        counts = _escalations(session, ready, policies, cals, now, today) if ready else Counter()
        set_marks(session, ready, "escalations", iso_week(today), now)
        return counts

    return _org_pass(factory, now, config, "escalations", iso_week(today), 400, work)


def _escalations(session: Session, org_ids: list[int], policies, cals, now: datetime,
                 today: date) -> Counter:
    counts: Counter = Counter()
    month = month_key(today)
    merged = set(session.scalars(select(BudgetMonth.org_id).where(
        BudgetMonth.org_id.in_(org_ids), BudgetMonth.month == month,
        BudgetMonth.level >= int(Level.FORTNIGHTLY))))
    org_ids = [o for o in org_ids if o not in merged]
    counts["escalations_merged"] += len(merged)
    if not org_ids:
        return counts
    overdue: dict[int, list[TaskRow]] = defaultdict(list)
    for org_id, rows in load_tasks_overdue(session, org_ids, today).items():
        overdue[org_id] = rows
    orgs = [o for o in org_ids if overdue.get(o)]
    if not orgs:
        return counts
    people = load_people(session, orgs)
    last = last_sent(session, orgs, ["digest", "escalation"], today - timedelta(days=62))
    sends: list[Send] = []
    week = iso_week(today)
    for org_id in orgs:
        cal, policy, ppl = cals[org_id], policies[org_id], people[org_id]
        tasks = overdue[org_id]

        def crossed(person: PersonRef, days: int, pool: list[TaskRow], org_id=org_id,
                    cal=cal) -> list[TaskRow]:
            after = last.get((org_id, person.line_user_id))
            out = []
            for task in pool:
                day = escalation_day(task.due_on, days, cal)
                if day <= today and (after is None or day > after):
                    out.append(task)
            return out

        for head, unit_ids in ppl.head_units().items():
            new = crossed(head, policy.escalate_after, [t for t in tasks if t.unit_id in unit_ids])
            if new:
                sends.append(_escalation_send(org_id, "head", head, new, ppl, today, cal,
                                              policy.escalate_after, week))
        for executive in ppl.executives:
            new = crossed(executive, 2 * policy.escalate_after, tasks)
            if new:
                sends.append(_escalation_send(org_id, "executive", executive, new, ppl, today,
                                              cal, 2 * policy.escalate_after, week))
    have = existing_keys(session, [s.key for s in sends])
    sends = [s for s in sends if s.key not in have]
    write_sends(session, sends, now)
    counts["escalations"] += len(sends)
    return counts


def _escalation_send(org_id, role, person, tasks, ppl, today, cal, days, week) -> Send:
    lines = [_line(t, ppl.unit_names, today, cal) for t in tasks]
    return Send(org_id, f"escalation:{org_id}:{role}:{person.line_user_id}:{week}",
                person.line_user_id, "escalation", "escalation", person.line_user_id, today, 1,
                messages=[escalation_note(role, lines, days)], task_ids=[[]])


def load_tasks_overdue(session: Session, org_ids: list[int], today: date
                       ) -> dict[int, list[TaskRow]]:
    """Open tasks past their due date (index ix_tasks_due), with their item codes."""
    rows_by_org: dict[int, list[tuple]] = defaultdict(list)
    measure_ids: set[int] = set()
    for chunk in batched(org_ids, IN_CHUNK):
        for row in session.execute(
            select(Task.org_id, Task.id, Task.unit_id, Task.measure_id, Task.title, Task.status,
                   Task.due_on)
            .where(Task.org_id.in_(chunk), Task.status.in_(("not_started", "in_progress")),
                   Task.due_on < today).order_by(Task.due_on, Task.id)
        ):
            rows_by_org[row[0]].append(row[1:])
            measure_ids.add(row[3])
    refs: dict[int, list[str]] = defaultdict(list)
    titles: dict[int, str] = {}
    for chunk in batched(sorted(measure_ids), IN_CHUNK):
        for mid, ref in session.execute(
            select(MeasureRef.measure_id, MeasureRef.ref).where(MeasureRef.measure_id.in_(chunk))
            .order_by(MeasureRef.measure_id, MeasureRef.position)
        ):
            refs[mid].append(ref)
        for mid, title in session.execute(select(Measure.id, Measure.title)
                                          .where(Measure.id.in_(chunk))):
            titles[mid] = title
    return {org_id: [TaskRow(tid, unit_id, mid, title, status, due_on, tuple(refs[mid]), "",
                             titles.get(mid, ""))
                     for tid, unit_id, mid, title, status, due_on in rows]
            for org_id, rows in rows_by_org.items()}


# -- report-round notices -----------------------------------------------------------------

def sweep_notices(factory: sessionmaker[Session], now: datetime, config) -> dict[str, int]:
    today = now.astimezone(config.tz).date()
    rounds = rounds_to_announce(today, WorkCalendar())
    if not rounds:
        return {}
    mark = rounds[-1].key

    def work(session, org_ids, policies, cals, now, today):
        counts: Counter = Counter()
        done = []
        for org_id in org_ids:
            for rnd in rounds_to_announce(today, cals[org_id]):
                counts.update(_notices(session, org_id, rnd, now, today, cals[org_id],
                                       config.public_base_url))
                done.append(org_id)
        set_marks(session, sorted(set(done)), "notices", mark, now)
        return counts

    return _org_pass(factory, now, config, "notices", mark, 200, work)


def _notices(session: Session, org_id: int, rnd, now: datetime, today: date,
             cal: WorkCalendar, public_base_url: str) -> Counter:
    tasks = [t for t in load_tasks(session, [org_id]).get(org_id, [])
             if t.due_on is None or t.due_on <= rnd.period_end]
    if not tasks:
        return Counter()
    ppl = load_people(session, [org_id])[org_id]
    names = ppl.unit_names
    args = (rnd.months, rnd.fiscal_year, rnd.report_month, rnd.period_start, rnd.period_end)
    sends = []

    def open_lines(pool):
        return [_line(t, names, today, cal) for t in pool if t.status != "done"]

    def draft_links(person, unit_ids):
        lines = []
        for unit_id in unit_ids:
            prefix = f"{names.get(unit_id, '')} " if len(unit_ids) > 1 else ""
            urls = draft_report_urls(session, org_id=org_id, fiscal_year=rnd.fiscal_year,
                                     round_=rnd.months, unit_id=unit_id, person_id=person.id,
                                     now=now, public_base_url=public_base_url)
            lines += [f"{prefix}PDF: {urls['pdf']}", f"{prefix}Word (แก้ไขได้): {urls['docx']}"]
        return lines

    for person in ppl.coordinators:
        message = round_notice(*args, counts_of(tasks, today), open_lines(tasks), "ทั้งองค์กร",
                               draft_links(person, [None]))
        sends.append(Send(org_id, f"notice:{org_id}:{rnd.key}:{person.line_user_id}",
                          person.line_user_id, "notice", "notice", person.line_user_id, today,
                          1, messages=[message], task_ids=[[]]))
    for head, unit_ids in ppl.head_units().items():
        pool = [t for t in tasks if t.unit_id in unit_ids]
        scope = " และ".join(names.get(u, "") for u in unit_ids)
        message = round_notice(*args, counts_of(pool, today), open_lines(pool), scope,
                               draft_links(head, unit_ids))
        sends.append(Send(org_id, f"notice:{org_id}:{rnd.key}:{head.line_user_id}",
                          head.line_user_id, "notice", "notice", head.line_user_id, today, 1,
                          messages=[message], task_ids=[[]]))
    have = existing_keys(session, [s.key for s in sends])
    sends = [s for s in sends if s.key not in have]
    write_sends(session, sends, now)
    return Counter(notices=len(sends))
