"""PlanDraft → database, in the caller's transaction, so that re-importing is safe.

* Measures are found by (fiscal year, key), tasks by (measure, key). A task's key is the
  work item's key plus the unit (`r0d.n1.0@202210@u3`): a measure with several units has
  one task per work item and unit.
* Changed rows are updated in place; nothing is written when nothing changed, so a second
  import of the same file is a no-op.
* A status is only changed when the document states one (`TaskDraft.status_given`), and
  every change appends a StatusChange (source "import"); history is never rewritten.
* A task that the document no longer has is deleted only if it has no history at all (no
  StatusChange, still not started, never reminded about); otherwise it is kept and reported.
  Measures missing from the document are left alone.
* Units the organization does not have yet are created with `created_by_import=True`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from documents.importer.draft import MeasureDraft, PlanDraft, TaskDraft
from handlers.thai.calendar_words import fiscal_year_bounds
from models import (
    ActionToken,
    FiscalYear,
    Measure,
    MeasureRef,
    MeasureUnit,
    Organization,
    SentMessage,
    Status,
    StatusChange,
    Task,
    Unit,
)


@dataclass
class StoreReport:
    organization_created: bool = False
    measures_created: int = 0
    measures_updated: int = 0
    measures_unchanged: int = 0
    tasks_created: int = 0
    tasks_updated: int = 0
    tasks_deleted: int = 0
    tasks_kept: list[str] = field(default_factory=list)  # dropped by the file, kept for history
    status_changes: int = 0
    units_created: list[str] = field(default_factory=list)


def existing_unit_names(session: Session, org_slug: str) -> list[str]:
    org = session.scalar(select(Organization).where(Organization.slug == org_slug))
    if org is None:
        return []
    return list(session.scalars(select(Unit.name).where(Unit.org_id == org.id).order_by(Unit.id)))


def work_key(task_key: str) -> str:
    """The work item's key of a stored task key (the unit suffix removed)."""
    return task_key.rsplit("@u", 1)[0]


def store_plan(session: Session, plan: PlanDraft, org_slug: str, default_org_name: str) -> StoreReport:
    report = StoreReport()
    org = session.scalar(select(Organization).where(Organization.slug == org_slug))
    if org is None:
        org = Organization(slug=org_slug, name=plan.organization or default_org_name)
        session.add(org)
        session.flush()
        report.organization_created = True
    if plan.fiscal_year is None:
        raise ValueError("a plan needs a fiscal year to be stored")
    fy = session.scalar(
        select(FiscalYear).where(FiscalYear.org_id == org.id, FiscalYear.year_be == plan.fiscal_year)
    )
    if fy is None:
        starts, ends = fiscal_year_bounds(plan.fiscal_year)
        fy = FiscalYear(org_id=org.id, year_be=plan.fiscal_year, starts_on=starts, ends_on=ends)
        session.add(fy)
        session.flush()

    units = {u.name: u for u in session.scalars(select(Unit).where(Unit.org_id == org.id))}
    for name in (n for m in plan.measures for n in m.units):
        if name not in units:
            units[name] = Unit(org_id=org.id, name=name[:255], created_by_import=True)
            session.add(units[name])
            report.units_created.append(name)
    session.flush()

    existing = {m.key: m for m in session.scalars(select(Measure).where(Measure.fiscal_year_id == fy.id))}
    for draft in plan.measures:
        measure = existing.get(draft.key)
        created = measure is None
        if created:
            measure = Measure(org_id=org.id, fiscal_year_id=fy.id, key=draft.key, title=draft.title)
            session.add(measure)
            report.measures_created += 1
        changed = _update_measure(session, measure, draft, plan.file)
        changed |= _update_units(session, measure, draft, units)
        changed |= _update_tasks(session, org.id, measure, draft, units, report, plan.file)
        if not created:
            if changed:
                report.measures_updated += 1
            else:
                report.measures_unchanged += 1
    session.flush()
    return report


