"""The measures-document importer: Word/PDF text, .docx, .xlsx and .csv → measures and tasks.

The pipeline, one module per step:

    tables.read_document   file → prose lines and raw table rows with their source positions
    columns.logical_tables raw rows → tables with column roles (repeated headers folded away)
    measures.build_plan    tables → PlanDraft (measures, tasks, warnings), pure, no database
    store.store_plan       PlanDraft → database, idempotent, one transaction
    render.render_plan     PlanDraft → the Thai dry-run table

`docs/IMPORT.md` explains the decisions (which tables are plans, Thai time rules, units).
"""

from documents.importer.draft import MeasureDraft, Notice, PlanDraft, Source, TaskDraft
from documents.importer.errors import BadInput

__all__ = ["BadInput", "MeasureDraft", "Notice", "PlanDraft", "Source", "TaskDraft"]
