"""Fit the intent model and write handlers/thai/intent_model.json: `python tests/corpus/train.py`.

Training data: generated.tsv (templates), handwritten*.tsv (messages written by hand),
independent/ (the first blind set, moved into training in round 3 once it had been scored) and
the case table of tests/test_parser_cases.py. Never heldout*.tsv or fresh2/: those measure the
result.
A multi-item message is cut into its parts as the parser cuts it, and each part that names
items is one training example labelled with those items' status.

scikit-learn's LogisticRegression over binary features; the weights are divided by a
temperature fitted on the hand-written messages (see temperature()), so that the probability
the parser reports as `confidence` means what it says.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from score import expected_map, load  # noqa: E402

from handlers.thai import parser as P  # noqa: E402
from handlers.thai.entities import find_urls  # noqa: E402
from handlers.thai.normalize import blank, normalize  # noqa: E402
from handlers.thai.refs import find_refs  # noqa: E402
from handlers.thai.segments import cut  # noqa: E402

TODAY = date(2023, 3, 15)
OUT = ROOT / "handlers" / "thai" / "intent_model.json"
SCALE = 1000  # weights are stored as integers in thousandths
MIN_COUNT = 2
C = 4.0


HAND_WRITTEN = ("handwritten.tsv", "handwritten2.tsv", "handwritten3.tsv", "handwritten4.tsv",
                "independent")


def examples(names: tuple[str, ...] = ("generated.tsv", *HAND_WRITTEN),
             cases: bool = True) -> tuple[list[list[str]], list[str]]:
    xs: list[list[str]] = []
    ys: list[str] = []
    rows = [row for name in names if (HERE / name).exists() for row in load(HERE / name)]
    for row in rows:
        if row["updates"]:
            labels = expected_map(row)
            _urls, spans = find_urls(row["text"])
            for piece in cut(normalize(blank(row["text"], spans))):
                refs, _ = find_refs(piece)
                intents = {labels[r][0] for r in refs if r in labels}
                if len(intents) != 1:
                    continue
                found: list[list[str]] = []
                P._read(piece, (), TODAY, collect=found)
                xs.append(found[0])
                ys.append(intents.pop())
            continue
        xs.append(P.features(row["text"], TODAY)[0])
        ys.append(row["intent"])
    if not cases:
        return xs, ys
    from test_parser_cases import CASES

    for text, intent, *_ in CASES:
        if isinstance(text, str) and text.strip():
            xs.append(P.features(text, TODAY)[0])
            ys.append(intent)
    return xs, ys


def fit(xs, ys):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for found in xs:
        for name in set(found):
            counts[name] = counts.get(name, 0) + 1
    vec = DictVectorizer()
    matrix = vec.fit_transform(
        [{name: 1 for name in set(found) if counts[name] >= MIN_COUNT} for found in xs])
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    clf.fit(matrix, ys)
    return vec, clf


def temperature() -> float:
    """The temperature that minimizes the log-loss on the hand-written messages of a model
    fitted without them: templates make the model surer than it should be on wordings no
    template has, and hand-written messages are the nearest thing to those."""
    import numpy as np

    xs, ys = examples(("generated.tsv",))
    held_x, held_y = examples(HAND_WRITTEN, cases=False)
    vec, clf = fit(xs, ys)
    classes = list(clf.classes_)
    z = clf.decision_function(vec.transform([{n: 1 for n in set(x)} for x in held_x]))
    y = np.array([classes.index(label) for label in held_y])
    best, best_t = float("inf"), 1.0
    for t in np.arange(0.5, 4.01, 0.05):
        s = z / t
        s = s - s.max(axis=1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        loss = -logp[np.arange(len(y)), y].mean()
        if loss < best:
            best, best_t = loss, float(t)
    print(f"hand-written messages, model without them: intent accuracy "
          f"{np.mean(z.argmax(axis=1) == y):.3f}, temperature {best_t:.2f}")
    return best_t


def main() -> None:
    t = temperature()
    xs, ys = examples()
    print(f"{len(xs)} training examples")
    data = model_data(xs, ys, t)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(data['features'])} features → {OUT} ({OUT.stat().st_size // 1024} KiB)")


def model_data(xs: list[list[str]], ys: list[str], t: float) -> dict:
    """The shipped form of a model fitted on xs, ys with temperature t."""
    vec, clf = fit(xs, ys)
    names = vec.get_feature_names_out()
    classes = list(clf.classes_)
    features, weights = [], []
    for i, name in enumerate(names):
        row = [round(float(clf.coef_[j, i]) / t * SCALE) for j in range(len(classes))]
        if any(row):
            features.append(str(name))
            weights += row
    data = {
        "about": "Intent model of handlers/thai/model.py; written by tests/corpus/train.py.",
        "classes": classes,
        "scale": SCALE,
        "intercept": [round(float(b) / t * SCALE) for b in clf.intercept_],
        "features": features,
        "weights": weights,
    }
    return data


if __name__ == "__main__":
    main()
