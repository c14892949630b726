"""GET /evidence/<token>: download an evidence file through an expiring, unguessable link.

Wiring only: the `evidence` package checks the token and holds the bytes."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_file

from evidence.intake import download_name
from evidence.links import evidence_for_token
from models.db import reading

blueprint = Blueprint("evidence", __name__)


@blueprint.get("/evidence/<token>")
def download(token: str):
    rt = current_app.extensions["runtime"]
    with reading(rt.engine) as session:
        row = evidence_for_token(session, token, rt.now())
        if row is None or row.storage_key is None:
            abort(404)
        key, content_type = row.storage_key, row.content_type or "application/octet-stream"
        name = download_name(row.file_name, content_type, row.id)
    try:
        stream = rt.evidence_storage.open(key)
    except KeyError:
        abort(404)
    response = send_file(stream, mimetype=content_type, download_name=name,
                         as_attachment=not content_type.startswith("image/"))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
