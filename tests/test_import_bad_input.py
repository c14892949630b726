"""Bad input: one clear line that says what and where, exit code 2, nothing stored."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from models import Measure, Organization
from models.db import make_engine, make_sessionmaker
from tests.import_support import run_cli

GOOD_HEADER = "มาตรการ\tผู้รับผิดชอบ\tระยะเวลา\tการดำเนินการ"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def rows_stored(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            return (
                session.scalar(select(func.count()).select_from(Organization)),
                session.scalar(select(func.count()).select_from(Measure)),
            )
    finally:
        engine.dispose()


def word_without_tables(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("มาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")
    document.save(tmp_path / "no_tables.docx")
    return tmp_path / "no_tables.docx"


CASES = [
    ("empty.txt", b"", "empty.txt: the file is empty"),
    ("blank.csv", b"  \n\n", "blank.csv: the file is empty"),
    ("garbage.txt", bytes(range(256)) * 20, "garbage.txt: not a text document"),
    ("garbage.docx", os.urandom(2000), "garbage.docx: not a valid .docx file"),
    ("scan.txt", b"%PDF-1.7\n...", "scan.txt: cannot open the PDF (damaged"),
    ("prose.txt", "ประจำปีงบประมาณ ๒๕๖๖\nไม่มีตารางเลย\n", "prose.txt: no table found"),
    ("columns.txt", "ก\tข\tค\n๑\t๒\t๓\n", "columns.txt:1: no recognizable columns"),
    (
        "scores.txt",
        "แบบ\tตัวชี้วัด\tผลการประเมิน\tประเด็นที่ต้องแก้ไข\nIIT\tการปฏิบัติหน้าที่\t๘๘.๙๗\t-\n",
        "scores.txt:1: no measures table",
    ),
    (
        "feb31.txt",
        f"ปีงบประมาณ พ.ศ. ๒๕๖๖\n{GOOD_HEADER}\n"
        "จัดทำคู่มือ\tกองคลัง\tภายในเดือนมกราคม ๒๕๖๖\tดำเนินการเมื่อวันที่ ๓๑ กุมภาพันธ์ ๒๕๖๖\n",
        "feb31.txt:3: impossible date '31 กุมภาพันธ์ 2566'",
    ),
    (
        "due31.txt",
        f"ปีงบประมาณ พ.ศ. ๒๕๖๖\n{GOOD_HEADER}\nจัดทำคู่มือ\tกองคลัง\tภายในวันที่ ๓๑ เมษายน ๒๕๖๖\t\n",
        "due31.txt:3: impossible date",
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "store"])
def test_bad_input_exits_2_and_stores_nothing(
    name, data, message, dry_run, tmp_path, db_url, monkeypatch, capsys
):
    path = write(tmp_path, name, data)
    args = ["import", str(path)] + (["--dry-run"] if dry_run else [])
    code, out, err = run_cli(monkeypatch, capsys, db_url, *args)
    assert code == 2
    assert message in err
    assert out == ""
    assert rows_stored(db_url) == (0, 0)


def test_word_file_without_tables(tmp_path, db_url, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, db_url, "import", str(word_without_tables(tmp_path)))
    assert code == 2
    assert "no_tables.docx: the Word file has no tables" in err


def test_missing_file(tmp_path, db_url, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, db_url, "import", str(tmp_path / "nope.txt"))
    assert code == 2
    assert "nope.txt: cannot read the file" in err


def test_a_failure_while_storing_leaves_nothing_half_imported(tmp_path, db_url, monkeypatch, capsys):
    from documents.importer import store

    path = write(
        tmp_path,
        "plan.txt",
        f"ปีงบประมาณ พ.ศ. ๒๕๖๖\n{GOOD_HEADER}\n"
        "จัดทำคู่มือ\tกองคลัง\tภายในเดือนมกราคม ๒๕๖๖\t\n"
        "เผยแพร่ข้อมูล\tสำนักปลัด\tทุกเดือน\t\n",
    )
    real, calls = store._update_tasks, []

    def fail_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "_update_tasks", fail_on_second)
    with pytest.raises(RuntimeError, match="disk full"):
        run_cli(monkeypatch, capsys, db_url, "import", str(path))
    assert rows_stored(db_url) == (0, 0)


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, db_url, monkeypatch, capsys):
    path = write(
        tmp_path, "plan.txt", f"ปีงบประมาณ พ.ศ. ๒๕๖๖\n{GOOD_HEADER}\nจัดทำคู่มือ\tกองคลัง\tภายในเดือนมกราคม ๒๕๖๖\t\n"
    )
    code, _, err = run_cli(monkeypatch, capsys, db_url, "import", str(path), "--dry-run")
    assert code == 0
    assert err == ""
