"""One-time registration and group-binding codes.

Codes are 8 characters from Crockford's base32 (no I, L, O, U: nothing to misread), so
40 bits of randomness; people may type them in any case. Only a hash is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models.org import Invite

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
DEFAULT_TTL = timedelta(days=7)


class InviteProblem(Exception):
    """Why a code cannot be used: 'unknown', 'used', 'expired' or 'wrong_purpose'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalize_code(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def code_hash(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def create_invite(session: Session, *, org_id: int, purpose: str, role: str | None,
                  unit_id: int | None, now: datetime, ttl: timedelta = DEFAULT_TTL) -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    session.add(Invite(org_id=org_id, code_hash=code_hash(code), purpose=purpose, role=role,
                       unit_id=unit_id, expires_at=now + ttl))
    session.flush()
    return code


def spend_invite(session: Session, *, org_id: int, code: str, purpose: str, used_by: str,
                 now: datetime) -> Invite:
    """Mark the code used and return it, or raise InviteProblem. The conditional update
    means two people racing with one code cannot both win."""
    invite = session.scalar(
        select(Invite).where(Invite.org_id == org_id, Invite.code_hash == code_hash(code))
    )
    if invite is None:
        raise InviteProblem("unknown")
    if invite.purpose != purpose:
        raise InviteProblem("wrong_purpose")
    if invite.used_at is not None:
        raise InviteProblem("used")
    if invite.expires_at < now:
        raise InviteProblem("expired")
    won = session.execute(
        update(Invite).where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=now, used_by=used_by)
    ).rowcount
    if won != 1:
        raise InviteProblem("used")
    return invite
