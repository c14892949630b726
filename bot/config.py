"""Configuration from the environment, read once and typed.

A missing or malformed setting stops start-up with one line that names the variable.
Secrets are kept out of repr so they never reach a log line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "instance" / "ita-bot.sqlite3"


class ConfigError(SystemExit):
    """Raised with a one-line message; as a SystemExit it ends the process cleanly."""


@dataclass(frozen=True)
class Config:
    database_url: str
    channel_secret: str | None = field(repr=False)
    channel_access_token: str | None = field(repr=False)
    line_api_base_url: str | None
    port: int
    tz: ZoneInfo
    org_slug: str
    org_name: str
    public_base_url: str
    monthly_message_budget: int
    # LINE's content and rich-menu image host (api-data.line.me); a stand-in serves both hosts.
    line_api_data_base_url: str | None = None
    evidence_dir: Path = PROJECT_ROOT / "instance" / "evidence"
    evidence_s3_bucket: str | None = None  # set to keep evidence in an S3-compatible bucket
    evidence_s3_endpoint_url: str | None = None  # for S3-compatible services other than AWS
    # Fernet keys (comma-separated, newest first) that encrypt stored LINE credentials.
    secret_key: str | None = field(default=None, repr=False)
    metrics_token: str | None = field(default=None, repr=False)
    inbox_retention_days: int = 90

    @property
    def local_mode(self) -> bool:
        """No LINE credentials and no SECRET_KEY (so no stored organizations either): run the
        demo with the /dev chat page and the LINE stand-in."""
        return not (self.channel_secret and self.channel_access_token) and not self.secret_key


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def load(env: dict[str, str] | None = None) -> Config:
    env = dict(os.environ if env is None else env)
    secret = env.get("LINE_CHANNEL_SECRET") or None
    token = env.get("LINE_CHANNEL_ACCESS_TOKEN") or None
    if bool(secret) != bool(token):
        missing = "LINE_CHANNEL_ACCESS_TOKEN" if secret else "LINE_CHANNEL_SECRET"
        raise ConfigError(f"{missing} is not set (set both LINE variables, or neither for local mode)")

    url = env.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DB}"
    if url.startswith("postgres://"):  # the form some hosts hand out
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith(("sqlite", "postgresql")):
        scheme = url.split(":")[0]
        raise ConfigError(f"DATABASE_URL must be a sqlite:/// or postgresql:// URL, got {scheme}:…")

    api = env.get("LINE_API_BASE_URL") or None
    if api and not api.startswith(("http://", "https://")):
        raise ConfigError(f"LINE_API_BASE_URL must start with http:// or https://, got {api!r}")

    data_api = env.get("LINE_API_DATA_BASE_URL") or None
    if data_api and not data_api.startswith(("http://", "https://")):
        raise ConfigError(f"LINE_API_DATA_BASE_URL must start with http:// or https://, got {data_api!r}")

    port = _int(env, "PORT", 8000)
    if not 0 < port < 65536:
        raise ConfigError(f"PORT must be between 1 and 65535, got {port}")
    try:
        tz = ZoneInfo(env.get("TZ") or "Asia/Bangkok")
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"TZ is not a known time zone: {env.get('TZ')!r}") from None

    return Config(
        database_url=url,
        channel_secret=secret,
        channel_access_token=token,
        line_api_base_url=api,
        port=port,
        tz=tz,
        org_slug=env.get("ORG_SLUG") or "default",
        org_name=env.get("ORG_NAME") or "หน่วยงานของฉัน",
        public_base_url=(env.get("PUBLIC_BASE_URL") or f"http://127.0.0.1:{port}").rstrip("/"),
        monthly_message_budget=_int(env, "MONTHLY_MESSAGE_BUDGET", 300),
        line_api_data_base_url=data_api,
        evidence_dir=Path(env.get("EVIDENCE_DIR") or PROJECT_ROOT / "instance" / "evidence"),
        evidence_s3_bucket=env.get("EVIDENCE_S3_BUCKET") or None,
        evidence_s3_endpoint_url=env.get("EVIDENCE_S3_ENDPOINT_URL") or None,
        secret_key=env.get("SECRET_KEY") or None,
        metrics_token=env.get("METRICS_TOKEN") or None,
        inbox_retention_days=_int(env, "INBOX_RETENTION_DAYS", 90),
    )
