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
