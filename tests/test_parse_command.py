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
    got = json.loads(out)
    assert 0.5 < got.pop("confidence") <= 1
    assert got == {
        "intent": "done", "refs": ["o12"], "percent": None, "date": "2023-03-14",
        "code": None, "urls": [],
        "updates": [{"refs": ["o12"], "intent": "done", "percent": None, "date": "2023-03-14"}],
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


def test_batch_mode_reads_each_part_of_a_multi_item_message() -> None:
    """A message's line breaks arrive as " / "; each part keeps its own status."""
    messages = ["o12 เสร็จแล้ว o13 กำลังทำ 50% o14 ยังไม่เริ่ม",
                "แจ้งความคืบหน้าค่ะ / o5 ลงเว็บแล้ว / o6 ได้ 30%"]
    out = _run("--json", "--today", "2023-03-15", "-", stdin="\n".join(messages) + "\n").stdout
    first, second = (json.loads(line) for line in out.splitlines())
    assert [(u["refs"], u["intent"], u["percent"]) for u in first["updates"]] == [
        (["o12"], "done", None), (["o13"], "in_progress", 50), (["o14"], "not_started", None)]
    assert first["refs"] == ["o12", "o13", "o14"]
    assert [(u["refs"], u["intent"], u["percent"]) for u in second["updates"]] == [
        (["o5"], "done", None), (["o6"], "in_progress", 30)]
