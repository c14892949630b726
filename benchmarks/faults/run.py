"""The fault suite's long part, against the production shape (gunicorn `web`, `worker`,
`clock` as separate processes, the LINE stand-in as the platform):

    .venv/bin/python benchmarks/faults/run.py            # short sizes, a few minutes
    .venv/bin/python benchmarks/faults/run.py --long     # the issue's sizes (20,000 bodies,
                                                         # 200 events/s for 60 s, 300 events)
    … --db sqlite|postgresql|both  --only fuzz,load,kill,outage,clocks

PostgreSQL comes from FAULTS_PG_URL or TEST_DATABASE_URL (postgresql+psycopg://…);
its public schema is dropped and rebuilt for each scenario. Prints one JSON line per
scenario and database. The quick checks live in tests/faults and run with the test suite.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.faults import outage, scenarios
from benchmarks.faults.procs import Shape, fresh_database

SIZES = {
    "short": {"fuzz": 1000, "rate": 100, "seconds": 15, "kill": 100, "outage": 20},
    "long": {"fuzz": 20000, "rate": 200, "seconds": 60, "kill": 300, "outage": 40},
}


def in_shape(kind: str, run, app: str = "bot.wsgi:app") -> dict:
    shape = Shape(fresh_database(kind), app=app)
    try:
        return run(shape)
    finally:
        shape.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--long", action="store_true")
    parser.add_argument("--db", default="both", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--bodies", type=int, help="fuzzed bodies (default 1,000; --long 20,000)")
    parser.add_argument("--drain-limit", type=float, default=900,
                        help="seconds to wait for the worker to drain after the load")
    parser.add_argument("--only", default="fuzz,load,kill,outage,clocks")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the scenarios cause warnings on purpose
    size = dict(SIZES["long" if args.long else "short"])
    size["fuzz"] = args.bodies or size["fuzz"]
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    if "postgresql" in kinds and not (os.environ.get("FAULTS_PG_URL")
                                      or os.environ.get("TEST_DATABASE_URL")):
        print("error: set FAULTS_PG_URL=postgresql+psycopg://… for PostgreSQL, "
              "or pass --db sqlite", file=sys.stderr)
        return 2
    wanted = args.only.split(",")
    for kind in kinds:
        for name in wanted:
            began = time.time()
            if name == "fuzz":
                result = in_shape(kind, lambda s: scenarios.fuzz(s, size["fuzz"]))
            elif name == "load":
                result = {
                    "webhook": in_shape(kind, lambda s: scenarios.load(
                        s, size["rate"], size["seconds"], drain_limit=args.drain_limit)),
                    "store_only": in_shape(kind, lambda s: scenarios.load(
                        s, size["rate"], size["seconds"], with_worker=False),
                        app="benchmarks.faults.store_only:app"),
                }
            elif name == "kill":
                result = in_shape(kind, lambda s: scenarios.kill_worker(s, size["kill"]))
            elif name == "clocks":
                result = in_shape(kind, scenarios.clocks)
            elif name == "outage":
                result = outage.run(fresh_database(kind), size["outage"])
            else:
                print(f"error: unknown scenario {name!r}", file=sys.stderr)
                return 2
            print(json.dumps({"scenario": name, "db": kind, "wall_seconds": round(
                time.time() - began, 1), **result}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
