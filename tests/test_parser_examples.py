"""Every row of the shared sample (shared/nlu/examples.tsv) reads as labelled."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from handlers.thai.parser import parse

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "nlu" / "examples.tsv"
TODAY = date(2023, 3, 15)


def _rows() -> list[dict[str, str]]:
    if not EXAMPLES.is_file():
        return []
    with EXAMPLES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _rows()


@pytest.mark.skipif(not ROWS, reason=f"shared examples not found at {EXAMPLES}")
@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_example(row: dict[str, str]) -> None:
    got = parse(row["text"], TODAY).to_contract()
    expected = {
        "intent": row["intent"],
        "refs": [r for r in row["refs"].split(",") if r],
        "percent": int(row["percent"]) if row["percent"] else None,
        "date": row["date"] or None,
        "code": row["code"] or None,
    }
    assert {key: got[key] for key in expected} == expected, row["text"]
