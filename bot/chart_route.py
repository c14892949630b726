"""`GET /charts/<token>.png`: the chart images digests link to (scheduler/charts.py draws
and stores them). The token is 256 random bits and the image expires after 45 days; an
unknown or expired token is a plain 404, the same answer either way.

Register with the session factory (and the app's clock, if it can be shifted):
    app.register_blueprint(chart_route.blueprint, session_factory=factory, now_fn=rt.now)
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app
from sqlalchemy import select

from models import ChartImage, utcnow

blueprint = Blueprint("charts", __name__)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_FACTORY = "charts.session_factory"
_NOW = "charts.now_fn"


@blueprint.record_once
def _remember_options(state) -> None:
    if state.options.get("session_factory") is not None:
        state.app.extensions[_FACTORY] = state.options["session_factory"]
    state.app.extensions[_NOW] = state.options.get("now_fn") or utcnow


def _factory():
    factory = current_app.extensions.get(_FACTORY)
    if factory is None:  # registered without session_factory: look for the app's runtime
        runtime = current_app.extensions.get("runtime") or current_app.config.get("RUNTIME")
        factory = getattr(runtime, "factory", None)
    if factory is None:
        raise RuntimeError("register the charts blueprint with session_factory=...")
    return factory


@blueprint.get("/charts/<token>.png")
def chart(token: str):
    if not _TOKEN.fullmatch(token):
        abort(404)
    now = current_app.extensions.get(_NOW, utcnow)()
    with _factory()() as session:
        png = session.scalar(select(ChartImage.png).where(ChartImage.token == token,
                                                          ChartImage.expires_at > now))
    if png is None:
        abort(404)
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
