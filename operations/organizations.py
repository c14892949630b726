"""Organizations as a managed thing: add one with its LINE channel, list, disable, replace
its access token, re-encrypt everything with the newest key. Plain values go in and come
out only through a `Vault`; the database sees ciphertext."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organization, OrgCredentials
from operations.secrets import Vault, no_key

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


class OrgError(ValueError):
    """A request an operator can fix (bad slug, unknown organization…); one line."""


@dataclass(frozen=True)
class Channel:
    """Decrypted credentials of one channel. Never logged: repr hides the values."""

    secret: str
    access_token: str | None
    token_expires_at: datetime | None
    channel_id: str | None
    assertion_kid: str | None
    assertion_key: dict | None

    def __repr__(self) -> str:
        return f"Channel(channel_id={self.channel_id!r}, ***)"


def add_org(session: Session, vault: Vault, *, slug: str, name: str, channel_secret: str,
            access_token: str | None = None, channel_id: str | None = None,
            assertion_kid: str | None = None, assertion_key: dict | None = None,
            now: datetime) -> Organization:
    """A new organization with its channel. A long-lived `access_token`, or a channel id
    with an assertion key (kid + private JWK) from which short-lived tokens are issued."""
    if not SLUG.match(slug):
        raise OrgError(f"slug {slug!r}: use 2-63 lowercase letters, digits and '-'")
    if session.scalar(select(Organization.id).where(Organization.slug == slug)):
        raise OrgError(f"an organization with slug {slug!r} exists already")
    if not channel_secret.strip():
        raise OrgError("the channel secret is empty")
    if not access_token and not (channel_id and assertion_kid and assertion_key):
        raise OrgError("give an access token, or a channel id with an assertion key and kid")
    org = Organization(slug=slug, name=name, created_at=now)
    session.add(org)
    session.flush()
    session.add(OrgCredentials(
        org_id=org.id, channel_id=channel_id, channel_secret=vault.encrypt(channel_secret.strip()),
        access_token=vault.encrypt(access_token.strip()) if access_token else None,
        assertion_kid=assertion_kid,
        assertion_key=vault.encrypt(json.dumps(assertion_key)) if assertion_key else None,
        updated_at=now))
    return org


def channel(session: Session, vault: Vault | None, org_id: int) -> Channel | None:
    """The organization's decrypted channel, or None when it has none stored."""
    row = session.scalar(select(OrgCredentials).where(OrgCredentials.org_id == org_id))
    if row is None:
        return None
    if vault is None:
        raise no_key()
    return Channel(
        secret=vault.decrypt(row.channel_secret),
        access_token=vault.decrypt(row.access_token) if row.access_token else None,
        token_expires_at=row.token_expires_at, channel_id=row.channel_id,
        assertion_kid=row.assertion_kid,
        assertion_key=json.loads(vault.decrypt(row.assertion_key)) if row.assertion_key else None)


def store_token(session: Session, vault: Vault, org_id: int, token: str,
                expires_at: datetime | None, now: datetime) -> None:
    row = session.scalar(select(OrgCredentials).where(OrgCredentials.org_id == org_id))
    if row is None:
        raise OrgError("this organization has no LINE channel stored")
    row.access_token = vault.encrypt(token.strip())
    row.token_expires_at = expires_at
    row.updated_at = now


def store_secret(session: Session, vault: Vault, org_id: int, secret: str,
                 now: datetime) -> None:
    """A reissued channel secret (LINE's console can issue a new one)."""
    if not secret.strip():
        raise OrgError("the channel secret is empty")
    row = session.scalar(select(OrgCredentials).where(OrgCredentials.org_id == org_id))
    if row is None:
        raise OrgError("this organization has no LINE channel stored")
    row.channel_secret = vault.encrypt(secret.strip())
    row.updated_at = now


def find(session: Session, slug: str) -> Organization:
    org = session.scalar(select(Organization).where(Organization.slug == slug))
    if org is None:
        raise OrgError(f"no organization with slug {slug!r}")
    return org


def set_disabled(session: Session, slug: str, disabled: bool, now: datetime) -> Organization:
    """A disabled organization's webhook answers 404 and nothing is sent for it."""
    org = find(session, slug)
    org.disabled_at = now if disabled else None
    return org


def rekey(session: Session, vault: Vault) -> int:
    """Encrypt every stored credential with the vault's newest key; returns rows changed."""
    rows = session.scalars(select(OrgCredentials)).all()
    for row in rows:
        row.channel_secret = vault.rotate(row.channel_secret)
        if row.access_token:
            row.access_token = vault.rotate(row.access_token)
        if row.assertion_key:
            row.assertion_key = vault.rotate(row.assertion_key)
    return len(rows)


def check_readable(session: Session, vault: Vault | None) -> None:
    """At start-up: every stored credential decrypts with SECRET_KEY, else one line and exit.
    Cheap (a Fernet decryption is microseconds), so it runs over every organization."""
    rows = session.scalars(select(OrgCredentials)).all()
    if not rows:
        return
    if vault is None:
        raise no_key()
    for row in rows:
        vault.decrypt(row.channel_secret)


def webhook_url(base_url: str, slug: str) -> str:
    return f"{base_url.rstrip('/')}/callback/{slug}"
