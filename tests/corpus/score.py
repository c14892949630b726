"""Score the parser on a labelled corpus file: `python tests/corpus/score.py heldout.tsv`.

Exact means every field the file labels: intent, refs, percent and date for a message about
one item (or none); for a multi-item message (`updates` filled) the flattened map
ref → (intent, percent, date) over the parse's `updates`. Chatter read as an update counts
messages labelled `none` that come out as done / in_progress / not_started / problem, in the
top-level intent or in any entry of `updates`.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
TODAY = date(2023, 3, 15)
UPDATES = {"done", "in_progress", "not_started", "problem"}


def load(path: Path) -> list[dict[str, str]]:
    """A corpus file's rows; a folder in the format of independent/ (single.tsv, multi.tsv)
    comes back in the same columns."""
    if path.is_dir():
        return load_blind_set(path)
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_blind_set(folder: Path) -> list[dict[str, str]]:
    """The rows of a set written in the format of independent/ and fresh2/, as corpus rows."""
    rows = []
    with (folder / "single.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            rows.append({"intent": row["intent"], "refs": row["refs"], "percent": row["percent"],
                         "date": row["date"], "updates": "", "text": row["text"]})
    with (folder / "multi.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            parts = []
            for part in json.loads(row["updates"]):
                label = part["intent"] + "".join(
                    f"@{x}" for x in (part.get("percent"), part.get("date")) if x)
                parts += [f"{ref}={label}" for ref in part["refs"]]
            rows.append({"intent": "multi", "refs": "", "percent": "", "date": "",
                         "updates": ";".join(parts), "text": row["text"]})
    return rows


def expected_map(row: dict[str, str]) -> dict[str, tuple]:
    found = {}
    for part in row["updates"].split(";"):
        code, _, label = part.partition("=")
        intent, *rest = label.split("@")
        percent = next((int(x) for x in rest if x.isdigit()), None)
        day = next((x for x in rest if "-" in x), None)
        found[code] = (intent, percent, day)
    return found


def parsed_map(contract: dict) -> dict[str, tuple]:
    return {ref: (u["intent"], u["percent"], u["date"]) for u in contract["updates"]
            for ref in u["refs"]}


def score(rows: list[dict[str, str]], parse) -> dict:
    """Figures and the rows that failed, for a parse(text, today) -> contract dict."""
    exact = intent_ok = chatter_as_update = multi_n = multi_ok = 0
    per_intent: dict[str, Counter] = defaultdict(Counter)
    failures = []
    for row in rows:
        got = parse(row["text"], TODAY)
        if row["updates"]:
            multi_n += 1
            ok = parsed_map(got) == expected_map(row)
            multi_ok += ok
            exact += ok
            intent_ok += ok
            per_intent["multi"]["n"] += 1
            per_intent["multi"]["ok"] += ok
            if not ok:
                failures.append((row, got))
            continue
        label = row["intent"]
        per_intent[label]["n"] += 1
        same_intent = got["intent"] == label
        intent_ok += same_intent
        per_intent[label]["ok"] += same_intent
        per_intent[got["intent"]]["predicted"] += 1
        if same_intent:
            per_intent[label]["tp"] += 1
        fields_ok = (same_intent and label not in UPDATES) or (
            same_intent
            and got["refs"] == [r for r in row["refs"].split(",") if r]
            and got["percent"] == (int(row["percent"]) if row["percent"] else None)
            and got["date"] == (row["date"] or None)
        )
        if label == "status" or label in ("outstanding", "my_tasks"):
            fields_ok = same_intent and got["refs"] == [r for r in row["refs"].split(",") if r]
        exact += fields_ok
        said_update = got["intent"] in UPDATES or any(
            u["intent"] in UPDATES for u in got.get("updates", []))
        if label == "none" and said_update:
            chatter_as_update += 1
        if not fields_ok:
            failures.append((row, got))
    n = len(rows)
    return {
        "messages": n,
        "exact": exact / n,
        "intent": intent_ok / n,
        "chatter_as_update": chatter_as_update,
        "multi": (multi_ok / multi_n) if multi_n else None,
        "multi_n": multi_n,
        "per_intent": {k: dict(v) for k, v in sorted(per_intent.items())},
        "failures": failures,
    }


def report(figures: dict) -> str:
    multi = figures["multi"]
    lines = [f"messages {figures['messages']}  exact {figures['exact']:.3f}  "
             f"intent {figures['intent']:.3f}  chatter→update {figures['chatter_as_update']}  "
             f"multi-item exact {'-' if multi is None else f'{multi:.3f}'}"
             f" (n={figures['multi_n']})",
             f"{'intent':<12} {'n':>4} {'recall':>7} {'precision':>9}"]
    for intent, c in figures["per_intent"].items():
        if not c.get("n"):
            continue
        recall = c.get("ok", 0) / c["n"]
        predicted = c.get("predicted", 0)
        precision = f"{c.get('tp', 0) / predicted:.3f}" if predicted else "-"
        lines.append(f"{intent:<12} {c['n']:>4} {recall:>7.3f} {precision:>9}")
    return "\n".join(lines)


def main() -> None:
    from handlers.thai.parser import parse

    path = HERE / (sys.argv[1] if len(sys.argv) > 1 else "heldout.tsv")
    figures = score(load(path), lambda text, today: parse(text, today).to_contract())
    print(report(figures))
    if "-v" in sys.argv:
        for row, got in figures["failures"]:
            print(row["intent"], row["refs"], row["percent"], row["date"], row["updates"], "|",
                  row["text"], "→", {k: got[k] for k in ("intent", "refs", "percent", "date")},
                  [(u["refs"], u["intent"], u["percent"], u["date"]) for u in got["updates"]]
                  if row["updates"] else "")


if __name__ == "__main__":
    main()
