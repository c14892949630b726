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


def features(work: str, tokens: list[str], facts: dict[str, bool], rule_intent: str,
             cues: tuple[str, ...] = ()) -> list[str]:
    """The features of one message: `work` is the normalized text with item codes, dates,
    percents and units blanked (the parser's working text); `facts` says which of them
    were there; `rule_intent` is what the rules concluded and `cues` the finer facts they
    read it from (asks, names a work object, words left unread…), which generalize to
    wordings the n-grams have not seen."""
    shape = _SPACES_RE.sub(" ", _DIGITS_RE.sub("0", work)).strip()
    padded = f" {shape} "
    found = [f"rule={rule_intent}", *cues]
    found += [f"has={name}" for name, present in facts.items() if present]
    for n in NGRAMS:
        found += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    found += [f"w={t}" for t in tokens if t.strip()]
    return found


# Scoring adds up one weight per class for every feature present. Rather than ~100 loops over
# 11 floats, each feature's weights (integers, in thousandths) are packed into one Python int,
# a 40-bit slot per class with a bias that keeps every slot positive; the ints are summed in
# one call to sum() and the slots read back, minus the bias once per term added.
_SLOT = 40
_BIAS = 1 << 24
_MASK = (1 << _SLOT) - 1


def pack(weights: list[int]) -> int:
    """One int holding a feature's integer weights, a biased 40-bit slot per class."""
    return sum((w + _BIAS) << (_SLOT * j) for j, w in enumerate(weights))


@lru_cache(maxsize=1)
def _weights() -> tuple[tuple[str, ...], float, int, dict[str, int], list[int]]:
    """The shipped weights: per feature, one integer weight per class (thousandths)."""
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    index = {name: i for i, name in enumerate(data["features"])}
    return (tuple(data["classes"]), float(data["scale"]), pack(data["intercept"]), index,
            data["weights"])


# Features packed on first use (packing all ~9,000 at load would cost cold start).
_packed: dict[str, int] = {}


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the weights are there (asked once: the parser does no I/O per message)."""
    return MODEL_FILE.is_file()


def probabilities(found: list[str]) -> dict[str, float]:
    """P(intent | features), from the shipped weights."""
    classes, scale, intercept, index, flat = _weights()
    k = len(classes)
    rows = []
    for name in set(found):
        row = _packed.get(name)
        if row is None:
            i = index.get(name)
            if i is None:
                continue
            row = _packed[name] = pack(flat[i * k : (i + 1) * k])
        rows.append(row)
    total = sum(rows, intercept)
    bias = _BIAS * (len(rows) + 1)
    scores = [(((total >> (_SLOT * j)) & _MASK) - bias) / scale for j in range(k)]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {c: e / total for c, e in zip(classes, exps, strict=True)}
