"""Structured logs: one JSON object per line, with the organization's slug and the webhook
event id when the line is about one, so a log system can filter by either.

`log_context(org=…, event=…)` sets them for the code running inside it (contextvars, so
threads and requests do not mix them up). Messages are scrubbed of anything shaped like a
bearer token or a Fernet ciphertext on the way out, a last line of defence: no code here
logs a secret on purpose.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_context: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar("log_context",
                                                                         default={})  # noqa: B039
_SECRETS = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}|gAAAAA[A-Za-z0-9_=-]{20,}")


@contextmanager
def log_context(**fields: str | int | None) -> Iterator[None]:
    token = _context.set({**_context.get(), **{k: str(v) for k, v in fields.items()
                                               if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


def scrub(text: str) -> str:
    return _SECRETS.sub(lambda m: (m.group(1) or "") + "***", text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": scrub(record.getMessage()),
            **_context.get(),
        }
        if record.exc_info:
            entry["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def use_json_logs(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
