"""PDF plans: the seeds printed to PDF import the same measures as their text, through the
console's reader and `python -m bot import plan.pdf`; a scan without text is refused."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from documents.importer.errors import BadInput
from documents.importer.measures import build_plan
from documents.importer.pdf import repair_thai
from documents.importer.tables import read_document
from tests.import_support import seed_path
from tests.pdf_support import seed_pdf


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_a_seed_printed_to_pdf_imports_the_same_measures_as_its_text(seed, tmp_path):
    text = build_plan(read_document(seed_path(seed)))
    pdf = build_plan(read_document(seed_pdf(seed_path(seed), tmp_path)))
    assert len(pdf.measures) == len(text.measures)
    assert pdf.fiscal_year == text.fiscal_year
    assert sorted(pdf.new_units) == sorted(text.new_units)
    assert sorted(r for m in pdf.measures for r in m.refs) == sorted(r for m in text.measures for r in m.refs)


def test_the_command_line_imports_a_pdf(tmp_path, capsys, monkeypatch):
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    pdf = seed_pdf(seed_path("001"), tmp_path)
    assert main(["import", str(pdf), "--dry-run"]) == 0
    assert "พบ 13 มาตรการ" in capsys.readouterr().out


def test_a_scanned_pdf_is_refused_with_a_reason(tmp_path):
    page = Image.new("RGB", (800, 1100), "white")
    ImageDraw.Draw(page).rectangle((100, 100, 700, 400), outline="black", width=3)
    scan = tmp_path / "scan.pdf"
    page.save(scan)
    with pytest.raises(BadInput, match="no text layer"):
        read_document(scan)


@pytest.mark.parametrize(("extracted", "meant"), [
    ("ดำาเนินการ", "ดำเนินการ"),
    ("สํานักปลัด", "สำนักปลัด"),
    ("เมื ่อ", "เมื่อ"),
    ("ข(cid:3)อมูล", "ขอมูล"),
    ("กองคลัง", "กองคลัง"),
])
def test_thai_extraction_faults_are_repaired(extracted, meant):
    assert repair_thai(extracted) == meant
