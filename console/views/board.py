"""Board: the organization by unit × state with filters; a task's page with its whole
history and the correction form (a correction is a new history row, never an edit)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from console.access import record
from console.board_data import STATE_THAI, STATES, Filters, build_board, indicators, task_state
from console.orgdata import fiscal_year, fiscal_years, units
from console.web import db, now, require_change, require_see, today, viewer
from models import Person, Status, StatusChange, Task

blueprint = Blueprint("board", __name__)
SOURCE_THAI = {"line": "ข้อความ LINE", "postback": "ปุ่มใน LINE", "import": "นำเข้าแผน",
               "cli": "คำสั่งบนเซิร์ฟเวอร์", "console": "หน้าจัดการ"}
STATUS_THAI = {Status.NOT_STARTED: "ยังไม่เริ่ม", Status.IN_PROGRESS: "กำลังทำ", Status.DONE: "เสร็จแล้ว"}


@blueprint.get("/console/board")
def board():
    who = viewer()
    session = db()
    fy = fiscal_year(session, who.org_id, request.args.get("fy", type=int))
    month = request.args.get("month") or None
    if month and not (len(month) == 7 and month[4] == "-" and month.replace("-", "").isdigit()):
        month = None
    filters = Filters(unit_id=request.args.get("unit", type=int),
                      indicator=request.args.get("indicator", type=int),
                      state=request.args.get("state") or None, month=month)
    data = build_board(session, who, fy, filters, today()) if fy else None
    visible_units = [u for u in units(session, who.org_id) if who.may_see(u.id)]
    return render_template("console/board.html", fy=fy, years=fiscal_years(session, who.org_id),
                           board=data, filters=filters, units=visible_units, states=STATES,
                           state_thai=STATE_THAI, indicators=indicators(session, fy) if fy else [],
                           today=today(), task_state=task_state,
                           imported=request.args.get("imported"))


def _task(task_id: int) -> Task:
    task = db().scalar(select(Task).where(Task.id == task_id).options(
        selectinload(Task.changes), selectinload(Task.measure)))
    if task is None or task.org_id != viewer().org_id:
        abort(404)
    require_see(task.unit_id)
    return task


@blueprint.get("/console/tasks/<int:task_id>")
def task_page(task_id: int):
    task = _task(task_id)
    ids = {c.person_id for c in task.changes if c.person_id}
    people = db().scalars(select(Person).where(Person.id.in_(ids))) if ids else []
    names = {p.id: p.display_name for p in people}
    return render_template("console/task.html", task=task, names=names, source_thai=SOURCE_THAI,
                           status_thai=STATUS_THAI, state=task_state(task, today()),
                           state_thai=STATE_THAI, may_change=viewer().may_change(task.unit_id),
                           error=request.args.get("error"))


@blueprint.post("/console/tasks/<int:task_id>/correct")
def correct(task_id: int):
    task = _task(task_id)
    who = require_change(task.unit_id)
    form = request.form
    status = form.get("status", "")
    if status not in (Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE):
        return redirect(url_for("board.task_page", task_id=task_id, error="กรุณาเลือกสถานะ"))
    try:
        percent = form.get("percent", type=int)
        if percent is not None and not 0 <= percent <= 100:
            raise ValueError
        done_on = date.fromisoformat(form["done_on"]) if form.get("done_on") else None
    except ValueError:
        return redirect(url_for("board.task_page", task_id=task_id,
                                error="ร้อยละต้องอยู่ระหว่าง 0–100 และวันที่ต้องถูกต้อง"))
    if status == Status.DONE:
        done_on, percent = done_on or today(), 100
    note = (form.get("note") or "").strip()[:1000]
    urls = "\n".join(u for u in (form.get("evidence") or "").split() if u.startswith(("http://", "https://")))
    task.changes.append(StatusChange(
        from_status=task.status, to_status=status, percent=percent, done_on=done_on,
        note=note or "แก้ไขจากหน้าจัดการ", evidence_urls=urls, person_id=who.person_id,
        source="console", created_at=now()))
    task.status, task.percent = status, percent
    task.done_on = done_on if status == Status.DONE else None
    record(db(), who, "task_correct", f"#{task.id} {task.title[:80]} → {status} {note[:200]}")
    db().commit()
    return redirect(url_for("board.task_page", task_id=task_id))
