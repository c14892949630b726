"""Reports: the 6- and 12-month report downloads (from `documents.report`, when that
module is present) and the monthly digest chart of the organization."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from console.board_data import Filters, build_board
from console.orgdata import fiscal_year
from console.web import db, today, viewer
from handlers.cards.digest import Counts
from handlers.thai.calendar_words import MONTH_FULL

try:  # the report builder arrives with another change; the page works without it
    from documents import report as report_module
except ImportError:  # pragma: no cover - depends on what is installed
    report_module = None

blueprint = Blueprint("reports", __name__)
FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@blueprint.get("/console/reports")
def reports():
    who = viewer()
    fy = fiscal_year(db(), who.org_id)
    return render_template("console/reports.html", fy=fy, available=report_module is not None,
                           formats=list(FORMATS))


@blueprint.get("/console/reports/download")
def download():
    who = viewer()
    if report_module is None:
        abort(404)
    fy = fiscal_year(db(), who.org_id, request.args.get("fy", type=int))
    round_ = request.args.get("round", type=int)
    fmt = request.args.get("fmt", "pdf")
    if fy is None or round_ not in (6, 12) or fmt not in FORMATS:
        abort(400)
    unit_id = None if who.sees_all else min(who.unit_ids or {-1})
    built = report_module.build_report(db(), who.org_id, fy.year_be, round_, unit_id=unit_id,
                                       today=today())
    body = report_module.render(built, fmt)
    name = f"ita-report-{fy.year_be}-{round_}m.{fmt}"
    return Response(body, mimetype=FORMATS[fmt],
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@blueprint.get("/console/reports/chart.png")
def chart():
    """This month's digest chart, drawn now from the board's numbers."""
    from scheduler.charts import render_units_chart

    who = viewer()
    fy = fiscal_year(db(), who.org_id)
    if fy is None:
        abort(404)
    board = build_board(db(), who, fy, Filters(), today())
    units = tuple((unit.name, Counts(c["done"], c["in_progress"], c["not_started"] + c["overdue"],
                                     c["overdue"])) for unit, c in board.units)
    day = today()
    png = render_units_chart(f"ความคืบหน้ามาตรการ ITA · {MONTH_FULL[day.month]} {day.year + 543}", units)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=300"})
