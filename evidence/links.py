"""Download links for evidence: unguessable (192-bit tokens) and expiring.

Only a token's SHA-256 is stored, so a copy of the database does not open the files.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Evidence, EvidenceLink

LINK_TTL = timedelta(days=7)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_link(session: Session, evidence: Evidence, now: datetime, ttl: timedelta = LINK_TTL) -> str:
    """A fresh token for this file; the caller builds the URL (`/evidence/<token>`)."""
    token = secrets.token_urlsafe(24)
    session.add(EvidenceLink(evidence_id=evidence.id, token_hash=_hash(token),
                             expires_at=now + ttl, created_at=now))
    return token


def evidence_for_token(session: Session, token: str, now: datetime) -> Evidence | None:
    """The file a token opens; None when unknown, expired, or withdrawn by its sender."""
    if not token or len(token) > 64:
        return None
    link = session.scalar(select(EvidenceLink).where(EvidenceLink.token_hash == _hash(token)))
    if link is None or link.expires_at <= now or link.evidence.withdrawn_at is not None:
        return None
    return link.evidence
