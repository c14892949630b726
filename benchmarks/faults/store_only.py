"""The yardstick for the webhook's speed: an app that only checks the signature over the raw
bytes and stores the body, nothing else (`gunicorn benchmarks.faults.store_only:app`)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from flask import Flask, abort, request
from sqlalchemy import text

from models.db import make_engine

engine = make_engine(os.environ["DATABASE_URL"])
with engine.begin() as conn:
    conn.execute(text("CREATE TABLE IF NOT EXISTS store_only_bodies (body TEXT NOT NULL)"))
SECRET = os.environ["LINE_CHANNEL_SECRET"].encode()
app = Flask(__name__)


@app.post("/callback")
def callback():
    body = request.get_data(cache=False)
    expected = base64.b64encode(hmac.new(SECRET, body, hashlib.sha256).digest())
    if not hmac.compare_digest(expected, request.headers.get("X-Line-Signature", "").encode()):
        abort(400)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO store_only_bodies (body) VALUES (:b)"),
                     {"b": body.decode("utf-8", "replace")})
    return "{}"


@app.get("/healthz")
def healthz():
    return "{}"
