"""Which LINE channel belongs to which organization, for a running process: the webhook
secret to check signatures with and a LINE client per organization, with short-lived
tokens renewed before they expire. Credentials are decrypted here, never logged.

The environment's organization (ORG_SLUG) may keep its credentials in LINE_CHANNEL_* (or,
in local mode, the stand-in's); every other organization's come from `org_credentials`.

The webhook asks for an organization's secret on every request; reading and decrypting it
each time cost more than storing the events, so `webhook_key` keeps it in memory for
WEBHOOK_KEY_TTL seconds. `org disable` runs in another process and cannot reach this cache:
a disabled organization's webhook is refused at most that long after the command.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.line_api import LineGateway, issue_channel_token
from models import Organization
from models.db import reading, transaction
from models.queries import org_by_slug
from operations.channel_tokens import assertion, due_for_renewal
from operations.organizations import Channel, channel, store_token
from operations.secrets import Vault, vault_from_env

log = logging.getLogger(__name__)
# A stored token is read again after this long, so `org rotate-token` reaches running
# workers and clocks without a restart.
REREAD_AFTER = timedelta(minutes=5)

WEBHOOK_KEY_TTL = 5.0  # seconds a webhook secret (and "not disabled") is trusted from memory


@dataclass(frozen=True)
class WebhookKey:
    """What the webhook needs to accept a body for one organization. repr hides the secret."""

    org_id: int
    slug: str
    secret: str = field(repr=False)


class Channels:
    def __init__(self, factory: sessionmaker[Session], config: Config,
                 host: Callable[[], str | None], local_secret: str,
                 now: Callable[[], datetime],
                 data_host: Callable[[], str | None] | None = None) -> None:
        self._factory, self._config, self._host = factory, config, host
        # LINE's content host (photos, files, rich-menu images); defaults to the API host's
        # stand-in, else LINE's own data host.
        self._data_host = data_host or (lambda: config.line_api_data_base_url or host())
        self._local_secret, self._now = local_secret, now
        self.vault: Vault | None = vault_from_env({"SECRET_KEY": config.secret_key or ""})
        # org id → (client, its token's expiry if short-lived, when it was read, the token)
        self._gateways: dict[int, tuple[LineGateway, datetime | None, datetime, str]] = {}
        self._lock = threading.Lock()
        self._stores: list[threading.Thread] = []
        self._keys: dict[str, tuple[WebhookKey, float]] = {}
        self.monotonic: Callable[[], float] = time.monotonic  # tests move it

    def __repr__(self) -> str:
        return "Channels(***)"

    def _env_credentials(self, org: Organization) -> tuple[str, str] | None:
        if org.slug != self._config.org_slug:
            return None
        if self._config.local_mode:
            return self._local_secret, "local-access-token"
        return self._config.channel_secret, self._config.channel_access_token

    def secret(self, session: Session, org: Organization) -> str | None:
        """The channel secret that signs this organization's webhooks; None when it has
        none or is disabled (its webhook then answers 404)."""
        if org.disabled_at is not None:
            return None
        stored = channel(session, self.vault, org.id)
        if stored is not None:
            return stored.secret
        env = self._env_credentials(org)
        return env[0] if env else None

    def webhook_key(self, slug: str) -> WebhookKey | None:
        """The organization at /callback/<slug> and its secret, or None (unknown, disabled,
        no channel: 404). Kept WEBHOOK_KEY_TTL seconds; a None is never kept, so a new or
        re-enabled organization is served at once."""
        now = self.monotonic()
        cached = self._keys.get(slug)
        if cached is not None and now < cached[1]:
            return cached[0]
        with reading(self._factory.kw["bind"]) as session:
            org = org_by_slug(session, slug)
            secret = self.secret(session, org) if org is not None else None
        if org is None or secret is None:
            self._keys.pop(slug, None)
            return None
        key = WebhookKey(org.id, org.slug, secret)
        self._keys[slug] = (key, now + WEBHOOK_KEY_TTL)
        return key

    def forget_webhook_keys(self) -> None:
        """Read every secret and disabled flag afresh on the next request."""
        self._keys.clear()

    def gateway_for(self, org_id: int) -> LineGateway:
        now = self._now()
        with self._lock:
            cached = self._gateways.get(org_id)
            if cached and now - cached[2] < REREAD_AFTER and (
                    cached[1] is None or not due_for_renewal(cached[1], now)):
                return cached[0]
            token, expires = self._token(org_id, now)
            if cached and cached[3] == token:  # unchanged: keep the client (it may be in use)
                self._gateways[org_id] = (cached[0], expires, now, token)
                return cached[0]
            gateway = LineGateway(token, self._host(), self._data_host())
            if cached:
                cached[0].close()
            self._gateways[org_id] = (gateway, expires, now, token)
            return gateway

    def _token(self, org_id: int, now: datetime) -> tuple[str, datetime | None]:
        # A read that never waits: callers may hold a write transaction (SQLite's one lock).
        with reading(self._factory.kw["bind"]) as session:
            org = session.get(Organization, org_id)
            if org is None or org.disabled_at is not None:
                raise LookupError(f"organization {org_id} is unknown or disabled")
            stored = channel(session, self.vault, org_id)
            if stored is None:
                env = self._env_credentials(org)
                if not env or not env[1]:
                    raise LookupError(f"organization {org_id} has no LINE access token")
                return env[1], None
        token, expires = stored.access_token, stored.token_expires_at
        if stored.assertion_key and due_for_renewal(expires, now):
            token, expires = self._renew(org_id, stored, now)
        if not token:
            raise LookupError(f"organization {org_id} has no LINE access token")
        return token, expires

    def _renew(self, org_id: int, stored: Channel, now: datetime) -> tuple[str, datetime]:
        """Issue a new short-lived token and use it at once; it is stored for the other
        processes from a thread of its own, because this caller may hold the write lock
        (SQLite) that storing needs. Two processes renewing together each get a token;
        LINE allows 30 per channel, so that is harmless."""
        signed = assertion(stored.channel_id, stored.assertion_kid, stored.assertion_key, now)
        token, lifetime = issue_channel_token(signed, self._host())
        expires = now + timedelta(seconds=lifetime)

        def store() -> None:
            try:
                with transaction(self._factory) as session:
                    store_token(session, self.vault, org_id, token, expires, now)
            except Exception:
                log.exception("organization %s: could not store its new token", org_id)

        thread = threading.Thread(target=store, name=f"store-token-{org_id}", daemon=True)
        thread.start()
        self._stores.append(thread)
        log.info("organization %s: new channel access token, valid until %s", org_id,
                 expires.isoformat(timespec="minutes"))
        return token, expires

    def wait_for_stores(self, timeout: float = 10.0) -> None:
        """Tests and shutdown: let renewed tokens reach the database."""
        for thread in self._stores:
            thread.join(timeout)
