"""The Flask app factory. The app only receives: webhook, health, and (local mode) /dev."""

from __future__ import annotations

import logging
import os

from flask import Flask

from bot.runtime import Runtime

MAX_BODY = 1024 * 1024  # LINE's bodies are far smaller; anything larger is refused with 413


def create_app(rt: Runtime) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.extensions["runtime"] = rt

    from bot.chart_route import blueprint as charts
    from bot.evidence_route import blueprint as evidence
    from bot.metrics_route import blueprint as metrics
    from bot.report_route import blueprint as reports
    from bot.webhook import blueprint as webhook

    app.register_blueprint(webhook)
    app.register_blueprint(metrics)
    app.register_blueprint(charts, session_factory=rt.factory, now_fn=rt.now)
    app.register_blueprint(reports, session_factory=rt.factory, now_fn=rt.now, tz=rt.config.tz)
    app.register_blueprint(evidence)
    _register_console(app, rt)
    if rt.config.local_mode:
        from bot.devpage import blueprint as devpage
        from bot.devpage_media import blueprint as devmedia

        app.register_blueprint(devpage)
        app.register_blueprint(devmedia)
    return app


def _register_console(app: Flask, rt: Runtime) -> None:
    import os

    from console.web import ConsoleSettings, register, secret_key

    config = rt.config
    key = os.environ.get("SECRET_KEY") or secret_key(config.channel_secret or rt.local_secret,
                                                      config.database_url)
    register(app, ConsoleSettings(
        factory=rt.factory, now=rt.now, tz=config.tz, org_slug=config.org_slug,
        public_base_url=config.public_base_url, monthly_budget=config.monthly_message_budget,
        local_mode=config.local_mode,
        line_basic_id=os.environ.get("LINE_BASIC_ID") or "@ita-bot"), key)


def configure_logging() -> None:
    """Plain lines for a person at a terminal; LOG_FORMAT=json for production (one JSON
    object per line with the organization and event id: operations.jsonlog)."""
    if os.environ.get("LOG_FORMAT", "").lower() == "json":
        from operations.jsonlog import use_json_logs

        use_json_logs()
    else:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Request lines can carry reply tokens in bodies only, never in URLs; keep them short anyway.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # the schema check's chatter
