"""Score `python -m bot parse --json --today 2023-03-15 -` on the independent held-out set
(tests/corpus/independent/, see its README: never tune on it).

    python benchmarks/score_independent.py [-v] [DIR]

DIR defaults to tests/corpus/independent; `tests/corpus/fresh2` is the second blind set.

It calls the command line, not the parser module, because that is the contract the bot is
judged through (batch mode, one message a line).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "tests" / "corpus" / "independent"
UPDATES = {"done", "in_progress", "not_started", "problem"}


def parse_all(texts: list[str]) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "parse", "--json", "--today", "2023-03-15", "-"],
        input="\n".join(texts) + "\n", capture_output=True, text=True, cwd=ROOT, check=True)
    out = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if len(out) != len(texts):
        raise SystemExit(f"parse gave {len(out)} answers for {len(texts)} messages")
    return out


def rows(name: str) -> list[dict]:
    with open(HERE / name, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def matches(row: dict, got: dict) -> bool:
    if got["intent"] != row["intent"]:
        return False
    if row["intent"] == "none":
        return True  # a none row's refs, percent and date are not labelled
    refs = [r for r in row["refs"].split(",") if r]
    percent = int(row["percent"]) if row["percent"] else None
    code_ok = not row["code"] or (got.get("code") or "").upper() == row["code"].upper()
    return (got["refs"] == refs and got.get("percent") == percent
            and (got.get("date") or "") == row["date"] and code_ok)


def flat(updates: list[dict]) -> dict[str, tuple]:
    return {ref: (u["intent"], u.get("percent"), u.get("date") or None)
            for u in updates for ref in u["refs"]}


def main(verbose: bool) -> None:
    single = rows("single.tsv")
    got = parse_all([r["text"] for r in single])
    per: dict[str, Counter] = defaultdict(Counter)
    exact = intent = chatter = 0
    wrong = []
    for row, answer in zip(single, got, strict=True):
        ok = matches(row, answer)
        exact += ok
        intent += answer["intent"] == row["intent"]
        chatter += row["intent"] == "none" and answer["intent"] in UPDATES
        per[row["intent"]]["n"] += 1
        per[row["intent"]]["ok"] += answer["intent"] == row["intent"]
        if not ok:
            wrong.append(f"{row['id']}\t{row['intent']}\t→ {answer['intent']} {answer['refs']} "
                         f"{answer.get('percent')} {answer.get('date')}\t{row['text']}")
    n = len(single)
    print(f"single: {n} messages, exact {exact / n:.3f}, intent {intent / n:.3f}, "
          f"chatter read as an update {chatter}")
    for name, count in sorted(per.items()):
        print(f"  {name:12s} {count['ok']}/{count['n']}")
    multi = rows("multi.tsv")
    mgot = parse_all([r["text"] for r in multi])
    mexact = sum(flat(json.loads(r["updates"])) == flat(g.get("updates") or [])
                 for r, g in zip(multi, mgot, strict=True))
    print(f"multi: {len(multi)} messages, exact {mexact / len(multi):.3f} "
          "(ref → intent, percent, date)")
    if verbose:
        print("\n".join(wrong))


if __name__ == "__main__":
    folders = [a for a in sys.argv[1:] if not a.startswith("-")]
    if folders:
        HERE = (ROOT / folders[0]).resolve()
    main("-v" in sys.argv)
