"""GET /metrics (Prometheus, operations.metrics) behind METRICS_TOKEN, and GET /healthz.

Without METRICS_TOKEN the endpoint does not exist (404): metrics name organizations and
their backlog, which is not for everyone on the internet.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app, request

from operations.metrics import backlog, exposition

blueprint = Blueprint("metrics", __name__)


@blueprint.get("/metrics")
def metrics():
    rt = current_app.extensions["runtime"]
    token = rt.config.metrics_token
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return Response("metrics need Authorization: Bearer METRICS_TOKEN\n", status=401,
                        headers={"WWW-Authenticate": "Bearer"})

    def month() -> str:
        local = rt.now().astimezone(rt.config.tz)
        return f"{local.year:04d}-{local.month:02d}"

    return Response(exposition(rt.engine, rt.now, month),
                    mimetype="text/plain; version=0.0.4; charset=utf-8")


def health_backlog():
    """The backlog part of /healthz (bot.webhook adds it to the database check)."""
    rt = current_app.extensions["runtime"]
    return backlog(rt.engine, rt.now())



