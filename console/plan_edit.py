"""Changing the stored plan one measure or task at a time, without re-importing.

A task that has history (a status change, a reminder about it, a button for it) is never
deleted: its record is the evidence the annual report cites. Moving a task to another unit
keeps its history with it.
"""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from console.access import Viewer
from models import (
    ActionToken,
    FiscalYear,
    Measure,
    MeasureRef,
    MeasureUnit,
    SentMessage,
    Status,
    StatusChange,
    Task,
)


class EditRefused(Exception):
    """A change that cannot be made, with the Thai reason shown on the page."""


def measures_of(session: Session, who: Viewer, fy: FiscalYear) -> list[Measure]:
    measures = session.scalars(
        select(Measure).where(Measure.fiscal_year_id == fy.id)
        .options(selectinload(Measure.refs), selectinload(Measure.tasks).selectinload(Task.unit),
                 selectinload(Measure.units).selectinload(MeasureUnit.unit))
        .order_by(Measure.source_line, Measure.id)).all()
    if who.sees_all:
        return list(measures)
    return [m for m in measures if any(who.may_see(link.unit_id) for link in m.units)]


def has_history(session: Session, task: Task) -> bool:
    if task.status != Status.NOT_STARTED:
        return True
    return any(session.scalar(select(func.count()).select_from(model).where(model.task_id == task.id))
               for model in (StatusChange, SentMessage, ActionToken))


def add_measure(session: Session, org_id: int, fy: FiscalYear, *, title: str, indicator: int | None,
                refs: list[str], unit_ids: list[int]) -> Measure:
    if not title.strip():
        raise EditRefused("กรุณาใส่ชื่อมาตรการ")
    measure = Measure(org_id=org_id, fiscal_year_id=fy.id, key=f"console-{secrets.token_hex(6)}",
                      title=title.strip(), tool="OIT" if any(r.startswith("o") for r in refs) else None,
                      indicator=indicator, source_file="console")
    for position, ref in enumerate(refs):
        measure.refs.append(MeasureRef(ref=ref, position=position))
    for unit_id in unit_ids:
        measure.units.append(MeasureUnit(unit_id=unit_id))
    session.add(measure)
    session.flush()
    return measure


def edit_measure(session: Session, measure: Measure, *, title: str, indicator: int | None,
                 refs: list[str]) -> None:
    if not title.strip():
        raise EditRefused("กรุณาใส่ชื่อมาตรการ")
    measure.title, measure.indicator = title.strip(), indicator
    if measure.ref_codes != refs:
        measure.refs.clear()
        session.flush()
        for position, ref in enumerate(refs):
            measure.refs.append(MeasureRef(ref=ref, position=position))


def delete_measure(session: Session, measure: Measure) -> None:
    if any(has_history(session, t) for t in measure.tasks):
        raise EditRefused("มาตรการนี้มีงานที่มีประวัติการรายงานแล้ว จึงลบไม่ได้ (ประวัติเป็นหลักฐานของรายงานประจำปี)")
    for task in list(measure.tasks):
        session.delete(task)
    session.delete(measure)


def add_task(session: Session, measure: Measure, *, unit_id: int, title: str, due: date | None) -> Task:
    if not title.strip():
        raise EditRefused("กรุณาใส่ชื่องาน")
    if unit_id not in {link.unit_id for link in measure.units}:
        measure.units.append(MeasureUnit(unit_id=unit_id))
    task = Task(org_id=measure.org_id, measure_id=measure.id, unit_id=unit_id, title=title.strip(),
                due_on=due, key=f"console-{secrets.token_hex(6)}@u{unit_id}", status=Status.NOT_STARTED)
    session.add(task)
    session.flush()
    return task


def edit_task(session: Session, task: Task, *, title: str, due: date | None, unit_id: int) -> None:
    """Title, due date, and the unit it belongs to (a move keeps its history)."""
    if not title.strip():
        raise EditRefused("กรุณาใส่ชื่องาน")
    task.title, task.due_on = title.strip(), due
    if unit_id != task.unit_id:
        task.unit_id = unit_id
        if unit_id not in {link.unit_id for link in task.measure.units}:
            task.measure.units.append(MeasureUnit(unit_id=unit_id))


def delete_task(session: Session, task: Task) -> None:
    if has_history(session, task):
        raise EditRefused("งานนี้มีประวัติการรายงานหรือการแจ้งเตือนแล้ว จึงลบไม่ได้ แก้ชื่อหรือกำหนดส่งแทนได้")
    session.delete(task)


def parse_refs(text: str) -> list[str]:
    return [r.strip().lower() for r in text.replace("،", ",").split(",") if r.strip()][:20]
