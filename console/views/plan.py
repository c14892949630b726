"""Plan: upload a document → review the importer's dry run (warnings by their rows, new
units marked) → fix cells inline or in Excel → confirm in one transaction. The same
importer as `python -m bot import`, so a re-import is as idempotent as the command line's."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from sqlalchemy import select

from console import drafts
from console.access import record
from console.orgdata import fiscal_year, organization, units
from console.web import db, now, require_coordinator, viewer
from documents.importer.errors import BadInput
from documents.importer.measures import build_plan
from documents.importer.store import store_plan
from documents.importer.tables import read_document
from models import StagedPlan

blueprint = Blueprint("plan", __name__)
ACCEPTED = (".docx", ".xlsx", ".csv", ".pdf", ".txt")


@blueprint.get("/console/plan")
def plan_page():
    who = viewer()
    session = db()
    fy = fiscal_year(session, who.org_id)
    from console.plan_edit import measures_of

    return render_template("console/plan.html", fy=fy, accepted=",".join(ACCEPTED),
                           measures=measures_of(session, who, fy) if fy else [],
                           units=units(session, who.org_id), error=request.args.get("error"))


@blueprint.post("/console/plan/upload")
def upload():
    who = require_coordinator()
    file = request.files.get("file")
    if file is None or not file.filename:
        return redirect(url_for("plan.plan_page", error="กรุณาเลือกไฟล์แผนก่อนกดอัปโหลด"))
    name = Path(file.filename).name
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED:
        return redirect(url_for("plan.plan_page",
                                error=f"ไฟล์ {name} ไม่ใช่ชนิดที่อ่านได้ (รับ .docx .xlsx .csv .pdf .txt)"))
    session = db()
    known = [u.name for u in units(session, who.org_id)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        file.save(path)
        try:
            year = request.form.get("fiscal_year", type=int)
            plan = build_plan(read_document(path, display_name=name), fiscal_year=year,
                              org_units=known)
        except BadInput as exc:
            return redirect(url_for("plan.plan_page", error=f"อ่านไฟล์ไม่ได้: {exc}"))
    staged = StagedPlan(org_id=who.org_id, token=secrets.token_urlsafe(24), person_id=who.person_id,
                        file_name=name[:255], draft=drafts.dumps(plan), created_at=now())
    session.add(staged)
    record(session, who, "plan_upload", f"อัปโหลด {name}: {len(plan.measures)} มาตรการ")
    session.commit()
    return redirect(url_for("plan.review", token=staged.token))


def _staged(token: str) -> StagedPlan:
    who = require_coordinator()
    staged = db().scalar(select(StagedPlan).where(StagedPlan.token == token,
                                                  StagedPlan.org_id == who.org_id))
    if staged is None:
        abort(404)
    return staged


@blueprint.get("/console/plan/review/<token>")
def review(token: str):
    staged = _staged(token)
    plan = drafts.loads(staged.draft)
    by_line, general = drafts.warnings_by_line(plan)
    return render_template("console/review.html", staged=staged, plan=plan, by_line=by_line,
                           general=general, statuses=drafts.STATUSES,
                           error=request.args.get("error"))


def _save(staged: StagedPlan, plan, action: str, detail: str) -> None:
    staged.draft = drafts.dumps(plan)
    record(db(), viewer(), action, detail)
    db().commit()


@blueprint.post("/console/plan/review/<token>/task")
def edit_task(token: str):
    staged = _staged(token)
    if staged.stored_at:
        abort(409)
    plan = drafts.loads(staged.draft)
    form = request.form
    try:
        m, t = int(form["measure"]), int(form["task"])
        drafts.edit_task(plan, m, t, title=form.get("title", ""), due=form.get("due", ""),
                         status=form.get("status", "not_started"))
    except (KeyError, ValueError, IndexError):
        return redirect(url_for("plan.review", token=token, error="วันที่หรือค่าที่แก้ไม่ถูกต้อง ยังไม่ได้บันทึก"))
    _save(staged, plan, "plan_review_edit", f"{staged.file_name}: แก้งาน {m + 1}.{t + 1}")
    return redirect(url_for("plan.review", token=token) + f"#m{m}")


@blueprint.post("/console/plan/review/<token>/measure")
def edit_measure(token: str):
    staged = _staged(token)
    if staged.stored_at:
        abort(409)
    plan = drafts.loads(staged.draft)
    try:
        m = int(request.form["measure"])
        known = [u.name for u in units(db(), staged.org_id)]
        drafts.edit_measure(plan, m, title=request.form.get("title", ""),
                            units=request.form.get("units", ""), known_units=known)
    except (KeyError, ValueError, IndexError):
        abort(400)
    _save(staged, plan, "plan_review_edit", f"{staged.file_name}: แก้มาตรการ {m + 1}")
    return redirect(url_for("plan.review", token=token) + f"#m{m}")


@blueprint.post("/console/plan/review/<token>/year")
def set_year(token: str):
    staged = _staged(token)
    plan = drafts.loads(staged.draft)
    year = request.form.get("fiscal_year", type=int)
    if not year or not 2400 < year < 2700:
        return redirect(url_for("plan.review", token=token, error="ปีงบประมาณต้องเป็น พ.ศ. เช่น 2567"))
    plan.fiscal_year = year
    _save(staged, plan, "plan_review_edit", f"{staged.file_name}: ปีงบประมาณ {year}")
    return redirect(url_for("plan.review", token=token))


@blueprint.get("/console/plan/review/<token>.xlsx")
def download(token: str):
    staged = _staged(token)
    body = drafts.xlsx_bytes(drafts.loads(staged.draft))
    name = _quote(Path(staged.file_name).stem + "-review.xlsx")
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


@blueprint.post("/console/plan/review/<token>/confirm")
def confirm(token: str):
    staged = _staged(token)
    session = db()
    if staged.stored_at is not None:  # pressed twice, or the page was reloaded
        return redirect(url_for("board.board"))
    plan = drafts.loads(staged.draft)
    if plan.fiscal_year is None:
        return redirect(url_for("plan.review", token=token, error="กรุณาระบุปีงบประมาณก่อนบันทึก"))
    org = organization(session, staged.org_id)
    report = store_plan(session, plan, org.slug, org.name)
    staged.stored_at = now()
    record(session, viewer(), "plan_import",
           f"นำเข้า {staged.file_name}: มาตรการใหม่ {report.measures_created}, แก้ไข "
           f"{report.measures_updated}, งานใหม่ {report.tasks_created}, แก้ไข {report.tasks_updated}")
    session.commit()
    return redirect(url_for("board.board", fy=plan.fiscal_year, imported=staged.file_name))
