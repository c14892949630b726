"""Parser speed: `.venv/bin/python benchmarks/bench_parser.py`.

Prints warm throughput of `parse` in one process pinned to one core, the cold start of
`python -m bot parse` (median of 5 runs), parse time relative to PyThaiNLP's `word_tokenize`
alone over the same messages, the same over the labelled corpus of tests/corpus/, the time
the intent model takes per scoring, and peak memory of the parser beside the tokenizer alone.
Goals: ≥ 2,000 messages/s, cold start ≤ 1.5 s, ≤ 2× the tokenizer.

The corpus is the case table in tests/test_parser_cases.py in eight variants per row (other
item numbers, Thai digits, an opening word and a closing particle): a few thousand distinct
messages. The parser caches nothing between messages, so the figures are per-message work.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

TODAY = date(2023, 3, 15)
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
GOAL_RATE, GOAL_COLD, GOAL_RATIO = 2000, 1.5, 2.0


def corpus() -> list[str]:
    from test_parser_cases import CASES

    base = [row[0] for row in CASES if row[0].strip()]
    messages: list[str] = []
    openers = ("", "ตอนนี้ ", "เรียนท่านครับ ", "แจ้งครับ ", "พี่คะ ", "อัปเดตนะคะ ", "", "")
    closers = ("", " ครับ", " ค่ะ", " นะคะ", " ครับผม", " จ้า", " 🙏", " ค่ะพี่")
    for shift in range(8):
        for text in base:
            variant = re.sub(
                r"(?<=[oOeEiI])(\d+)",
                lambda m, shift=shift: str((int(m.group(1)) + shift) % 43 + 1),
                text,
            )
            if shift % 2:
                variant = variant.translate(THAI_DIGITS)
            messages.append(openers[shift] + variant + closers[(shift * 3) % 8])
    return messages


def timed(fns: list, messages: list[str], rounds: int = 5) -> list[float]:
    """Best wall time of each function over all messages; rounds alternate between them so
    that load from other processes affects both alike."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for k, fn in enumerate(fns):
            start = time.perf_counter()
            for text in messages:
                fn(text)
            best[k] = min(best[k], time.perf_counter() - start)
    return best


def corpus_messages() -> list[str]:
    """The labelled corpus of tests/corpus/ (longer messages, many about several items)."""
    texts = []
    for name in ("generated.tsv", "handwritten.tsv", "heldout.tsv"):
        lines = (ROOT / "tests" / "corpus" / name).read_text(encoding="utf-8").splitlines()[1:]
        texts += [line.split("\t")[-1] for line in lines]
    return texts


def peak_memory(code: str) -> float:
    """Peak resident memory (MiB) of a fresh interpreter running `code`."""
    probe = code + "\nimport resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return int(out.split()[-1]) / 1024


def cold_start(runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "parse", "--json", "o12 เสร็จแล้ว"],
            cwd=ROOT, check=True, capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    from pythainlp.tokenize import word_tokenize

    from handlers.thai.parser import parse

    messages = corpus()
    parse("o12 เสร็จแล้ว", TODAY)  # load the dictionaries before timing
    word_tokenize("o12 เสร็จแล้ว", engine="newmm")

    parse_s, tokenize_s = timed(
        [lambda t: parse(t, TODAY), lambda t: word_tokenize(t, engine="newmm")], messages
    )
    rate = len(messages) / parse_s
    ratio = parse_s / tokenize_s
    long_messages = corpus_messages()
    long_parse_s, long_tokenize_s = timed(
        [lambda t: parse(t, TODAY), lambda t: word_tokenize(t, engine="newmm")], long_messages,
        rounds=3,
    )
    from handlers.thai import model
    from handlers.thai.parser import features

    found = [f for text in long_messages for f in features(text, TODAY)]
    start = time.perf_counter()
    for f in found:
        model.probabilities(f)
    model_us = (time.perf_counter() - start) / len(found) * 1e6
    cold = cold_start()
    mem_parse = peak_memory("from datetime import date\nfrom handlers.thai.parser import parse\n"
                            "parse('o12 เสร็จแล้ว', date(2023, 3, 15))")
    mem_tokenizer = peak_memory("from pythainlp.tokenize import word_tokenize\n"
                                "word_tokenize('o12 เสร็จแล้ว', engine='newmm')")

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"messages            {len(messages)} ({len(set(messages))} distinct)")
    print(f"warm parse          {rate:,.0f} messages/s on one core "
          f"({parse_s / len(messages) * 1e6:.0f} µs each)  goal ≥ {GOAL_RATE:,}  "
          f"{verdict(rate >= GOAL_RATE)}")
    print(f"tokenizer alone     {len(messages) / tokenize_s:,.0f} messages/s "
          f"({tokenize_s / len(messages) * 1e6:.0f} µs each)")
    print(f"parse / tokenizer   {ratio:.2f}×  goal ≤ {GOAL_RATIO}×  {verdict(ratio <= GOAL_RATIO)}")
    print(f"corpus messages     {len(long_messages)}: parse "
          f"{len(long_messages) / long_parse_s:,.0f}/s, tokenizer alone "
          f"{len(long_messages) / long_tokenize_s:,.0f}/s")
    print(f"intent model        {model_us:.0f} µs per scoring, "
          f"{model.MODEL_FILE.stat().st_size // 1024} KiB file")
    print(f"peak memory         parser {mem_parse:.0f} MiB, tokenizer alone {mem_tokenizer:.0f} MiB")
    print(f"cold start          {cold:.2f} s (median of 5, python -m bot parse --json)  "
          f"goal ≤ {GOAL_COLD} s  {verdict(cold <= GOAL_COLD)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