def _assign(obj, **values) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _update_measure(session: Session, measure: Measure, draft: MeasureDraft, file: str) -> bool:
    changed = _assign(
        measure, title=draft.title, tool=draft.tool, indicator=draft.indicator, steps=draft.steps
    )
    # Where it came from is kept current but is not a change of the plan.
    measure.source_file, measure.source_line = file[:255], draft.source.line
    if measure.ref_codes != draft.refs:
        measure.refs.clear()
        session.flush()
        for position, ref in enumerate(draft.refs):
            measure.refs.append(MeasureRef(ref=ref, position=position))
        changed = True
    return changed


def _update_units(session: Session, measure: Measure, draft: MeasureDraft, units: dict[str, Unit]) -> bool:
    changed = False
    wanted = {units[name].id: draft.sections.get(name) for name in draft.units}
    current = {mu.unit_id: mu for mu in measure.units}
    for unit_id, link in current.items():
        if unit_id not in wanted:
            measure.units.remove(link)
            changed = True
    for unit_id, section in wanted.items():
        link = current.get(unit_id)
        if link is None:
            measure.units.append(MeasureUnit(unit_id=unit_id, section=section))
            changed = True
        elif link.section != section:
            link.section = section
            changed = True
    return changed


def _has_history(session: Session, task: Task) -> bool:
    if task.status != Status.NOT_STARTED:
        return True
    for model in (StatusChange, SentMessage, ActionToken):
        count = session.scalar(select(func.count()).select_from(model).where(model.task_id == task.id))
        if count:
            return True
    return False


def _record_change(task: Task, new_status: str, done_on: date | None, file: str) -> None:
    task.changes.append(
        StatusChange(
            from_status=task.status if task.id else None,
            to_status=new_status,
            done_on=done_on,
            source="import",
            note=f"นำเข้าจาก {file}"[:1000],
        )
    )


def _update_tasks(
    session: Session,
    org_id: int,
    measure: Measure,
    draft: MeasureDraft,
    units: dict[str, Unit],
    report: StoreReport,
    file: str,
) -> bool:
    changed = False
    current = {t.key: t for t in measure.tasks} if measure.id else {}
    wanted: dict[str, tuple[TaskDraft, Unit]] = {}
    for name in draft.units:
        unit = units[name]
        for task in draft.tasks:
            wanted[f"{task.key}@u{unit.id}"[:128]] = (task, unit)
    for key, (task_draft, unit) in wanted.items():
        task = current.get(key)
        if task is None:
            task = Task(
                org_id=org_id,
                unit_id=unit.id,
                key=key,
                title=task_draft.title,
                due_on=task_draft.due,
                status=Status.NOT_STARTED,
            )
            measure.tasks.append(task)
            report.tasks_created += 1
            changed = True
            if task_draft.status_given and task_draft.status != Status.NOT_STARTED:
                _record_change(task, task_draft.status, task_draft.done_on, file)
                _set_status(task, task_draft)
                report.status_changes += 1
            continue
        fields_changed = _assign(task, title=task_draft.title, due_on=task_draft.due, unit_id=unit.id)
        status_changed = task_draft.status_given and (
            task.status != task_draft.status
            or (task_draft.status == Status.DONE and task.done_on != task_draft.done_on)
        )
        if status_changed:
            _record_change(task, task_draft.status, task_draft.done_on, file)
            _set_status(task, task_draft)
            report.status_changes += 1
        if fields_changed or status_changed:
            report.tasks_updated += 1
            changed = True
    for key, task in current.items():
        if key in wanted:
            continue
        if _has_history(session, task):
            report.tasks_kept.append(f"{measure.title[:60]} / {task.title[:60]}")
            continue
        measure.tasks.remove(task)
        session.delete(task)
        report.tasks_deleted += 1
        changed = True
    return changed


def _set_status(task: Task, draft: TaskDraft) -> None:
    task.status = draft.status
    task.done_on = draft.done_on if draft.status == Status.DONE else None
    task.percent = 100 if draft.status == Status.DONE else task.percent
