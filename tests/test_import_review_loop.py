"""The coordinator's review loop: dry run → store → export → correct in Excel → import
again. Corrections land in place, history is kept, nothing is duplicated."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from models import Measure, MeasureUnit, Organization, StatusChange, Task, Unit
from models.db import make_engine, make_sessionmaker
from tests.import_support import run_cli, run_json, seed_path


class Db:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.factory = make_sessionmaker(self.engine)

    def count(self, model) -> int:
        with self.factory() as session:
            return session.scalar(select(func.count()).select_from(model))

    def tasks(self, measure_title: str) -> list[Task]:
        with self.factory() as session:
            return list(
                session.scalars(
                    select(Task)
                    .join(Measure)
                    .where(Measure.title == measure_title)
                    .order_by(Task.due_on, Task.id)
                )
            )

    def measure(self, key: str) -> Measure:
        with self.factory() as session:
            return session.scalar(select(Measure).where(Measure.key == key))


@pytest.fixture
def db(db_url):
    handle = Db(db_url)
    yield handle
    handle.engine.dispose()


def sheet_rows(path: Path):
    book = openpyxl.load_workbook(path)
    sheet = book["มาตรการ"]
    header = [c.value for c in sheet[1]]
    return book, sheet, {name: i + 1 for i, name in enumerate(header)}


def find_row(sheet, cols, **where) -> int:
    for row in range(2, sheet.max_row + 1):
        if all(str(sheet.cell(row, cols[k]).value or "").startswith(v) for k, v in where.items()):
            return row
    raise AssertionError(f"no row with {where}")


def test_review_loop(tmp_path, db_url, db, monkeypatch, capsys):
    seed = str(seed_path("001"))
    dry = run_json(monkeypatch, capsys, db_url, "import", seed, "--dry-run")
    assert db.count(Measure) == 0  # a dry run stores nothing

    stored = run_json(monkeypatch, capsys, db_url, "import", seed)
    assert stored == dry  # the same object, printed after storing
    per_unit = sum(len(m["tasks"]) * len(m["units"]) for m in dry["measures"])
    done = sum(len(m["units"]) for m in dry["measures"] for t in m["tasks"] if t["status"] != "not_started")
    assert (db.count(Measure), db.count(Task), db.count(StatusChange)) == (13, per_unit, done)
    with db.factory() as session:
        org = session.scalar(select(Organization))
        assert org.name == "เทศบาลตำบลพุทไธสง"
        assert all(u.created_by_import for u in session.scalars(select(Unit)))
        section = session.scalar(select(MeasureUnit.section).where(MeasureUnit.section.is_not(None)))
        assert section == "งานพัสดุ"

    # Importing the same file again changes nothing.
    ids = {t.id for t in db.tasks("การปฏิบัติงาน")}
    code, out, _ = run_cli(monkeypatch, capsys, db_url, "import", seed)
    assert code == 0 and "ไม่เปลี่ยน 13" in out
    assert (db.count(Measure), db.count(Task), db.count(StatusChange)) == (13, per_unit, done)
    assert {t.id for t in db.tasks("การปฏิบัติงาน")} == ids

    # Export, correct three things in Excel, import the workbook.
    workbook = tmp_path / "plan.xlsx"
    code, _, err = run_cli(monkeypatch, capsys, db_url, "export", str(workbook))
    assert code == 0, err
    book, sheet, cols = sheet_rows(workbook)
    due_row = find_row(sheet, cols, **{"มาตรการ / ประเด็นที่ต้องปรับปรุง": "การปฏิบัติงาน"})
    sheet.cell(due_row, cols["กำหนดเวลาแล้วเสร็จ"]).value = datetime(2023, 2, 15)
    nov_row = find_row(
        sheet,
        cols,
        **{"มาตรการ / ประเด็นที่ต้องปรับปรุง": "ชาวประชาสัมพันธ์", "งาน (ชื่องาน)": "เจ้าหน้าที่ผู้รับผิดชอบรายงานผล"},
    )
    nov_row += 1  # October is the first row; November the next
    sheet.cell(nov_row, cols["สถานะ"]).value = "ดำเนินการแล้ว"
    sheet.cell(nov_row, cols["ดำเนินการเมื่อวันที่"]).value = datetime(2022, 11, 28)
    title_row = find_row(sheet, cols, **{"ข้อ (o/e/i)": "e7"})
    e7_key = sheet.cell(title_row, cols["รหัสมาตรการ"]).value
    sheet.cell(title_row, cols["มาตรการ / ประเด็นที่ต้องปรับปรุง"]).value = "ประชาสัมพันธ์ผลงาน (แก้ไข)"
    book.save(workbook)

    code, out, err = run_cli(monkeypatch, capsys, db_url, "import", str(workbook))
    assert code == 0, err
    assert (db.count(Measure), db.count(Task)) == (13, per_unit)  # no duplicates
    assert {t.due_on for t in db.tasks("การปฏิบัติงาน")} == {date(2023, 2, 15)}
    assert {t.id for t in db.tasks("การปฏิบัติงาน")} == ids  # updated in place
    assert db.measure(e7_key).title == "ประชาสัมพันธ์ผลงาน (แก้ไข)"
    november = [t for t in db.tasks("ชาวประชาสัมพันธ์") if t.due_on == date(2022, 11, 30)]
    assert {(t.status, t.done_on) for t in november} == {("done", date(2022, 11, 28))}
    assert db.count(StatusChange) == done + len(november)  # appended, one per unit

    # Importing the same workbook again is a no-op too.
    code, out, _ = run_cli(monkeypatch, capsys, db_url, "import", str(workbook))
    assert "ไม่เปลี่ยน 13" in out and db.count(StatusChange) == done + len(november)


def test_tasks_with_history_are_never_deleted(tmp_path, db_url, db, monkeypatch, capsys):
    seed = str(seed_path("001"))
    run_cli(monkeypatch, capsys, db_url, "import", seed)
    with db.factory() as session, session.begin():
        december = session.scalars(
            select(Task)
            .join(Measure)
            .where(Measure.title == "ชาวประชาสัมพันธ์", Task.due_on == date(2022, 12, 31))
        ).first()
        december.changes.append(
            StatusChange(from_status="not_started", to_status="in_progress", source="line")
        )
        december.status = "in_progress"
        kept_id = december.id
    workbook = tmp_path / "plan.xlsx"
    run_cli(monkeypatch, capsys, db_url, "export", str(workbook))
    book, sheet, cols = sheet_rows(workbook)
    first = find_row(sheet, cols, **{"มาตรการ / ประเด็นที่ต้องปรับปรุง": "ชาวประชาสัมพันธ์"})
    sheet.delete_rows(first + 2, 2)  # December (has history) and January (has none)
    book.save(workbook)

    code, out, err = run_cli(monkeypatch, capsys, db_url, "import", str(workbook))
    assert code == 0, err
    dues = [t.due_on for t in db.tasks("ชาวประชาสัมพันธ์")]
    assert date(2023, 1, 31) not in dues  # no history: deleted for every unit
    assert kept_id in {t.id for t in db.tasks("ชาวประชาสัมพันธ์")}
    assert "เก็บงานที่ไม่มีในไฟล์แล้วไว้ เพราะมีประวัติ (1)" in out


def test_status_change_in_a_document_appends_history(tmp_path, db_url, db, monkeypatch, capsys):
    header = "มาตรการ\tผู้รับผิดชอบ\tระยะเวลา\tการดำเนินการ\n"
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "มาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖\n" + header + "จัดทำคู่มือ\tกองคลัง\tภายในเดือนมกราคม ๒๕๖๖\t\n",
        encoding="utf-8",
    )
    run_cli(monkeypatch, capsys, db_url, "import", str(plan))
    assert [t.status for t in db.tasks("จัดทำคู่มือ")] == ["not_started"]
    plan.write_text(
        "มาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖\n" + header + "จัดทำคู่มือ\tกองคลัง\tภายในเดือนมกราคม ๒๕๖๖\t"
        "ดำเนินการเมื่อวันที่ ๒๐ มกราคม ๒๕๖๖\n",
        encoding="utf-8",
    )
    run_cli(monkeypatch, capsys, db_url, "import", str(plan))
    (task,) = db.tasks("จัดทำคู่มือ")
    assert (task.status, task.done_on) == ("done", date(2023, 1, 20))
    with db.factory() as session:
        changes = session.scalars(select(StatusChange).where(StatusChange.task_id == task.id)).all()
        assert [(c.from_status, c.to_status, c.source) for c in changes] == [
            ("not_started", "done", "import")
        ]


def test_org_is_created_with_the_slug_given(db_url, db, monkeypatch, capsys):
    run_cli(monkeypatch, capsys, db_url, "import", str(seed_path("003")), "--org", "khuemyai")
    with db.factory() as session:
        org = session.scalar(select(Organization))
        assert (org.slug, org.name) == ("khuemyai", "องค์การบริหารส่วนตำบลคึมใหญ่")
