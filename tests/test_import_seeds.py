"""The five seed documents, as text and as Word files built from them, read as a careful
coordinator reads them (tests/importer_expectations.py is the spec, one row each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from documents.importer.draft import MeasureDraft, PlanDraft
from documents.importer.measures import build_plan
from documents.importer.tables import read_document
from tests.import_support import seed_path, seed_to_docx
from tests.importer_expectations import (
    DOCUMENTS,
    DUPLICATE_TITLES,
    MEASURES,
    SECTIONS,
    SOURCE_LINES,
)

FORMATS = ("text", "docx")
_cache: dict[tuple[str, str], PlanDraft] = {}


def plan_of(seed: str, fmt: str, tmp_dir: Path) -> PlanDraft:
    if (seed, fmt) not in _cache:
        source = seed_path(seed)
        if fmt == "docx":
            source = seed_to_docx(source, tmp_dir / f"{seed}.docx")
        _cache[(seed, fmt)] = build_plan(read_document(source))
    return _cache[(seed, fmt)]


@pytest.fixture(scope="module")
def tmp_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("docx")


def find(plan: PlanDraft, fragment: str) -> MeasureDraft:
    found = [m for m in plan.measures if fragment in m.title]
    if len(found) > 1:
        found = [m for m in found if m.title == fragment] or found
    assert len(found) == 1, f"{fragment!r} matched {[m.title for m in found]}"
    return found[0]


def task_lines(measure: MeasureDraft) -> tuple[str, ...]:
    out = []
    for task in measure.tasks:
        line = f"{task.due or '-'} {task.status}"
        if task.done_on:
            line += f" {task.done_on}"
        out.append(line)
    return tuple(out)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d.seed)
def test_document_totals(doc, fmt, tmp_dir):
    plan = plan_of(doc.seed, fmt, tmp_dir)
    tasks = [t for m in plan.measures for t in m.tasks]
    skipped = [w for w in plan.warnings if "table skipped" in w.message]
    assert (plan.organization, plan.fiscal_year) == (doc.organization, doc.fiscal_year)
    assert len(plan.measures) == doc.measures
    assert len(tasks) == doc.tasks
    assert sum(1 for t in tasks if t.due) == doc.dated_tasks
    assert sum(1 for t in tasks if t.status == "done") == doc.done
    assert sum(1 for t in tasks if t.status == "in_progress") == doc.in_progress
    assert len(skipped) == doc.skipped_tables


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("want", MEASURES, ids=lambda m: f"{m.seed}-{m.title[:24]}")
def test_measure(want, fmt, tmp_dir):
    measure = find(plan_of(want.seed, fmt, tmp_dir), want.title)
    assert (measure.tool, measure.indicator) == (want.tool, want.indicator)
    assert tuple(measure.refs) == want.refs
    assert tuple(measure.units) == want.units
    if want.tasks is not None:
        assert task_lines(measure) == want.tasks


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("seed", "title", "sections"), SECTIONS)
def test_sections_are_kept_beside_the_unit(seed, title, sections, fmt, tmp_dir):
    assert find(plan_of(seed, fmt, tmp_dir), title).sections == sections


@pytest.mark.parametrize(("seed", "title", "count"), DUPLICATE_TITLES)
def test_measures_with_the_same_title_stay_apart(seed, title, count, tmp_dir):
    plan = plan_of(seed, "text", tmp_dir)
    same = [m for m in plan.measures if m.title == title]
    assert len(same) == count
    assert len({m.key for m in same}) == count


@pytest.mark.parametrize(("seed", "title", "line"), SOURCE_LINES)
def test_source_line_is_the_measures_first_row(seed, title, line, tmp_dir):
    measure = find(plan_of(seed, "text", tmp_dir), title)
    assert measure.source.line == line
    assert measure.source.file == seed_path(seed).name


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d.seed)
def test_keys_are_stable_and_distinct(doc, tmp_dir):
    first = plan_of(doc.seed, "text", tmp_dir)
    again = build_plan(read_document(seed_path(doc.seed)))
    assert [m.key for m in first.measures] == [m.key for m in again.measures]
    assert len({m.key for m in first.measures}) == len(first.measures)
    for measure in first.measures:
        assert len({t.key for t in measure.tasks}) == len(measure.tasks)


def test_word_version_reads_like_the_text(tmp_dir):
    for doc in DOCUMENTS:
        text, word = plan_of(doc.seed, "text", tmp_dir), plan_of(doc.seed, "docx", tmp_dir)
        assert [m.to_json() | {"source": None} for m in text.measures] == [
            m.to_json() | {"source": None} for m in word.measures
        ]
