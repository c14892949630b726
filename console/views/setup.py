"""Settings: the reminder policy (as `python -m bot policy`), the organization's own
holidays, and the month's message budget with the billed count and forecast."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select

from console.access import record
from console.web import db, require_coordinator, settings, today, viewer
from models import BudgetMonth, OrgHoliday, ReminderPolicy
from scheduler.budget import month_key, month_start, spent_by_org
from scheduler.policy import add_holiday, from_row, update_policy

blueprint = Blueprint("setup", __name__)


@blueprint.get("/console/settings")
def settings_page():
    who = viewer()
    session = db()
    policy = from_row(session.scalar(select(ReminderPolicy).where(ReminderPolicy.org_id == who.org_id)))
    holidays = session.scalars(select(OrgHoliday).where(OrgHoliday.org_id == who.org_id)
                               .order_by(OrgHoliday.day)).all()
    day = today()
    month = session.scalar(select(BudgetMonth).where(BudgetMonth.org_id == who.org_id,
                                                     BudgetMonth.month == month_key(day)))
    ours, everyone = spent_by_org(session, [who.org_id], month_start(day, settings().tz)).get(
        who.org_id, (0, 0))
    return render_template("console/settings.html", policy=policy, holidays=holidays,
                           budget=policy.budget(settings().monthly_budget), month=month,
                           spent=max(everyone, month.spent if month else 0), clock_spent=ours,
                           error=request.args.get("error"), saved=request.args.get("saved"))


@blueprint.post("/console/settings/policy")
def save_policy():
    who = require_coordinator()
    form = request.form
    try:
        update_policy(db(), who.org_id, days_before=form.get("days_before", ""),
                      overdue_every=form.get("overdue_every", type=int),
                      escalate_after=form.get("escalate_after", type=int),
                      hours=f"{form.get('work_start')}-{form.get('work_end')}",
                      budget=form.get("budget", type=int), share=form.get("share", type=int))
    except ValueError as exc:
        db().rollback()
        return redirect(url_for("setup.settings_page", error=f"บันทึกไม่ได้: {exc}"))
    record(db(), who, "policy", " ".join(f"{k}={v}" for k, v in form.items() if k != "csrf_token"))
    db().commit()
    return redirect(url_for("setup.settings_page", saved=1))


@blueprint.post("/console/settings/holidays")
def holiday():
    who = require_coordinator()
    try:
        day = date.fromisoformat(request.form.get("day", ""))
    except ValueError:
        return redirect(url_for("setup.settings_page", error="กรุณาเลือกวันที่ของวันหยุด"))
    name = (request.form.get("name") or "วันหยุดของหน่วยงาน").strip()[:255]
    if not add_holiday(db(), who.org_id, day, name):
        return redirect(url_for("setup.settings_page", error="วันนี้เป็นวันหยุดของหน่วยงานอยู่แล้ว"))
    record(db(), who, "holiday", f"{day.isoformat()} {name}")
    db().commit()
    return redirect(url_for("setup.settings_page", saved=1))
