"""Leave one hand-written file out: `python tests/corpus/crossval.py [-v] [NAME…]`.

For each hand-written training file, fit the model on everything else (templates, the other
hand-written files, the case table), put it in place of the shipped weights for this process
only, and score the parser on the file left out. This is the figure to tune on: every message
is scored by a model that never saw it, and the held-aside files (heldout*.tsv, fresh2/) stay
untouched.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from score import load, report, score
from train import HAND_WRITTEN, HERE, TODAY, examples, model_data, temperature

from handlers.thai import model
from handlers.thai.parser import parse


def use(data: dict) -> None:
    """Make the parser in this process score with `data` instead of the shipped file."""
    path = Path(tempfile.mkdtemp()) / "intent_model.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    model.MODEL_FILE = path
    model._weights.cache_clear()
    model.available.cache_clear()
    model._packed.clear()


def main(names: list[str], verbose: bool) -> None:
    t = temperature()
    names = names or [n for n in HAND_WRITTEN if (HERE / n).exists()]
    feats = {n: examples((n,), cases=False) for n in ("generated.tsv", *HAND_WRITTEN)}
    cases = examples((), cases=True)
    totals = {"messages": 0, "exact": 0.0, "chatter": 0, "multi_n": 0, "multi": 0.0}
    for left_out in names:
        xs, ys = list(cases[0]), list(cases[1])
        for n, (fx, fy) in feats.items():
            if n != left_out:
                xs += fx
                ys += fy
        use(model_data(xs, ys, t))
        figures = score(load(HERE / left_out), lambda text, today: parse(text, today).to_contract())
        print(f"== {left_out}")
        print(report(figures))
        if verbose:
            for row, got in figures["failures"]:
                print(" ✗", row["intent"], row["refs"], row["percent"], row["date"],
                      row["updates"], "|", row["text"], "→",
                      got["intent"], got["refs"], got["percent"], got["date"],
                      round(got["confidence"], 2),
                      [(u["refs"], u["intent"], u["percent"], u["date"]) for u in got["updates"]]
                      if row["updates"] else "")
        n = figures["messages"]
        totals["messages"] += n
        totals["exact"] += figures["exact"] * n
        totals["chatter"] += figures["chatter_as_update"]
        totals["multi_n"] += figures["multi_n"]
        totals["multi"] += (figures["multi"] or 0) * figures["multi_n"]
    m = totals["messages"]
    print(f"ALL: {m} messages, exact {totals['exact'] / m:.3f}, chatter→update "
          f"{totals['chatter']}, multi-item exact "
          f"{totals['multi'] / max(totals['multi_n'], 1):.3f} (n={totals['multi_n']})")


if __name__ == "__main__":
    assert TODAY
    main([a for a in sys.argv[1:] if not a.startswith("-")], "-v" in sys.argv)
