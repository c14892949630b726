"""The published template: written by `python -m bot template`, read back by the importer,
as .xlsx and as .csv."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from documents.importer.template import COLUMNS
from tests.import_support import run_cli, run_json

EXAMPLE = {
    "title": "เผยแพร่รายงานผลการดำเนินงานประจำปี รอบ ๖ เดือน",
    "tool": "OIT",
    "indicator": 9,
    "refs": ["o12"],
    "units": ["สำนักปลัด"],
    "tasks": [
        {
            "title": "เผยแพร่รายงานผลการดำเนินงานประจำปี รอบ ๖ เดือน",
            "due": "2024-04-30",
            "status": "not_started",
            "done_on": None,
        }
    ],
}


def write_template(tmp_path, db_url, monkeypatch, capsys) -> Path:
    path = tmp_path / "template.xlsx"
    code, out, _ = run_cli(monkeypatch, capsys, db_url, "template", str(path), "--fiscal-year", "2567")
    assert code == 0 and str(path) in out
    return path


def test_template_has_thai_headers_an_example_and_a_help_sheet(tmp_path, db_url, monkeypatch, capsys):
    book = openpyxl.load_workbook(write_template(tmp_path, db_url, monkeypatch, capsys))
    sheet, help_sheet = book["มาตรการ"], book["คำอธิบาย"]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert sheet.max_row == 2  # one filled example row
    explained = {row[0] for row in help_sheet.iter_rows(min_row=2, values_only=True)}
    assert {c.header for c in COLUMNS} <= explained


def test_template_example_reads_back(tmp_path, db_url, monkeypatch, capsys):
    path = write_template(tmp_path, db_url, monkeypatch, capsys)
    plan = run_json(monkeypatch, capsys, db_url, "import", str(path), "--dry-run")
    assert plan["fiscal_year"] == 2567
    (measure,) = plan["measures"]
    assert {k: measure[k] for k in EXAMPLE} == EXAMPLE
    assert measure["source"] == {"file": "template.xlsx", "line": 2}


def test_filled_template_rows_make_measures_and_tasks(tmp_path, db_url, monkeypatch, capsys):
    path = write_template(tmp_path, db_url, monkeypatch, capsys)
    book = openpyxl.load_workbook(path)
    sheet = book["มาตรการ"]
    sheet.append(
        [
            "",
            "",
            "2567",
            "EIT",
            "7",
            "e10",
            "ประชาสัมพันธ์ช่องทางร้องเรียน",
            "",
            "กองคลัง, สำนักปลัด (งานนิติการ)",
            "",
            "ไตรมาสละ ๑ ครั้ง",
            "",
            "",
            "",
        ]
    )
    sheet.append(
        [
            "",
            "",
            "2567",
            "",
            "",
            "",
            "จัดทำคู่มือ",
            "",
            "ทุกส่วนราชการ",
            "",
            "๓๐ วัน",
            "ดำเนินการแล้ว",
            "2023-10-20",
            "",
        ]
    )
    book.save(path)
    plan = run_json(monkeypatch, capsys, db_url, "import", str(path), "--dry-run")
    _example, quarterly, manual = plan["measures"]
    assert (quarterly["tool"], quarterly["indicator"], quarterly["refs"]) == ("EIT", 7, ["e10"])
    assert quarterly["units"] == ["สำนักปลัด", "กองคลัง"]
    assert [t["due"] for t in quarterly["tasks"]] == ["2023-12-31", "2024-03-31", "2024-06-30", "2024-09-30"]
    assert (manual["tool"], manual["indicator"]) == (None, None)  # nothing carried from above
    assert manual["units"] == ["สำนักปลัด", "กองคลัง", "กองช่าง"]
    assert manual["tasks"] == [
        {"title": "จัดทำคู่มือ", "due": "2023-10-31", "status": "done", "done_on": "2023-10-20"}
    ]


def test_template_as_csv(tmp_path, db_url, monkeypatch, capsys):
    book = openpyxl.load_workbook(write_template(tmp_path, db_url, monkeypatch, capsys))
    path = tmp_path / "plan.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in book["มาตรการ"].iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
    plan = run_json(monkeypatch, capsys, db_url, "import", str(path), "--dry-run")
    (measure,) = plan["measures"]
    assert {k: measure[k] for k in EXAMPLE} == EXAMPLE


def test_fiscal_year_option_overrides_the_document(tmp_path, db_url, monkeypatch, capsys):
    path = write_template(tmp_path, db_url, monkeypatch, capsys)
    plan = run_json(monkeypatch, capsys, db_url, "import", str(path), "--dry-run", "--fiscal-year", "2568")
    assert plan["fiscal_year"] == 2568
    assert plan["measures"][0]["tasks"][0]["due"] == "2024-04-30"  # its year was written


def test_dry_run_table_is_thai(tmp_path, db_url, monkeypatch, capsys):
    path = write_template(tmp_path, db_url, monkeypatch, capsys)
    code, out, _ = run_cli(monkeypatch, capsys, db_url, "import", str(path), "--dry-run")
    assert code == 0
    assert "ปีงบประมาณ: 2567" in out and "พบ 1 มาตรการ, 1 งาน" in out
    assert "30 เม.ย. 2567" in out and "ยังไม่ดำเนินการ" in out
    assert "หน่วยงานที่ยังไม่มีในระบบ จะสร้างใหม่" in out and "ทดลองนำเข้า" in out
