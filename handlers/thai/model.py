"""The statistical half of intent reading: a logistic regression over what a message looks like.

The rules (intent.py) know Thai status words, questions and chatter cues by name; on wordings
nobody wrote a rule for they guess. The model reads the same message as bags of character
n-grams and words, plus what the rules concluded, and was fitted on the labelled corpus in
tests/corpus/ (`python tests/corpus/train.py`, scikit-learn). Only its weights ship, in
intent_model.json next to this file, and scoring is a sum of weights and a softmax in plain
Python: no scikit-learn or numpy at run time, loaded once, deterministic.

What it returns is a probability per intent; the parser takes the most probable one and
reports its probability as the parse's confidence.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("intent_model.json")
NGRAMS = (2, 3, 4)
_DIGITS_RE = re.compile(r"\d+")
_SPACES_RE = re.compile(r"\s+")


def features(work: str, tokens: list[str], facts: dict[str, bool], rule_intent: str) -> list[str]:
    """The features of one message: `work` is the normalized text with item codes, dates,
    percents and units blanked (the parser's working text); `facts` says which of them
    were there; `rule_intent` is what the rules concluded."""
    shape = _SPACES_RE.sub(" ", _DIGITS_RE.sub("0", work)).strip()
    padded = f" {shape} "
    found = [f"rule={rule_intent}"]
    found += [f"has={name}" for name, present in facts.items() if present]
    for n in NGRAMS:
        found += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    found += [f"w={t}" for t in tokens if t.strip()]
    return found


@lru_cache(maxsize=1)
def _weights() -> tuple[tuple[str, ...], tuple[float, ...], dict[str, tuple[float, ...]]]:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    scale = data["scale"]
    classes = tuple(data["classes"])
    k = len(classes)
    flat = data["weights"]
    table = {
        name: tuple(w / scale for w in flat[i * k : (i + 1) * k])
        for i, name in enumerate(data["features"])
    }
    return classes, tuple(b / scale for b in data["intercept"]), table


def available() -> bool:
    return MODEL_FILE.is_file()


def probabilities(found: list[str]) -> dict[str, float]:
    """P(intent | features), from the shipped weights."""
    classes, intercept, table = _weights()
    scores = list(intercept)
    for name in set(found):
        row = table.get(name)
        if row is not None:
            for j, w in enumerate(row):
                scores[j] += w
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {c: e / total for c, e in zip(classes, exps, strict=True)}
