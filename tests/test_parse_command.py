"""`python -m bot parse` as other tools call it: one message, or one per line on stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "parse", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=True,
    )


def test_single_message_prints_the_contract() -> None:
    out = _run("--json", "--today", "2023-03-15", "เมื่อวาน o12 ลงเว็บแล้วครับ").stdout
    assert json.loads(out) == {
        "intent": "done", "refs": ["o12"], "percent": None, "date": "2023-03-14",
        "code": None, "urls": [],
    }
    assert "ลงเว็บ" not in out and "\\u" not in out  # Thai is printed as Thai, not escaped


def test_batch_mode_keeps_one_line_per_message() -> None:
    messages = ["o23 ได้ 45% ครับ", "", "รับทราบครับ", "ลงทะเบียน zx81qp", "o21 เสร็จหรือยัง"]
    out = _run("--json", "--today", "2023-03-15", "-", stdin="\n".join(messages) + "\n").stdout
    lines = out.splitlines()
    assert len(lines) == len(messages)
    got = [json.loads(line) for line in lines]
    assert [g["intent"] for g in got] == ["in_progress", "none", "none", "register", "status"]
    assert got[0]["percent"] == 45
    assert got[3]["code"] == "ZX81QP"


def test_human_readable_with_text() -> None:
    out = _run("--text", "--today", "2023-03-15", "o12 เสร็จแล้ว").stdout
    assert out.split()[:2] == ["done", "o12"]


def test_json_is_the_default_as_help_and_the_contract_say() -> None:
    out = _run("--today", "2023-03-15", "o12 เสร็จแล้ว").stdout
    assert json.loads(out)["intent"] == "done"
    assert "JSON" in _run("--help").stdout
