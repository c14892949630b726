"""`python -m bot simulate --plan FILE --fiscal-year 2566 [--groups N --members M]
[--restart-at YYYY-MM-DD] [--budget N] [--seed S] --json`

Runs a whole fiscal year on a simulated clock against the local LINE stand-in, on a fresh
temporary SQLite database, and prints one JSON object: billed messages per month (as LINE
counts them: a push costs one per member of the target), pushes, replies, duplicates,
deadlines without a reminder, and more.

The world: the plan's units, two officers and a head each, two executives and a
coordinator; the N units with the most tasks have a LINE group of M members, the others
get reminders 1:1. Officers answer through the real button path (the lead's postback
handler, replying through the stand-in): per task, seeded, some on time, some late, some
never. With --restart-at the clock dies that morning right after writing the day's
messages (one of them claimed mid-send) and a new clock (new engine, gateway, caches)
takes over three hours later on the same database: the totals must not change.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import parse_qs

from sqlalchemy import delete, func, select, update

from bot.config import load as load_config
from bot.line_api import LineGateway
from bot.line_standin import StandInServer
from handlers.cards.reminder import postback_actions
from handlers.thai.calendar_words import (
    MONTH_RE,
    fiscal_year_bounds,
    month_number,
    thai_digits_to_arabic,
    year_to_ce,
)
from models import (
    BudgetMonth,
    ChatGroup,
    Organization,
    OutboxMessage,
    Person,
    Role,
    StatusChange,
    Task,
    Unit,
)
from models.db import make_engine, make_sessionmaker, transaction, upgrade
from models.outbox import claim, due_ids
from scheduler import calendar as sched_calendar
from scheduler import charts
from scheduler import policy as sched_policy
from scheduler.clock import run_jobs_at, run_sweeps
from scheduler.world import add_group, add_person, add_task, add_unit, build_world

SLUG = "sim"
SEND_PATHS = ("/v2/bot/message/push", "/v2/bot/message/reply")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", required=True, type=Path, help="measures document")
    parser.add_argument("--fiscal-year", required=True, type=int, help="B.E., e.g. 2566")
    parser.add_argument("--groups", type=int, default=4, help="units with a LINE group")
    parser.add_argument("--members", type=int, default=8, help="members per group")
    parser.add_argument("--restart-at", type=date.fromisoformat, default=None,
                        help="stop the clock that morning and start a new one")
    parser.add_argument("--budget", type=int, default=None,
                        help="monthly message budget (default: MONTHLY_MESSAGE_BUDGET or 300)")
    parser.add_argument("--seed", type=int, default=1, help="officers' behaviour (random seed)")
    parser.add_argument("--until", type=date.fromisoformat, default=None,
                        help="stop before the fiscal year ends (for quick runs)")
    parser.add_argument("--json", action="store_true", help="print the JSON result")


def run(args: argparse.Namespace) -> int:
    result = simulate(args.plan, args.fiscal_year, groups=args.groups, members=args.members,
                      restart_at=args.restart_at, budget=args.budget, seed=args.seed,
                      until=args.until)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


# -- the plan ----------------------------------------------------------------------------

@dataclass
class PlanMeasure:
    title: str
    units: list[str]
    tasks: list[tuple[str, date | None]]  # (title, due date)
    refs: list[str] = field(default_factory=list)
    tool: str | None = None
    indicator: int | None = None


def store_with_importer(path: Path, fiscal_year: int, session) -> bool:
    """Read and store the plan with the importer (documents/importer: read_document →
    build_plan → store_plan). False when the importer is not there to use."""
    try:
        from documents.importer.measures import build_plan
        from documents.importer.store import store_plan
        from documents.importer.tables import read_document
    except ImportError:
        return False
    document = read_document(path, display_name=path.name)
    draft = build_plan(document, fiscal_year=fiscal_year, org_units=[])
    store_plan(session, draft, SLUG, "เทศบาลตำบลจำลอง")
    return True


KNOWN_UNITS = ("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา", "กองสาธารณสุขและสิ่งแวดล้อม",
               "กองสวัสดิการสังคม", "กองยุทธศาสตร์และงบประมาณ", "กองวิชาการและแผนงาน",
               "หน่วยตรวจสอบภายใน")
_EVERY_UNIT = re.compile(r"ทุก\s*(?:ภารกิจ|กอง|ส่วนราชการ|ฝ่าย)")
_REF = re.compile(r"\b([oOeEiI])\s*([0-9๐-๙]{1,2})\b")


def rough_plan(path: Path, fiscal_year: int) -> list[PlanMeasure]:
    """A deliberately small reader of tab-separated measures tables: title, responsible
    units, and the months named in the deadline column (month ends); `ทุกเดือน` gives 12
    month ends, `ไตรมาส` 4 quarter ends, nothing the fiscal year's end. The importer
    (documents/importer) does this properly; this keeps the simulation runnable without it."""
    start, end = fiscal_year_bounds(fiscal_year)
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.count("\t") >= 2]
    found_units = [u for u in KNOWN_UNITS
                   if any(u in cell.replace(" ", "") for row in rows for cell in row[1:2])]
    measures: list[PlanMeasure] = []
    for row in rows:
        if "ผู้รับผิดชอบ" in row[1] and "ขั้นตอน" in "".join(row):
            continue  # a header, repeated after each page break
        title = " ".join(row[0].replace("-", " ").split())
        if not title:
            continue  # a row continued from the page before
        who = row[1].replace(" ", "")
        units = [u for u in KNOWN_UNITS if u in who]
        if _EVERY_UNIT.search(row[1]) or not units:
            units = units or found_units or ["สำนักปลัด"]
            if _EVERY_UNIT.search(row[1]):
                units = found_units or units
        deadline = row[3] if len(row) > 3 else ""
        dues = _dues(deadline, start, end)
        refs = [f"{m.group(1).lower()}{int(thai_digits_to_arabic(m.group(2)))}"
                for m in _REF.finditer(row[0])]
        tasks = [(f"{title[:80]} (รอบ {d.month:02d}/{d.year + 543})", d) for d in dues]
        measures.append(PlanMeasure(title[:200], units, tasks, refs))
    return measures


def _dues(text: str, start: date, end: date) -> list[date]:
    text = thai_digits_to_arabic(text)
    if "ทุกเดือน" in text.replace(" ", "") and "ภายใน" not in text:
        return [_month_end(start.year + (m < 10), m) for m in (*range(10, 13), *range(1, 10))]
    if "ไตรมาส" in text:
        return [date(start.year, 12, 31), date(end.year, 3, 31), date(end.year, 6, 30), end]
    dues = []
    for match in MONTH_RE.finditer(text):
        month = month_number(match.group(0))
        year_text = re.match(r"\s*(\d{2,4})", text[match.end():])
        year = year_to_ce(int(year_text.group(1))) if year_text else (
            start.year if month >= 10 else end.year)
        due = _month_end(year, month)
        if due not in dues:
            dues.append(due)
    return sorted(dues) or [end]


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


# -- the simulated people ----------------------------------------------------------------

@dataclass
class Behaviour:
    kind: str  # on_time, late, never
    delay: int  # late: working days past due before answering
    eager: float  # on time: chance to answer at each reminder before the due day


def behaviour_of(seed: int, task_key: str) -> Behaviour:
    rng = random.Random(f"{seed}:{task_key}")
    roll = rng.random()
    kind = "on_time" if roll < 0.5 else "late" if roll < 0.8 else "never"
    return Behaviour(kind, rng.randint(2, 15), rng.choice((0.3, 0.6, 1.0)))


def _decide(b: Behaviour, late_by: int, today: date, due_on: date, rng: random.Random,
            pressed_progress: bool) -> str | None:
    """Which button an officer presses on seeing a task in today's reminder, if any."""
    if b.kind == "on_time":
        on_time = late_by == 0 and (today >= due_on - timedelta(days=1) or rng.random() < b.eager)
        return "done" if on_time or late_by > 0 else None  # late_by > 0: missed, answers now
    if b.kind == "late" and late_by >= b.delay:
        return "done"
    if not pressed_progress and rng.random() < 0.5:
        return "progress"
    return None


