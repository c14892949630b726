"""How long the official report takes to make, for the largest seed plan (the most tasks
once stored) with a year of officers' updates: each task started a week before it is due,
done on its due date with an evidence link, every fifth with a problem reported.
Goals: DOCX under 3 s, PDF under 10 s on the 2-core machine.
Run: `.venv/bin/python benchmarks/bench_report.py [--repeat 3]`."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from documents.importer.measures import build_plan  # noqa: E402
from documents.importer.store import store_plan  # noqa: E402
from documents.importer.tables import read_document  # noqa: E402
from documents.report import FORMATS, build_report, render  # noqa: E402
from models import FiscalYear, Person, StatusChange, Task  # noqa: E402
from models.db import make_engine, make_sessionmaker, transaction, upgrade  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
BKK = ZoneInfo("Asia/Bangkok")


def _stored(source: Path, folder: Path):
    url = f"sqlite:///{folder / (source.stem + '.sqlite3')}"
    upgrade(url)
    factory = make_sessionmaker(make_engine(url))
    with transaction(factory) as session:
        store_plan(session, build_plan(read_document(source)), "bench", "องค์กรทดสอบ")
    with factory() as session:
        tasks = session.scalar(select(func.count()).select_from(Task))
    return tasks, factory


def _add_history(factory) -> int:
    added = 0
    with transaction(factory) as session:
        fy = session.scalars(select(FiscalYear)).first()
        officer = Person(org_id=fy.org_id, line_user_id="Ubench", display_name="เจ้าหน้าที่ทดสอบ")
        session.add(officer)
        session.flush()
        for n, task in enumerate(session.scalars(select(Task).order_by(Task.id))):
            due = task.due_on or fy.ends_on
            start = datetime.combine(due - timedelta(days=7), clock(10), BKK)
            rows = [StatusChange(task_id=task.id, from_status=task.status, to_status="in_progress",
                                 source="line", person_id=officer.id, line_message_id=f"47{n:011d}",
                                 note="กำลังทำครับ", created_at=start)]
            if n % 5 == 0:
                rows.append(StatusChange(task_id=task.id, from_status="in_progress", to_status="problem",
                                         source="line", person_id=officer.id,
                                         note=f"รอข้อมูลจากหน่วยงานอื่น ({n})",
                                         created_at=start + timedelta(days=2)))
            rows.append(StatusChange(task_id=task.id, from_status="in_progress", to_status="done",
                                     done_on=due, source="line", person_id=officer.id,
                                     evidence_urls=f"https://example.go.th/ita/evidence/{n}",
                                     line_message_id=f"48{n:011d}", note="เสร็จแล้วครับ",
                                     created_at=datetime.combine(due, clock(15), BKK)))
            session.add_all(rows)
            task.status, task.done_on = "done", due
            added += len(rows)
    return added


def _time(action, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run: on a shared, loaded machine the CPU time
    says what an idle one would take."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        stored = [(*_stored(source, Path(folder)), source) for source in sorted(SEEDS.glob("*.txt"))]
        tasks, factory, source = max(stored, key=lambda s: s[0])
        changes = _add_history(factory)
        with factory() as session:
            fy = session.scalars(select(FiscalYear)).first()
            org_id, year, end = fy.org_id, fy.year_be, fy.ends_on
        print(f"plan: {source.name}, {tasks} tasks, {changes} status changes, fiscal year {year}")

        def build():
            with factory() as session:
                return build_report(session, org_id, year, 12, today=end + timedelta(days=10))

        report = build()
        wall, cpu = _time(build, args.repeat)
        print(f"{'build_report':<18} median {statistics.median(wall):6.2f} s wall "
              f"{statistics.median(cpu):6.2f} s cpu   ({len(report.rows)} measures)")
        for fmt in FORMATS:
            for trail in (False, True):
                size = len(render(report, fmt, with_trail=trail))
                wall, cpu = _time(lambda fmt=fmt, trail=trail: render(report, fmt, with_trail=trail),
                                  args.repeat)
                label = f"render {fmt}{' + trail' if trail else ''}"
                print(f"{label:<18} median {statistics.median(wall):6.2f} s wall "
                      f"{statistics.median(cpu):6.2f} s cpu   max {max(wall):6.2f} s wall  "
                      f"{size / 1024:5.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
