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
    from bot.metrics_route import blueprint as metrics
    from bot.webhook import blueprint as webhook

    app.register_blueprint(webhook)
    app.register_blueprint(metrics)
    app.register_blueprint(charts, session_factory=rt.factory, now_fn=rt.now)
    if rt.config.local_mode:
        from bot.devpage import blueprint as devpage

        app.register_blueprint(devpage)
    return app


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
