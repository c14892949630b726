"""PDFs of the seeds made as an organization makes them: the seed as a Word document
(ruled tables, rows kept whole on a page, a Thai font), printed to PDF by LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tests.import_support import seed_to_docx


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing: .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def official_docx(seed: Path, target: Path) -> Path:
    seed_to_docx(seed, target)
    document = docx.Document(target)
    for table in document.tables:
        table.style = document.styles["Table Grid"]
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    fonts = document.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Garuda")
    document.save(target)
    return target


def seed_pdf(seed: Path, folder: Path) -> Path:
    source = official_docx(seed, folder / f"{seed.stem}.docx")
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{folder}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return folder / f"{seed.stem}.pdf"


def to_pdf(source: Path, folder: Path) -> Path:
    """A Word document printed to PDF by LibreOffice, as a coordinator's office does."""
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{folder}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return folder / f"{source.stem}.pdf"


def word_plan(target: Path, title: str, header: list[str], rows: list[list[str]], *,
              repeat_header: bool, rows_split: bool, widths_cm: list[float] | None = None) -> Path:
    """A measures plan typed in Word: a title line, then one ruled table. `repeat_header`
    is Word's "repeat as header row at the top of each page"; `rows_split` is "allow row
    to break across pages" (on in a new Word table). A cell's lines are its paragraphs."""
    document = docx.Document()
    fonts = document.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Garuda")
    document.add_paragraph(title)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = document.styles["Table Grid"]
    for r, values in enumerate([header, *rows]):
        row = table.rows[r]
        properties = row._tr.get_or_add_trPr()
        if r == 0 and repeat_header:
            properties.append(OxmlElement("w:tblHeader"))
        if not rows_split:
            properties.append(OxmlElement("w:cantSplit"))
        for c, value in enumerate(values):
            lines = value.split("\n")
            cell = row.cells[c]
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    if widths_cm:
        from docx.shared import Cm

        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
    document.save(target)
    return target
