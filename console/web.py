"""Wiring the console into the app: settings, the database session of a request, the
signed-in viewer, CSRF on every form, and the role checks each view calls.

CSRF uses Flask-WTF's `csrf` module (signed, time-limited tokens tied to the Flask session):
a maintained implementation instead of our own, applied only to `/console` so the webhook
and the /dev page are untouched.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, abort, current_app, g, redirect, request, url_for
from flask_wtf.csrf import generate_csrf, validate_csrf
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.exceptions import HTTPException
from wtforms.validators import ValidationError

from console import access
from console.access import Viewer
from handlers.thai.calendar_words import thai_date

COOKIE = "ita_console"
UPLOAD_PATH = "/console/plan/upload"
MAX_UPLOAD = 20 * 1024 * 1024


@dataclass(frozen=True)
class ConsoleSettings:
    factory: sessionmaker[Session]
    now: Callable[[], datetime]
    tz: ZoneInfo
    org_slug: str
    public_base_url: str
    monthly_budget: int
    local_mode: bool
    line_basic_id: str  # the bot's LINE ID (@xxxx), for invite QR codes


def settings() -> ConsoleSettings:
    return current_app.extensions["console"]


def db() -> Session:
    """The request's database session (closed when the request ends)."""
    if "console_db" not in g:
        g.console_db = settings().factory()
    return g.console_db


def now() -> datetime:
    return settings().now()


def today():
    return now().astimezone(settings().tz).date()


def viewer() -> Viewer:
    found = g.get("console_viewer")
    if found is None:
        abort(401)
    return found


def require_coordinator() -> Viewer:
    who = viewer()
    if not who.is_coordinator:
        abort(403)
    return who


def require_change(unit_id: int) -> Viewer:
    who = viewer()
    if not who.may_change(unit_id):
        abort(403)
    return who


def require_see(unit_id: int) -> Viewer:
    who = viewer()
    if not who.may_see(unit_id):
        abort(403)
    return who


def secure_cookies() -> bool:
    return request.is_secure or settings().public_base_url.startswith("https://")


def set_session_cookie(response, token: str) -> None:
    # A browser-session cookie: the server ends the session after 8 idle hours (access.py);
    # a fixed max-age would end an active session 8 hours after signing in.
    response.set_cookie(COOKIE, token, httponly=True, secure=secure_cookies(), samesite="Lax",
                        path="/console")


def _load_viewer() -> None:
    if not request.path.startswith("/console") or request.path.startswith("/console/static/"):
        return
    if request.path == UPLOAD_PATH:  # plans are larger than webhook bodies; only here
        request.max_content_length = MAX_UPLOAD
    g.console_viewer = access.viewer_for_cookie(db(), request.cookies.get(COOKIE), now())
    db().commit()  # the session's idle clock
    if request.method == "POST":
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            abort(400, description="แบบฟอร์มหมดอายุหรือไม่ถูกต้อง กรุณาเปิดหน้านั้นใหม่แล้วลองอีกครั้ง")
    open_paths = ("/console/signin/", "/console/static/", "/console/signed-out")
    if g.console_viewer is None and not request.path.startswith(open_paths):
        abort(401)


def _close_db(_exc) -> None:
    session = g.pop("console_db", None)
    if session is not None:
        session.close()


def _error_page(exc: HTTPException):
    from flask import render_template

    if not request.path.startswith("/console"):
        return exc
    messages = {
        401: "กรุณาเข้าสู่ระบบ: พิมพ์ “เปิดหน้าจัดการ” ในแชตส่วนตัวกับบอท แล้วแตะลิงก์ที่ได้รับ",
        403: "บัญชีของคุณไม่มีสิทธิ์ดูหรือแก้ไขส่วนนี้",
        404: "ไม่พบหน้านี้",
    }
    message = messages.get(exc.code, exc.description)
    if exc.code == 400 and exc.description:
        message = exc.description
    return render_template("console/error.html", message=message, code=exc.code), exc.code


def _local_time(moment: datetime) -> str:
    """'4 ธ.ค. 2569 09:15' in the organization's time zone."""
    local = moment.astimezone(settings().tz)
    return f"{thai_date(local.date())} {local:%H:%M}"


def secret_key(*parts: str) -> str:
    """A stable Flask secret for Flask's signed session (which holds the CSRF secret): the
    SECRET_KEY setting when given, else derived from the channel secret, so every web
    process of one deployment agrees without another setting to manage."""
    return hmac.new(b"ita-console", "|".join(parts).encode(), hashlib.sha256).hexdigest()


def register(app: Flask, options: ConsoleSettings, key: str) -> None:
    """Add the console's blueprints to the app."""
    from console.views import board, measures, people, plan, reports, setup, signin

    app.extensions["console"] = options
    if not app.secret_key:
        app.secret_key = key
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    if options.public_base_url.startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)

    shell = Blueprint("console", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/console/static")
    shell.add_url_rule("/console", "home", lambda: redirect(url_for("board.board")))
    shell.before_app_request(_load_viewer)
    shell.teardown_app_request(_close_db)
    app.register_blueprint(shell)
    for module in (signin, board, plan, measures, people, setup, reports):
        app.register_blueprint(module.blueprint)
    app.register_error_handler(HTTPException, _error_page)

    @app.context_processor
    def _helpers():
        if not request.path.startswith("/console"):
            return {}
        return {"csrf_token": generate_csrf, "who": g.get("console_viewer"),
                "thai_date": thai_date, "local_time": _local_time}
