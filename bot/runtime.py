"""What a running process holds: configuration, database, LINE clients and the clock."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.channels import Channels
from bot.config import Config
from bot.line_api import LineGateway
from bot.line_standin import StandInServer
from evidence.storage import Storage, storage_for
from models import Organization
from models.db import make_engine, make_sessionmaker, transaction
from models.queries import org_by_slug


def system_now() -> datetime:
    return datetime.now(UTC)


class ShiftableClock:
    """The real time plus an offset the /dev page can move forward, to watch reminders arrive."""

    def __init__(self) -> None:
        self.offset = timedelta()
        self.on_shift: Callable[[timedelta], None] | None = None  # persists it (local_clock)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def shift(self, by: timedelta) -> None:
        self.offset += by
        if self.on_shift is not None:
            self.on_shift(self.offset)

    def reset(self) -> None:
        """Back to the real time (records made "in the future" stay as they are)."""
        self.shift(-self.offset)


@dataclass
class Runtime:
    config: Config
    engine: Engine
    factory: sessionmaker[Session]
    now: Callable[[], datetime] = system_now
    standin: StandInServer | None = None
    # Local mode signs /dev requests with this; never used when real credentials are set.
    local_secret: str = field(default_factory=lambda: secrets.token_hex(16), repr=False)
    wake_worker: threading.Event = field(default_factory=threading.Event)
    _channels: Channels | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def create(cls, config: Config, now: Callable[[], datetime] = system_now) -> Runtime:
        engine = make_engine(config.database_url)
        return cls(config=config, engine=engine, factory=make_sessionmaker(engine), now=now)

    def ensure_default_org(self) -> int:
        with transaction(self.factory) as session:
            org = org_by_slug(session, self.config.org_slug)
            if org is None:
                org = Organization(slug=self.config.org_slug, name=self.config.org_name)
                session.add(org)
                session.flush()
            return org.id

    @property
    def channels(self) -> Channels:
        """Each organization's LINE channel (bot.channels): webhook secret and client."""
        with self._lock:
            if self._channels is None:
                self._channels = Channels(self.factory, self.config, lambda: self.line_api_host,
                                          self.local_secret, self.now)
            return self._channels

    def webhook_secret(self, session: Session, org: Organization) -> str | None:
        """The secret that signs this organization's webhooks, or None (disabled, or no
        channel). The default organization's come from the environment."""
        return self.channels.secret(session, org)

    @property
    def line_api_data_host(self) -> str | None:
        """LINE's content host; a stand-in (or LINE_API_BASE_URL pointing at one) serves both."""
        return self.config.line_api_data_base_url or self.line_api_host

    @cached_property
    def background(self) -> ThreadPoolExecutor:
        """Threads for LINE calls whose answer nobody waits for inside a transaction (the
        loading animation: see bot/outside_transaction.py)."""
        return ThreadPoolExecutor(max_workers=4, thread_name_prefix="line-background")

    @cached_property
    def evidence_storage(self) -> Storage:
        return storage_for(self.config.evidence_dir, self.config.evidence_s3_bucket,
                           self.config.evidence_s3_endpoint_url)

    @property
    def line_api_host(self) -> str | None:
        if self.config.line_api_base_url:
            return self.config.line_api_base_url
        return self.standin.url if self.standin else None

    def gateway_for(self, org_id: int) -> LineGateway:
        return self.channels.gateway_for(org_id)
