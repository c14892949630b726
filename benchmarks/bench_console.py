"""How fast the console's board answers on SQLite with the largest seed plan (by stored
tasks) and a year of history: every task reported three times over the year, most done.
Goal: the board under 300 ms. Run: `.venv/bin/python benchmarks/bench_console.py [--repeat 20]`."""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bot.app import create_app  # noqa: E402
from bot.config import load  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from console.access import issue_link  # noqa: E402
from documents.importer.measures import build_plan  # noqa: E402
from documents.importer.store import store_plan  # noqa: E402
from documents.importer.tables import read_document  # noqa: E402
from models import Membership, Person, StatusChange, Task, Unit  # noqa: E402
from models.db import transaction, upgrade  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
PAGES = ("/console/board", "/console/board?state=overdue", "/console/board?month=2023-03",
         "/console/plan")


def _largest_plan():
    plans = [build_plan(read_document(p)) for p in sorted(SEEDS.glob("*.txt"))]
    return max(plans, key=lambda p: sum(len(m.tasks) * len(m.units) for m in p.measures))


def _year_of_history(session, org_id: int) -> int:
    rng = random.Random(7)
    units = session.scalars(select(Unit).where(Unit.org_id == org_id)).all()
    people = []
    for index, unit in enumerate(units):
        for n in range(3):
            person = Person(org_id=org_id, line_user_id=f"Ubench{index}x{n}", display_name=f"คน {n}")
            person.memberships.append(Membership(unit_id=unit.id, role="officer"))
            session.add(person)
            people.append(person)
    session.flush()
    rows = 0
    for task in session.scalars(select(Task).where(Task.org_id == org_id)):
        start = datetime(2022, 10, 1, 3, tzinfo=UTC)
        for step, status in enumerate(("in_progress", "in_progress", "done")):
            if status == "done" and rng.random() < 0.3:
                break
            session.add(StatusChange(task_id=task.id, from_status=task.status, to_status=status,
                                     percent=100 if status == "done" else 30 * (step + 1),
                                     person_id=rng.choice(people).id, source="line",
                                     created_at=start + timedelta(days=rng.randint(0, 360))))
            task.status = status
            rows += 1
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        upgrade(url)
        clock = lambda: datetime(2023, 6, 15, 3, tzinfo=UTC)  # noqa: E731 - mid-year
        rt = Runtime.create(load({"DATABASE_URL": url, "LINE_CHANNEL_SECRET": "s" * 32,
                                  "LINE_CHANNEL_ACCESS_TOKEN": "t"}), now=clock)
        org_id = rt.ensure_default_org()
        plan = _largest_plan()
        with transaction(rt.factory) as session:
            store_plan(session, plan, rt.config.org_slug, "bench")
            history = _year_of_history(session, org_id)
            coordinator = Person(org_id=org_id, line_user_id="Ubenchcoord", display_name="ผู้ประสาน")
            coordinator.memberships.append(Membership(unit_id=None, role="coordinator"))
            session.add(coordinator)
            session.flush()
            token = issue_link(session, org_id, coordinator.id, clock())
            tasks = session.query(Task).count()
        client = create_app(rt).test_client()
        path = f"/console/signin/{token}"
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
        assert client.post(path, data={"csrf_token": csrf.group(1)}).status_code == 302
        print(f"plan {plan.file}: {len(plan.measures)} measures, {tasks} tasks, "
              f"{history} history rows (SQLite)")
        for page in PAGES:
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                answer = client.get(page)
                times.append((time.perf_counter() - start) * 1000)
                assert answer.status_code == 200, page
            times.sort()
            print(f"{page:38} median {statistics.median(times):6.1f} ms   "
                  f"p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms   (goal < 300 ms)")
        rt.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
