"""Round trip with seed 001, a real 6-month report: import it, ask for its round's report
from the command line, and get back its measures, units, deadlines, statuses and done dates
(tests/importer_expectations.py says what the seed states; the seed's own text says which
dates it reports done)."""

from __future__ import annotations

import re

import docx
from openpyxl import load_workbook
from sqlalchemy import select

from documents.report import build_report
from documents.report.thai import done_phrase
from handlers.thai.calendar_words import month_number, thai_digits_to_arabic, year_to_ce
from models import Organization
from models.db import make_engine, make_sessionmaker
from tests.import_support import run_cli, seed_path
from tests.importer_expectations import MEASURES

SEED = "001"
DONE_IN_SEED = re.compile(r"ดำเนินการ\s*เมื่อ\s*วันที่\s*([๐-๙]{1,2})\s*เดือน\s*(\S+)\s*(?:พ\.ศ\.)?\s*([๐-๙]{4})")


def seed_done_dates(text: str) -> set:
    from datetime import date

    return {date(year_to_ce(int(thai_digits_to_arabic(y))), month_number(m), int(thai_digits_to_arabic(d)))
            for d, m, y in DONE_IN_SEED.findall(text)}


def item_lines(row) -> tuple[str, ...]:
    return tuple(f"{i.due_on or '-'} {i.status}" + (f" {i.done_on}" if i.done_on else "")
                 for i in row.items)


def test_seed_001_comes_back_as_its_six_month_report(db_url, tmp_path, monkeypatch, capsys):
    seed = seed_path(SEED)
    code, _, err = run_cli(monkeypatch, capsys, db_url, "import", str(seed))
    assert code == 0, err
    out = tmp_path / "r.docx"
    code, printed, err = run_cli(monkeypatch, capsys, db_url, "report", "--round", "6",
                                 "--fiscal-year", "2566", "--out", str(out))
    assert code == 0, err
    assert "13 measures" in printed

    engine = make_engine(db_url)
    with make_sessionmaker(engine)() as session:
        org_id = session.scalar(select(Organization.id))
        report = build_report(session, org_id, 2566, 6)
    engine.dispose()

    expected = [m for m in MEASURES if m.seed == SEED]
    assert len(report.rows) == len(expected) == 13
    mismatches = []
    for spec in expected:
        found = [r for r in report.rows if spec.title in r.title]
        [row] = [r for r in found if r.title == spec.title] if len(found) > 1 else found
        got = (sorted(row.units), item_lines(row))
        want = (sorted(spec.units), spec.tasks)
        if got != want:
            mismatches.append((spec.title, got, want))
    assert mismatches == []

    stated = seed_done_dates(seed.read_text(encoding="utf-8"))
    reported = {d for r in report.rows for d in r.done_dates}
    assert reported == stated
    assert sum(len(r.done_dates) for r in report.rows) == 16

    text = "\n".join(c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells)
    for day in sorted(stated):
        assert done_phrase(day) in text


def test_the_same_report_as_a_sheet(db_url, tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, db_url, "import", str(seed_path(SEED)))
    assert code == 0, err
    out = tmp_path / "r.xlsx"
    code, _, err = run_cli(monkeypatch, capsys, db_url, "report", "--round", "6",
                           "--fiscal-year", "2566", "--out", str(out))
    assert code == 0, err
    sheet = load_workbook(out)["รายงาน"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "ดำเนินการเมื่อวันที่ ๒๐ เดือน ตุลาคม พ.ศ. ๒๕๖๕" in "\n".join(cells)
    assert sum(1 for c in cells if c.startswith("☑ ") or "\n☑ " in c) == 13  # one tick per measure


def test_bad_requests_get_a_clear_message(db_url, tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, db_url, "import", str(seed_path(SEED)))
    assert code == 0, err
    cases = [
        (("--round", "6", "--fiscal-year", "2566", "--out", str(tmp_path / "r.odt")), "must end in .docx"),
        (("--round", "6", "--fiscal-year", "2570", "--out", str(tmp_path / "r.pdf")),
         "ยังไม่มีแผนมาตรการของปีงบประมาณ 2570"),
        (("--round", "6", "--fiscal-year", "2566", "--unit", "กองไม่มี", "--out", str(tmp_path / "r.pdf")),
         "has no unit 'กองไม่มี'"),
    ]
    for argv, message in cases:
        code, _, err = run_cli(monkeypatch, capsys, db_url, "report", *argv)
        assert code == 2 and message in err, (argv, err)
    assert not any(tmp_path.glob("r.*"))