def _buttons(message: dict) -> dict[int, dict[str, str]]:
    """task id → {action: postback data} from a reminder Flex message."""
    out: dict[int, dict[str, str]] = defaultdict(dict)
    for action in postback_actions(message):
        fields = {k: v[0] for k, v in parse_qs(action.get("data", "")).items()}
        if "t" in fields:
            out[int(fields["t"])][fields.get("a", "")] = action["data"]
    return out


# -- the run -----------------------------------------------------------------------------

class _Clock:
    """One clock process: its own engine, session factory and LINE client."""

    def __init__(self, db_url: str, host: str) -> None:
        self.engine = make_engine(db_url)
        self.factory = make_sessionmaker(self.engine)
        self.gateway = LineGateway("sim-access-token", host)

    def gateway_for(self, org_id: int) -> LineGateway:
        return self.gateway

    def close(self) -> None:
        self.gateway.close()
        self.engine.dispose()


def _forget_process_state() -> None:
    """What a new process would not have: cached holidays, calendars, the font path."""
    sched_calendar.thai_public_holidays.cache_clear()
    sched_policy.forget_shared_calendar()
    charts.thai_font.cache_clear()


def simulate(plan: Path, fiscal_year: int, *, groups: int = 4, members: int = 8,
             restart_at: date | None = None, budget: int | None = None, seed: int = 1,
             until: date | None = None) -> dict:
    env = {"PUBLIC_BASE_URL": "https://ita-bot.example"}
    if budget is not None:
        env["MONTHLY_MESSAGE_BUDGET"] = str(budget)
    elif os.environ.get("MONTHLY_MESSAGE_BUDGET"):
        env["MONTHLY_MESSAGE_BUDGET"] = os.environ["MONTHLY_MESSAGE_BUDGET"]
    config = load_config(env)
    tz = config.tz
    start, end = fiscal_year_bounds(fiscal_year)
    end = min(end, until) if until else end
    _forget_process_state()
    with tempfile.TemporaryDirectory(prefix="ita-sim-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'sim.sqlite3'}"
        upgrade(db_url)
        server = StandInServer().start()
        try:
            sim = _Simulation(db_url, server, config, fiscal_year, seed)
            reader = sim.setup(plan, groups, members)
            result = sim.run(start, end, restart_at)
        finally:
            server.stop()
    result.update({"plan": str(plan), "plan_reader": reader, "fiscal_year": fiscal_year,
                   "groups": groups, "members": members, "seed": seed,
                   "budget": config.monthly_message_budget,
                   "restart_at": restart_at.isoformat() if restart_at else None,
                   "timezone": str(tz)})
    return result


class _Simulation:
    def __init__(self, db_url: str, server: StandInServer, config, fiscal_year: int,
                 seed: int) -> None:
        self.db_url, self.server, self.config = db_url, server, config
        self.fiscal_year, self.seed = fiscal_year, seed
        self.clock = _Clock(db_url, server.url)
        self.seen = 0  # stand-in requests already counted
        self.billed: Counter = Counter()
        self.pushes = self.replies = self.failed_sends = 0
        self.push_keys: Counter = Counter()
        self.contents: Counter = Counter()
        self.answers: Counter = Counter()
        self.progress_pressed: set[int] = set()
        self.inbox: list[tuple[str, dict]] = []  # (LINE chat id, message) pushed today
        self.reply_number = 0
        self._share = sched_policy.DEFAULT.scheduled_share

    # world --------------------------------------------------------------------------
    def setup(self, plan: Path, groups: int, members: int) -> str:
        """The plan as the importer stores it (statuses back to "not started": the year is
        simulated from its first day), then people and groups for its units."""
        with transaction(self.clock.factory) as session:
            if store_with_importer(plan, self.fiscal_year, session):
                reader = "importer"
                world = build_world(session, slug=SLUG, units=(), executives=0,
                                    coordinator=False, fiscal_year=self.fiscal_year)
                task_ids = select(Task.id).where(Task.org_id == world.org_id)
                session.execute(delete(StatusChange).where(StatusChange.task_id.in_(task_ids)))
                session.execute(update(Task).where(Task.org_id == world.org_id).values(
                    status="not_started", percent=None, done_on=None))
            else:
                reader = "rough reader (the importer is not available)"
                world = build_world(session, slug=SLUG, name="เทศบาลตำบลจำลอง", units=(),
                                    executives=0, coordinator=False,
                                    fiscal_year=self.fiscal_year)
                for number, m in enumerate(rough_plan(plan, self.fiscal_year), start=1):
                    for unit in m.units:
                        if unit not in world.units:
                            add_unit(session, world, unit, officers=0, head=False)
                        for index, (title, due) in enumerate(m.tasks):
                            add_task(session, world, unit, title, due, refs=m.refs,
                                     key=f"m{number}-{unit}-{index}")
            tasks_per_unit: Counter = Counter()
            for unit in session.scalars(select(Unit).where(Unit.org_id == world.org_id)
                                        .order_by(Unit.id)):
                add_unit(session, world, unit.name, officers=2)
                tasks_per_unit[unit.name] = session.scalar(
                    select(func.count(Task.id)).where(Task.unit_id == unit.id))
            for unit, count in tasks_per_unit.most_common(groups):
                if count:
                    group = add_group(session, world, unit, members)
                    self.server.state.member_counts[group] = members
            world.executives = [add_person(session, world, f"ผู้บริหาร {n}", Role.EXECUTIVE)
                                for n in (1, 2)]
            world.coordinator = add_person(session, world, "ผู้ประสานงาน ITA",
                                           Role.COORDINATOR)
            self.world = world
        return reader

    # harvesting what LINE received -----------------------------------------------------
    def harvest(self, now: datetime) -> None:
        month = now.astimezone(self.config.tz).strftime("%Y-%m")
        records = self.server.state.requests[self.seen:]
        self.seen += len(records)
        for r in records:
            if r.path not in SEND_PATHS:
                continue
            if r.status != 200:
                self.failed_sends += 1
                continue
            if r.path.endswith("/reply"):
                self.replies += 1
                continue
            self.pushes += 1
            to = r.body.get("to", "")
            self.billed[month] += self.server.state.member_counts.get(to, 1)
            self.push_keys[r.headers.get("X-Line-Retry-Key", "")] += 1
            content = re.sub(r"k=[\w-]+", "k=", json.dumps(r.messages, ensure_ascii=False))
            self.contents[(to, content)] += 1
            for message in r.messages:
                self.inbox.append((to, message))

    def new_month(self) -> None:
        """LINE's consumption counter starts again each month."""
        self.server.state.clear()
        self.seen = 0

    # the officers ---------------------------------------------------------------------
    def answer(self, now: datetime) -> None:
        """Officers read today's reminders and press buttons (through the real handler)."""
        today = now.astimezone(self.config.tz).date()
        pending, self.inbox = self.inbox, []
        with transaction(self.clock.factory) as session:
            tasks = {t.id: t for t in session.scalars(
                select(Task).where(Task.org_id == self.world.org_id))}
            cal = sched_policy.load_calendars(session, [self.world.org_id])[self.world.org_id]
        for chat, message in pending:
            for task_id, actions in sorted(_buttons(message).items()):
                task = tasks.get(task_id)
                if task is None or task.status == "done" or task.due_on is None:
                    continue
                b = behaviour_of(self.seed, task.key)
                late_by = cal.working_days_between(task.due_on, today)
                rng = random.Random(f"{self.seed}:{task.key}:{today}")
                press = _decide(b, late_by, today, task.due_on, rng,
                                task_id in self.progress_pressed)
                if press and press in actions and self.press(chat, task, actions[press], now):
                    task.status = "done" if press == "done" else "in_progress"
                    if press == "progress":
                        self.progress_pressed.add(task_id)
                    else:
                        self.answers[b.kind] += 1

    def press(self, chat: str, task: Task, data: str, now: datetime) -> bool:
        """A button press: the lead's postback handler with a Context, replying through
        the stand-in. Falls back to recording the change directly if there is none."""
        officer = self.world.officers[self._unit_name(task.unit_id)][0]
        if chat.startswith("U"):
            officer = chat
        try:
            from handlers.context import Context
            from handlers.incoming import Incoming
            from handlers.postbacks import on_postback
        except ImportError:
            return self._record_directly(task, data, now)
        self.reply_number += 1
        token = f"sim-reply-{self.reply_number}"
        with transaction(self.clock.factory) as session:
            org = session.get(Organization, self.world.org_id)
            sender = session.scalar(select(Person).where(Person.org_id == org.id,
                                                         Person.line_user_id == officer))
            group = session.scalar(select(ChatGroup).where(ChatGroup.org_id == org.id,
                                                           ChatGroup.line_group_id == chat))
            event = Incoming(type="postback", webhook_event_id=f"sim-{self.reply_number}",
                             source_type="group" if group else "user", user_id=officer,
                             chat_id=chat, reply_token=token, timestamp=now,
                             postback_data=data)
            ctx = Context(session=session, org=org, event=event, now=now, tz=self.config.tz,
                          sender=sender, group=group, display_name=lambda *_: "")
            try:
                outcome = on_postback(ctx)
            except Exception:  # a UserMistake (stale button): the handler's polite answer
                return False
        if outcome.messages:
            self.clock.gateway.reply(token, outcome.messages[:5])
        return True

    def _record_directly(self, task: Task, data: str, now: datetime) -> bool:
        action = parse_qs(data).get("a", [""])[0]
        with transaction(self.clock.factory) as session:
            row = session.get(Task, task.id)
            before, after = row.status, "done" if action == "done" else "in_progress"
            row.status = after
            row.done_on = now.astimezone(self.config.tz).date() if after == "done" else None
            session.add(StatusChange(task_id=row.id, from_status=before, to_status=after,
                                     source="postback", created_at=now))
        return True

    def _unit_name(self, unit_id: int) -> str:
        return next(name for name, uid in self.world.units.items() if uid == unit_id)

    # the year -------------------------------------------------------------------------
    def step(self, now: datetime) -> None:
        run_jobs_at(self.clock.factory, self.clock.gateway_for, now, self.config)
        self.harvest(now)

    def run(self, start: date, end: date, restart_at: date | None) -> dict:
        tz = self.config.tz
        day, month = start, None
        while day <= end:
            if (day.year, day.month) != month:
                month = (day.year, day.month)
                self.new_month()

            def at(hour, minute=0, day=day):
                return datetime.combine(day, time(hour, minute), tz).astimezone(UTC)

            if day == restart_at:
                self.crash_and_restart(at(8, 30), at(11, 30))
            else:
                self.step(at(8, 30))
            self.answer(at(10))
            self.step(at(10, 5))
            self.step(at(16, 45))
            day += timedelta(days=1)
        return self.report(start, end)

    def crash_and_restart(self, crash_at: datetime, restart: datetime) -> None:
        """The clock writes the morning's messages, claims one, and dies before sending.
        A new clock (new engine, LINE client, caches) starts later on the same database."""
        run_sweeps(self.clock.factory, self.clock.gateway_for, crash_at, self.config,
                   digest_seconds=None)
        with transaction(self.clock.factory) as session:
            for outbox_id in due_ids(session, crash_at, 1):
                claim(session, outbox_id, crash_at)
        self.clock.close()
        _forget_process_state()
        self.clock = _Clock(self.db_url, self.server.url)
        self.step(restart)

    def report(self, start: date, end: date) -> dict:
        with self.clock.factory() as session:
            tasks = session.scalars(select(Task).where(Task.org_id == self.world.org_id)).all()
            reminded: dict[int, date] = {}
            kinds: Counter = Counter()
            for row in session.scalars(select(OutboxMessage).where(
                    OutboxMessage.org_id == self.world.org_id)):
                kinds[(row.purpose, row.status)] += 1
                if row.purpose != "reminder" or row.status != "sent" or row.sent_at is None:
                    continue
                sent_on = row.sent_at.astimezone(self.config.tz).date()
                for ids in json.loads(row.task_ids or "[]"):
                    for task_id in ids:
                        reminded[task_id] = min(reminded.get(task_id, sent_on), sent_on)
            done_before: dict[int, date] = {}
            for change in session.scalars(select(StatusChange).where(
                    StatusChange.task_id.in_([t.id for t in tasks]),
                    StatusChange.to_status == "done")):
                done_before.setdefault(change.task_id,
                                       change.created_at.astimezone(self.config.tz).date())
            units = session.scalars(select(Unit).where(Unit.org_id == self.world.org_id)).all()
            levels = {row.month: {"level": row.level, "allowance": row.budget
                                  * self._share // 100, "forecast_on_last_day": row.forecast}
                      for row in session.scalars(select(BudgetMonth).where(
                          BudgetMonth.org_id == self.world.org_id).order_by(BudgetMonth.month))}
        cal = sched_calendar.WorkCalendar()
        missed = []
        for t in tasks:
            if t.due_on is None or not start <= t.due_on <= end:
                continue
            first_stage = cal.on_or_before(t.due_on - timedelta(days=7))
            if t.id in done_before and done_before[t.id] < first_stage:
                continue  # finished before any reminder was due
            if reminded.get(t.id) is None or reminded[t.id] > t.due_on:
                missed.append(t.key)
        months = sorted(self.billed)
        duplicates = sum(n - 1 for n in self.contents.values() if n > 1) + sum(
            n - 1 for key, n in self.push_keys.items() if key and n > 1)
        return {
            "billed_messages_per_month": {m: self.billed[m] for m in months},
            "max_billed_in_a_month": max(self.billed.values(), default=0),
            "billed_total": sum(self.billed.values()),
            "pushes": self.pushes,
            "replies": self.replies,
            "duplicates": duplicates,
            "deadlines_without_reminder": len(missed),
            "deadlines_without_reminder_tasks": missed[:20],
            "units": len(units),
            "tasks": len(tasks),
            "tasks_with_deadline_in_period": sum(1 for t in tasks if t.due_on
                                                 and start <= t.due_on <= end),
            "done_at_end": sum(t.status == "done" for t in tasks),
            "answered_done_by_behaviour": dict(self.answers),
            "messages_by_purpose": {f"{p}:{s}": n for (p, s), n in sorted(kinds.items())},
            "budget_by_month": levels,
            "failed_sends": self.failed_sends,
        }
