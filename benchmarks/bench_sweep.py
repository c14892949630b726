"""How long the reminder sweep takes to find what is due, and to write it.

    python benchmarks/bench_sweep.py [--orgs 8000] [--tasks 50] [--skip-pg]

Both databases get the same organizations. PostgreSQL: BENCH_DATABASE_URL or
TEST_DATABASE_URL (its public schema is dropped and rebuilt, as the test suite does),
else a throwaway cluster started here from /usr/lib/postgresql/*/bin, else PostgreSQL is
skipped with a message. SQLite: a
temporary file. The clock is 31 January 2023 08:30 Asia/Bangkok, a
month end, when most organizations have something due.

Printed per database: the first sweep of the day without writing (finding what is due,
deciding, forecasting the budget), the first sweep for real written the way it was before
(every reminder card drawn in the sweep, with its button tokens, then the bulk insert)
and the way it is now (a short draft per reminder, drawn when the row is sent; INSERT …
unnest … ON CONFLICT DO NOTHING on PostgreSQL), a later sweep the same day (all done
already), a sweep that ignores the day's marks, so every message it writes exists
already (what a second clock meets), and what drawing a card costs delivery per message
(the work moved there); then a side-by-side table.
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select, text

from bot.config import load
from models import ActionToken, Organization, OutboxMessage, Unit
from models.db import make_engine, make_sessionmaker, upgrade
from scheduler.reminder_cards import ButtonTokens, draw_from, draw_row, task_details
from scheduler.reminders import sweep_reminders
from scheduler.sends import existing_keys, insert_rows, write_sends

BKK = ZoneInfo("Asia/Bangkok")
NOW = datetime(2023, 1, 31, 8, 30, tzinfo=BKK)
CONFIG = load({})
UNITS = ("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา", "กองยุทธศาสตร์และงบประมาณ")
MONTH_ENDS = [date(2022, 10, 31), date(2022, 11, 30), date(2022, 12, 30), date(2023, 1, 31),
              date(2023, 2, 28), date(2023, 3, 31), date(2023, 4, 28), date(2023, 5, 31),
              date(2023, 6, 30), date(2023, 7, 31), date(2023, 8, 31), date(2023, 9, 29)]


def task_plan(rng: random.Random, n: int) -> list[tuple[date, str]]:
    """Due dates across fiscal year 2566 (mostly month ends) and statuses as of NOW."""
    out = []
    for i in range(n):
        due = MONTH_ENDS[i % 12]
        if rng.random() < 0.3:
            due = due.replace(day=rng.randint(1, 28))
        if due < NOW.date():
            status = "done" if rng.random() < 0.8 else rng.choice(["not_started", "in_progress"])
        else:
            status = rng.choice(["not_started"] * 8 + ["in_progress", "done"])
        out.append((due, status))
    return out


def timed(label: str, fn) -> float:
    started = time.perf_counter()
    counts = fn()
    seconds = time.perf_counter() - started
    print(f"  {label:<48} {seconds:7.2f} s   {counts}", flush=True)
    return seconds


def eager_write_sends(session, sends, now) -> set[str]:
    """Today's approach before drafts (kept to compare): every reminder card drawn in the
    sweep, its button tokens written there (INSERT … unnest), keys checked first, then
    the bulk write of the drawn messages."""
    have = existing_keys(session, [s.key for s in sends])
    sends = [s for s in sends if s.key not in have]
    drafts = [s for s in sends if s.draft is not None]
    details = task_details(session, [i[0] for s in drafts for i in s.draft["items"]])
    org_ids = [s.org_id for s in drafts]
    unit_names = dict(session.execute(select(Unit.id, Unit.name).where(
        Unit.org_id.between(min(org_ids), max(org_ids)))).all()) if org_ids else {}
    tokens = ButtonTokens(now)
    for s in drafts:
        s.messages, s.task_ids = draw_from(s.draft, details, unit_names,
                                           tokens.buttons(s.org_id))
        s.draft = None
    insert_rows(session, ActionToken.__table__, tokens.rows)
    return write_sends(session, sends, now)


def draw_pending(factory, count: int, now) -> str:
    """Draw `count` stored drafts as delivery does before sending (rolled back)."""
    with factory() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "reminder")
                               .order_by(OutboxMessage.id).limit(count)).all()
        started = time.perf_counter()
        for row in rows:
            draw_row(session, row, now)
        session.flush()
        seconds = time.perf_counter() - started
        session.rollback()
    return f"{len(rows)} cards, {1000 * seconds / max(len(rows), 1):.2f} ms each"


def forget_writes(engine) -> None:
    """Back to the morning before the sweep, to time another way of writing."""
    with engine.begin() as conn:
        for table in ("sent_messages", "scheduled_sends", "outbox_messages", "action_tokens",
                      "sweep_marks", "budget_months"):
            conn.execute(text(f"DELETE FROM {table}"))


def sweeps(engine, factory) -> dict[str, float]:
    at = NOW.astimezone(UTC)
    out = {}
    out["find (cold)"] = timed("find only (dry run, cold)",
                               lambda: sweep_reminders(factory, at, CONFIG, dry_run=True))
    out["find (warm)"] = timed("find only again (a running clock is warm)",
                               lambda: sweep_reminders(factory, at, CONFIG, dry_run=True))
    with mock.patch("scheduler.reminders.write_sends", eager_write_sends):
        out["find+write, before (cards drawn)"] = timed(
            "find and write, before (cards drawn in the sweep)",
            lambda: sweep_reminders(factory, at, CONFIG))
    forget_writes(engine)
    out["find+write, now (drafts)"] = timed("find and write, now (drafts, drawn when sent)",
                                            lambda: sweep_reminders(factory, at, CONFIG))
    out["later sweep"] = timed("a later sweep the same day",
                               lambda: sweep_reminders(factory, at + timedelta(minutes=5), CONFIG))
    every_org = lambda session, *_: list(session.scalars(  # noqa: E731
        select(Organization.id).order_by(Organization.id)))
    with mock.patch("scheduler.reminders.unmarked_orgs", every_org):
        out["rewrite everything (all conflict)"] = timed(
            "the sweep again ignoring marks (every key exists)",
            lambda: sweep_reminders(factory, at, CONFIG))
    print(f"  {'drawing at delivery (per message, moved there)':<48} "
          f"{draw_pending(factory, 2000, at)}", flush=True)
    return out


# -- SQLite, the same scale ------------------------------------------------------------------

def bench_sqlite(orgs: int, tasks: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        upgrade(url)
        engine = make_engine(url)
        started = time.perf_counter()
        written = populate(engine, orgs, tasks)
        print(f"SQLite: {orgs} organizations × {tasks} tasks = {written} tasks "
              f"(loaded in {time.perf_counter() - started:.1f} s)", flush=True)
        result = sweeps(engine, make_sessionmaker(engine))
        engine.dispose()
        return result


# -- PostgreSQL, many organizations ---------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayPostgres:
    """initdb + pg_ctl in a temporary directory (as the postgres user when run as root)."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql")
        self.bin = Path(found[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True)

    def start(self) -> str:
        data = self.dir / "data"
        self._run(str(self.bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB")
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                  str(self.dir / "log"), "-w", "start")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast",
                      "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def copy_postgres(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def populate(engine, orgs: int, tasks: int) -> int:
    """Load `orgs` organizations like the ones the app creates (COPY on PostgreSQL,
    executemany on SQLite); returns tasks written."""
    rng = random.Random(1)
    now = NOW.astimezone(UTC).replace(tzinfo=None)
    raw = engine.raw_connection()
    written = 0
    sqlite = engine.dialect.name == "sqlite"

    def copy_rows(cur, table, columns, rows):
        if sqlite:
            marks = ", ".join("?" for _ in columns)
            cur.execute("BEGIN")
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                            list(rows))
            cur.execute("COMMIT")
        else:
            copy_postgres(cur, table, columns, rows)

    try:
        cur = raw.cursor()
        copy_rows(cur, "organizations", ["id", "slug", "name", "created_at"],
                  ((o, f"org{o}", f"อบต.ทดสอบ {o}", now) for o in range(1, orgs + 1)))
        copy_rows(cur, "fiscal_years", ["id", "org_id", "year_be", "starts_on", "ends_on"],
                  ((o, o, 2566, date(2022, 10, 1), date(2023, 9, 30)) for o in range(1, orgs + 1)))
        units, people, members, groups, measures, task_rows = [], [], [], [], [], []
        pid = mid = tid = 0
        for o in range(1, orgs + 1):
            unit_ids = []
            for u, name in enumerate(UNITS):
                uid = (o - 1) * len(UNITS) + u + 1
                unit_ids.append(uid)
                units.append((uid, o, name, False))
                for role, count in (("officer", 2), ("head", 1)):
                    for k in range(count):
                        pid += 1
                        people.append((pid, o, f"U{o:08d}{uid:08d}{role[0]}{k:015d}", "", True,
                                       now))
                        members.append((pid, pid, uid, role))
                if u < 4:
                    groups.append((uid, o, f"C{o:08d}{uid:023d}", "group", uid, True, True, 8,
                                   now, now))
            for role in ("executive", "executive", "coordinator"):
                pid += 1
                people.append((pid, o, f"U{o:08d}{pid:024d}", "", True, now))
                members.append((pid, pid, None, role))
            first_measure = mid + 1
            for _ in range(10):
                mid += 1
                measures.append((mid, o, o, f"m{mid}", "มาตรการทดสอบ", "OIT", 9, "", now))
            for n, (due, status) in enumerate(task_plan(rng, tasks)):
                tid += 1
                task_rows.append((tid, o, first_measure + n % 10, unit_ids[n % len(UNITS)],
                                  f"t{tid}", f"งานทดสอบที่ {n}", due, status,
                                  due if status == "done" else None, now))
        copy_rows(cur, "units", ["id", "org_id", "name", "created_by_import"], units)
        copy_rows(cur, "people", ["id", "org_id", "line_user_id", "display_name", "active",
                                  "created_at"], people)
        copy_rows(cur, "memberships", ["id", "person_id", "unit_id", "role"], members)
        copy_rows(cur, "chat_groups", ["id", "org_id", "line_group_id", "kind", "unit_id",
                                       "bound", "active", "member_count",
                                       "member_count_checked_at", "joined_at"], groups)
        copy_rows(cur, "measures", ["id", "org_id", "fiscal_year_id", "key", "title", "tool",
                                    "indicator", "steps", "created_at"], measures)
        copy_rows(cur, "tasks", ["id", "org_id", "measure_id", "unit_id", "key", "title",
                                 "due_on", "status", "done_on", "updated_at"], task_rows)
        written = len(task_rows)
        if sqlite:
            cur.execute("ANALYZE")
            return written
        for table in ("organizations", "fiscal_years", "units", "people", "memberships",
                      "chat_groups", "measures", "tasks"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))")
        raw.commit()
    finally:
        raw.close()
    # As autovacuum leaves a running database (freshly copied tables are not yet in the
    # visibility map, so index-only scans would still visit every row).
    # An autovacuum ANALYZE of the new rows, running at the same time, keeps VACUUM from
    # marking them visible: try again a few times.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for _ in range(10):
            conn.exec_driver_sql("VACUUM ANALYZE")
            pages, visible = conn.exec_driver_sql(
                "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'tasks'").one()
            if visible >= 0.9 * pages:
                break
            time.sleep(3)
    return written


