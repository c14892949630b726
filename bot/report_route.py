"""`GET /reports/<token>.<docx|pdf|xlsx>`: the report a download link names, drawn from the
database at the moment it is opened (documents/report builds and renders it).

The token is 256 random bits and expires (models/report_links.py); an unknown, expired or
malformed token is a plain 404, the same answer in every case, so a guess learns nothing.

Register with the session factory and the app's clock and time zone:
    app.register_blueprint(report_route.blueprint, session_factory=rt.factory, now_fn=rt.now,
                           tz=rt.config.tz)
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app

from documents.report import FORMATS, MIME_TYPES, ReportError, build_report, render
from models import utcnow
from models.report_links import live_report_link

blueprint = Blueprint("report_files", __name__)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{40,64}")
_OPTIONS = "report_files.options"


@blueprint.record_once
def _remember_options(state) -> None:
    state.app.extensions[_OPTIONS] = {
        "factory": state.options["session_factory"],
        "now": state.options.get("now_fn") or utcnow,
        "tz": state.options.get("tz") or ZoneInfo("Asia/Bangkok"),
    }


@blueprint.get("/reports/<token>.<fmt>")
def download(token: str, fmt: str):
    if fmt not in FORMATS or not _TOKEN.fullmatch(token):
        abort(404)
    options = current_app.extensions[_OPTIONS]
    now = options["now"]()
    with options["factory"]() as session:
        link = live_report_link(session, token, now)
        if link is None:
            abort(404)
        try:
            report = build_report(session, link.org_id, link.fiscal_year, link.round, link.unit_id,
                                  today=now.astimezone(options["tz"]).date())
        except ReportError:
            abort(404)  # the plan was removed after the link was made
    body = render(report, fmt)
    name = f"ita-report-{link.fiscal_year}-r{link.round}.{fmt}"
    response = Response(body, mimetype=MIME_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
