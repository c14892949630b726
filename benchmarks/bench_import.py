"""How long importing the largest seed document takes: reading and building the plan (the
dry run), storing it into a fresh SQLite database, and importing it again (the no-op
re-import); then reading the seeds printed to PDF (made with LibreOffice, as the tests do;
skipped with --no-pdf or when LibreOffice is missing), per seed and per page.
Run: `.venv/bin/python benchmarks/bench_import.py [--repeat 5] [--no-pdf]`."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from documents.importer.measures import build_plan  # noqa: E402
from documents.importer.store import store_plan  # noqa: E402
from documents.importer.tables import read_document  # noqa: E402
from models.db import make_engine, make_sessionmaker, transaction, upgrade  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def _time(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF readings")
    parser.add_argument("file", nargs="?", type=Path, help="default: the largest seed")
    args = parser.parse_args()
    source = args.file or max(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size)

    dry = _time(lambda: build_plan(read_document(source)), args.repeat)
    plan = build_plan(read_document(source))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        engine = make_engine(url)
        factory = make_sessionmaker(engine)

        def store(slug: str) -> None:
            with transaction(factory) as session:
                store_plan(session, plan, slug, "bench")

        counter = iter(range(10**6))
        first = _time(lambda: store(f"bench{next(counter)}"), args.repeat)
        store("again")
        again = _time(lambda: store("again"), args.repeat)
        engine.dispose()

    tasks = sum(len(m.tasks) * len(m.units) for m in plan.measures)
    print(
        f"{source.name}: {source.stat().st_size:,} bytes, {len(plan.measures)} measures, "
        f"{plan.task_count} work items, {tasks} tasks stored"
    )
    for label, times in (
        ("dry run (read + build)", dry),
        ("store, first import", first),
        ("store, re-import (no-op)", again),
    ):
        print(
            f"  {label:26} median {statistics.median(times):7.1f} ms   "
            f"min {min(times):7.1f} ms   ({len(times)} runs)"
        )
    if not args.no_pdf:
        _pdf_lines(max(1, min(args.repeat, 3)))
    return 0


def _pdf_lines(repeat: int) -> None:
    """Reading each seed as a PDF: pdfplumber's page parsing dominates (pdfminer.six is pure
    Python), so the figure per page is the one to compare between machines."""
    import shutil

    import pdfplumber

    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        print("PDF: LibreOffice (soffice) is not installed, skipped")
        return
    from tests.pdf_support import seed_pdf

    print("PDF (seed printed by LibreOffice): read only / read + build")
    with tempfile.TemporaryDirectory() as tmp:
        for seed in sorted(SEEDS.glob("*.txt")):
            pdf = seed_pdf(seed, Path(tmp))
            with pdfplumber.open(pdf) as document:
                pages = len(document.pages)
            read = _time(lambda pdf=pdf: read_document(pdf), repeat)
            both = _time(lambda pdf=pdf: build_plan(read_document(pdf)), repeat)
            plan = build_plan(read_document(pdf))
            median = statistics.median(read)
            print(
                f"  {seed.name[:3]}: {pages:2} pages, {len(plan.measures):2} measures   "
                f"read median {median:7.0f} ms ({median / pages:5.0f} ms/page)   "
                f"read + build median {statistics.median(both):7.0f} ms   ({len(read)} runs)"
            )


if __name__ == "__main__":
    sys.exit(main())