def explain_task_query(engine) -> str:
    with engine.connect() as conn:
        plan = conn.execute(text(
            "EXPLAIN SELECT id, org_id, unit_id, due_on FROM tasks WHERE org_id BETWEEN 1 AND "
            "1000 AND status IN ('not_started', 'in_progress') AND due_on IS NOT NULL "
            "AND due_on <= DATE '2023-03-07'")).scalars().all()
    used = [line.split(" using ")[1].split(" on ")[0] for line in plan if " using " in line]
    return f"uses index {', '.join(used)}" if used else "uses NO index:\n" + "\n".join(plan)


def bench_postgres(orgs: int, tasks: int) -> dict[str, float]:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    server = None
    if not url:
        try:
            server = ThrowawayPostgres()
            url = server.start()
        except (RuntimeError, OSError, subprocess.CalledProcessError) as err:
            print(f"PostgreSQL: skipped ({err}); set BENCH_DATABASE_URL=postgresql+psycopg://…")
            return {}
    try:
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade(url)
        started = time.perf_counter()
        written = populate(engine, orgs, tasks)
        print(f"PostgreSQL: {orgs} organizations × {tasks} tasks = {written} tasks "
              f"(loaded in {time.perf_counter() - started:.1f} s); task query "
              f"{explain_task_query(engine)}")
        result = sweeps(engine, make_sessionmaker(engine))
        engine.dispose()
        return result
    finally:
        if server is not None:
            server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=8000)
    parser.add_argument("--tasks", type=int, default=50)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    results = {}
    if not args.skip_sqlite:
        results["SQLite"] = bench_sqlite(args.orgs, args.tasks)
    if not args.skip_pg:
        results["PostgreSQL"] = bench_postgres(args.orgs, args.tasks)
    names = [n for n in results if results[n]]
    print(f"\nside by side, seconds ({args.orgs} organizations × {args.tasks} tasks):")
    print(f"  {'':<36}" + "".join(f"{n:>12}" for n in names))
    for label in next(iter(results.values()), {}):
        print(f"  {label:<36}" + "".join(f"{results[n].get(label, 0):12.2f}" for n in names))
    print("  (write = find+write − find (warm); goals on PostgreSQL: find ≤ 2 s, write ≤ 5 s)")
    for n in names:
        r = results[n]
        before = r["find+write, before (cards drawn)"] - r["find (warm)"]
        now = r["find+write, now (drafts)"] - r["find (warm)"]
        print(f"  {n}: find {r['find (warm)']:.2f} s; write before {before:.2f} s, "
              f"now {now:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
