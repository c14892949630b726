"""Add, edit, move or delete one measure or task of the stored plan."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for

from console import plan_edit
from console.access import record
from console.orgdata import fiscal_year, units
from console.web import db, require_change, require_coordinator, viewer
from models import Measure, Task

blueprint = Blueprint("measures", __name__)


def _measure(measure_id: int) -> Measure:
    measure = db().get(Measure, measure_id)
    if measure is None or measure.org_id != viewer().org_id:
        abort(404)
    return measure


def _task(task_id: int) -> Task:
    task = db().get(Task, task_id)
    if task is None or task.org_id != viewer().org_id:
        abort(404)
    return task


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _back(error: str | None = None, anchor: str = ""):
    return redirect(url_for("plan.plan_page", error=error) + anchor)


@blueprint.post("/console/plan/measures")
def add_measure():
    who = require_coordinator()
    session = db()
    fy = fiscal_year(session, who.org_id, request.form.get("fiscal_year", type=int))
    if fy is None:
        return _back("ยังไม่มีแผนของปีงบประมาณนี้ กรุณานำเข้าแผนก่อน")
    try:
        unit_ids = [int(u) for u in request.form.getlist("unit")]
        allowed = {u.id for u in units(session, who.org_id)}
        if not unit_ids or not set(unit_ids) <= allowed:
            return _back("กรุณาเลือกหน่วยงานที่รับผิดชอบ")
        measure = plan_edit.add_measure(
            session, who.org_id, fy, title=request.form.get("title", ""),
            indicator=request.form.get("indicator", type=int),
            refs=plan_edit.parse_refs(request.form.get("refs", "")), unit_ids=unit_ids)
        due = _day(request.form.get("due"))
        for unit_id in unit_ids:
            plan_edit.add_task(session, measure, unit_id=unit_id, title=measure.title, due=due)
    except (plan_edit.EditRefused, ValueError) as exc:
        session.rollback()
        return _back(str(exc) or "ข้อมูลไม่ถูกต้อง")
    record(session, who, "measure_add", measure.title)
    session.commit()
    return _back(anchor=f"#measure{measure.id}")


@blueprint.get("/console/plan/measures/<int:measure_id>")
def measure_page(measure_id: int):
    measure = _measure(measure_id)
    return render_template("console/measure.html", measure=measure,
                           units=units(db(), measure.org_id), error=request.args.get("error"))


@blueprint.post("/console/plan/measures/<int:measure_id>")
def edit_measure(measure_id: int):
    who = require_coordinator()
    measure = _measure(measure_id)
    try:
        plan_edit.edit_measure(db(), measure, title=request.form.get("title", ""),
                               indicator=request.form.get("indicator", type=int),
                               refs=plan_edit.parse_refs(request.form.get("refs", "")))
    except plan_edit.EditRefused as exc:
        return redirect(url_for("measures.measure_page", measure_id=measure_id, error=str(exc)))
    record(db(), who, "measure_edit", f"#{measure.id} {measure.title}")
    db().commit()
    return redirect(url_for("measures.measure_page", measure_id=measure_id))


@blueprint.post("/console/plan/measures/<int:measure_id>/delete")
def delete_measure(measure_id: int):
    who = require_coordinator()
    measure = _measure(measure_id)
    title = measure.title
    try:
        plan_edit.delete_measure(db(), measure)
    except plan_edit.EditRefused as exc:
        return redirect(url_for("measures.measure_page", measure_id=measure_id, error=str(exc)))
    record(db(), who, "measure_delete", title)
    db().commit()
    return _back()


@blueprint.post("/console/plan/measures/<int:measure_id>/tasks")
def add_task(measure_id: int):
    measure = _measure(measure_id)
    unit_id = request.form.get("unit", type=int) or 0
    who = require_change(unit_id)
    try:
        task = plan_edit.add_task(db(), measure, unit_id=unit_id, title=request.form.get("title", ""),
                                  due=_day(request.form.get("due")))
    except (plan_edit.EditRefused, ValueError) as exc:
        db().rollback()
        return redirect(url_for("measures.measure_page", measure_id=measure_id, error=str(exc)))
    record(db(), who, "task_add", f"#{task.id} {task.title}")
    db().commit()
    return redirect(url_for("measures.measure_page", measure_id=measure_id))


@blueprint.post("/console/plan/tasks/<int:task_id>")
def edit_task(task_id: int):
    task = _task(task_id)
    who = require_change(task.unit_id)
    unit_id = request.form.get("unit", type=int) or task.unit_id
    require_change(unit_id)
    try:
        plan_edit.edit_task(db(), task, title=request.form.get("title", ""),
                            due=_day(request.form.get("due")), unit_id=unit_id)
    except (plan_edit.EditRefused, ValueError) as exc:
        db().rollback()
        return redirect(url_for("measures.measure_page", measure_id=task.measure_id, error=str(exc)))
    record(db(), who, "task_edit", f"#{task.id} {task.title} กำหนด {task.due_on}")
    db().commit()
    return redirect(url_for("measures.measure_page", measure_id=task.measure_id))


@blueprint.post("/console/plan/tasks/<int:task_id>/delete")
def delete_task(task_id: int):
    task = _task(task_id)
    who = require_change(task.unit_id)
    measure_id, title = task.measure_id, task.title
    try:
        plan_edit.delete_task(db(), task)
    except plan_edit.EditRefused as exc:
        return redirect(url_for("measures.measure_page", measure_id=measure_id, error=str(exc)))
    record(db(), who, "task_delete", f"#{task_id} {title}")
    db().commit()
    return redirect(url_for("measures.measure_page", measure_id=measure_id))
