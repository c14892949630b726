"""The Flask app factory. The app only receives: webhook, health, and (local mode) /dev."""

from __future__ import annotations

import logging

from flask import Flask

from bot.runtime import Runtime

MAX_BODY = 1024 * 1024  # LINE's bodies are far smaller; anything larger is refused with 413


def create_app(rt: Runtime) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.extensions["runtime"] = rt

    from bot.chart_route import blueprint as charts
    from bot.evidence_route import blueprint as evidence
    from bot.report_route import blueprint as reports
    from bot.webhook import blueprint as webhook

    app.register_blueprint(webhook)
    app.register_blueprint(charts, session_factory=rt.factory, now_fn=rt.now)
    app.register_blueprint(reports, session_factory=rt.factory, now_fn=rt.now, tz=rt.config.tz)
    app.register_blueprint(evidence)
    if rt.config.local_mode:
        from bot.devpage import blueprint as devpage
        from bot.devpage_media import blueprint as devmedia

        app.register_blueprint(devpage)
        app.register_blueprint(devmedia)
    return app


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Request lines can carry reply tokens in bodies only, never in URLs; keep them short anyway.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
