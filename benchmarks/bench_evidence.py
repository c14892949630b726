"""Evidence intake: a 10 MB file sent in LINE, fetched from the (stand-in) content API,
streamed into storage and answered. Prints the time from the signed webhook to the reply
and the peak Python memory while doing it (the file must never be held whole, let alone
twice: the peak is compared with the same intake of a 64 KB file, so what the file adds
shows apart from the handler's own working memory), and the longest time SQLite's write lock
was held meanwhile (the download happens outside the worker's transaction, so it should
not grow with the file).
Run: `.venv/bin/python benchmarks/bench_evidence.py [--repeat 5] [--mb 10]`."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bot.demo import load_demo  # noqa: E402
from bot.line_standin import StandInServer  # noqa: E402
from models.db import transaction, upgrade  # noqa: E402
from tests.evidence_support import FINANCE, media_event  # noqa: E402
from tests.harness import Harness  # noqa: E402


class WriteLockTimer:
    """The longest write transaction (BEGIN IMMEDIATE to COMMIT/ROLLBACK) since reset."""

    def __init__(self, engine) -> None:
        self.longest, self._started = 0.0, {}
        event.listen(engine, "before_cursor_execute", self._begin)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)

    def _begin(self, conn, cursor, statement, *args) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            self._started[id(conn)] = time.perf_counter()

    def _end(self, conn) -> None:
        started = self._started.pop(id(conn), None)
        if started is not None:
            self.longest = max(self.longest, time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--mb", type=int, default=10)
    args = parser.parse_args()
    size = args.mb * 1024 * 1024
    server = StandInServer().start()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        upgrade(url)
        bot = Harness(url, server)
        with transaction(bot.rt.factory) as session:
            load_demo(session, bot.org(session), bot.clock().astimezone(bot.rt.config.tz).date())
        bot.say("o12 เสร็จแล้ว", user=FINANCE)
        held = WriteLockTimer(bot.rt.engine)
        times, peaks, small_peaks, locks = [], [], [], []
        for i in range(args.repeat * 2):
            big = i % 2 == 1
            length = size if big else 64 * 1024
            source = Path(tmp) / f"evidence-{i}.pdf"
            with source.open("wb") as out:  # new bytes each time: no shortcut by content address
                for start in range(0, length, 1024 * 1024):
                    out.write(os.urandom(min(1024 * 1024, length - start)))
            event = media_event(bot, "file", data=source, content_type="application/pdf",
                                file_name="หลักฐาน.pdf", file_size=length)
            bot.clock.advance(seconds=30)
            tracemalloc.start()
            held.longest = 0.0
            start = time.perf_counter()
            texts = bot.deliver(event)
            elapsed = (time.perf_counter() - start) * 1000
            peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
            tracemalloc.stop()
            if big:
                times.append(elapsed)
                peaks.append(peak)
                locks.append(held.longest * 1000)
            else:
                small_peaks.append(peak)
            assert texts == ["แนบหลักฐานให้ o12 แล้วครับ"], texts
            source.unlink()
        stored = sum(p.stat().st_size for p in bot.rt.config.evidence_dir.rglob("*") if p.is_file())
    server.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"evidence intake, {args.mb} MB file, {args.repeat} runs (SQLite, stand-in on 127.0.0.1)")
    print(f"  webhook → stored → reply: median {statistics.median(times):.0f} ms, "
          f"max {max(times):.0f} ms")
    print(f"  peak Python memory during intake: median {statistics.median(peaks):.1f} MB, "
          f"max {max(peaks):.1f} MB; with a 64 KB file instead: median "
          f"{statistics.median(small_peaks):.1f} MB")
    print(f"  longest SQLite write lock held during a {args.mb} MB intake: median "
          f"{statistics.median(locks):.0f} ms, max {max(locks):.0f} ms")
    print(f"  process max RSS: {rss:.0f} MB; stored {stored / 1024 / 1024:.0f} MB in "
          f"{args.repeat * 2} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
