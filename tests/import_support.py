"""Shared helpers for the importer tests: where the seeds are, a Word version of a seed
built with python-docx, the database fixture, and running the command line.

(Named test_import_*.py so it lives with the importer tests; it holds no tests itself.)
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from documents.importer.tables import clean_cell, clean_prose

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed_path(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return matches[0]


def seed_to_docx(source: Path, target: Path) -> Path:
    """A Word document with the seed's prose as paragraphs and each block of tab lines as a
    real table. Cells are merged the way Word does it: a header cell followed by empty cells
    spans them, and an empty first-column cell below a filled one is merged down into it (a
    merged "แบบ" column) — so the reader must not duplicate merged text."""
    document = docx.Document()
    lines = source.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        if "\t" not in lines[index]:
            text_line = clean_prose(lines[index])
            if text_line:
                document.add_paragraph(text_line)
            index += 1
            continue
        block = []
        while index < len(lines) and "\t" in lines[index]:
            if any(c.strip() for c in lines[index].split("\t")):
                block.append([clean_cell(c) for c in lines[index].split("\t")])
            index += 1
        width = max(len(row) for row in block)
        table = document.add_table(rows=len(block), cols=width)
        for r, row in enumerate(block):
            for c in range(width):
                value = row[c] if c < len(row) else ""
                if not value:
                    continue
                cell = table.cell(r, c)
                parts = value.split("\n")
                cell.paragraphs[0].text = parts[0]
                for part in parts[1:]:
                    cell.add_paragraph(part)
        _merge_like_word(table, block, width)
    document.save(target)
    return target


def _merge_like_word(table, block: list[list[str]], width: int) -> None:
    def value(r: int, c: int) -> str:
        return block[r][c] if c < len(block[r]) else ""

    # A group header over sub-headers: `แผนการขับเคลื่อน` spanning the empty cells after it.
    if len(block) > 1:
        c = 0
        while c < width:
            end = c
            while end + 1 < width and not value(0, end + 1) and value(1, end + 1):
                end += 1
            if value(0, c) and end > c:
                table.cell(0, c).merge(table.cell(0, end))
            c = end + 1
    # A tool column merged down over the rows of one tool.
    for r in range(2, len(block)):
        if not value(r, 0) and value(r - 1, 0) in ("IIT", "EIT", "OIT") and any(value(r, c) for c in (1, 2)):
            top = r - 1
            table.cell(top, 0).merge(table.cell(r, 0))
            block[r][0] = block[top][0]


def run_cli(monkeypatch, capsys, db: str, *argv: str) -> tuple[int, str, str]:
    """`python -m bot …` in-process with DATABASE_URL set; (exit code, stdout, stderr)."""
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", db)
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def run_json(monkeypatch, capsys, db: str, *argv: str) -> dict:
    code, out, err = run_cli(monkeypatch, capsys, db, *argv, "--json")
    assert code == 0, err
    return json.loads(out)
