"""Who is signed in to the console and what they may do, without Flask.

* A sign-in link carries 256 random bits, is stored only as SHA-256, works once and only
  for 10 minutes. Redeeming it is a conditional UPDATE, so two tabs racing with one link
  cannot both win.
* A session token is another 256 random bits in an HttpOnly cookie; it ends after 8 idle
  hours. The person's role is read from their memberships on every request, so a person
  deactivated or moved to another unit loses access at once.
* Roles: a coordinator sees and changes everything; a head sees and changes their own
  unit; an executive sees everything and changes nothing. Officers cannot sign in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import ConsoleAudit, ConsoleLink, ConsoleSession, Person, Role

LINK_TTL = timedelta(minutes=10)
IDLE_TIMEOUT = timedelta(hours=8)
CONSOLE_ROLES = (Role.COORDINATOR, Role.EXECUTIVE, Role.HEAD)
ROLE_THAI = {Role.COORDINATOR: "ผู้ประสานงาน ITA", Role.EXECUTIVE: "ผู้บริหาร",
             Role.HEAD: "หัวหน้าส่วนราชการ"}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Viewer:
    """The signed-in person and what their role lets them do."""

    org_id: int
    person_id: int | None
    name: str
    role: str
    unit_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def role_thai(self) -> str:
        return ROLE_THAI.get(self.role, self.role)

    @property
    def sees_all(self) -> bool:
        return self.role in (Role.COORDINATOR, Role.EXECUTIVE)

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    def may_see(self, unit_id: int) -> bool:
        return self.sees_all or unit_id in self.unit_ids

    def may_change(self, unit_id: int) -> bool:
        return self.is_coordinator or (self.role == Role.HEAD and unit_id in self.unit_ids)


def console_role(person: Person) -> tuple[str, frozenset[int]] | None:
    """The strongest console role a person holds, with the units it covers."""
    if not person.active:
        return None
    roles = {m.role for m in person.memberships}
    for role in CONSOLE_ROLES:
        if role in roles:
            units = frozenset(m.unit_id for m in person.memberships
                              if m.role == role and m.unit_id is not None)
            return role, units
    return None


def issue_link(session: Session, org_id: int, person_id: int | None, now: datetime) -> str:
    """A new one-time sign-in token (the caller puts it into a URL)."""
    token = secrets.token_urlsafe(32)
    session.add(ConsoleLink(org_id=org_id, person_id=person_id, token_hash=_hash(token),
                            expires_at=now + LINK_TTL, created_at=now))
    session.flush()
    return token


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/console/signin/{token}"


class SignInRefused(Exception):
    """Why a link does not sign in: 'unknown', 'used', 'expired' or 'no_role'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def peek_link(session: Session, token: str, now: datetime) -> ConsoleLink:
    link = session.scalar(select(ConsoleLink).where(ConsoleLink.token_hash == _hash(token)))
    if link is None:
        raise SignInRefused("unknown")
    if link.used_at is not None:
        raise SignInRefused("used")
    if link.expires_at <= now:
        raise SignInRefused("expired")
    return link


def redeem_link(session: Session, token: str, now: datetime) -> tuple[str, Viewer]:
    """Spend the link and open a session: (session token for the cookie, viewer)."""
    link = peek_link(session, token, now)
    won = session.execute(update(ConsoleLink).where(
        ConsoleLink.id == link.id, ConsoleLink.used_at.is_(None)).values(used_at=now)).rowcount
    if won != 1:
        raise SignInRefused("used")
    viewer = _viewer(session, link.org_id, link.person_id)
    if viewer is None:
        raise SignInRefused("no_role")
    cookie = secrets.token_urlsafe(32)
    session.add(ConsoleSession(org_id=link.org_id, person_id=link.person_id,
                               token_hash=_hash(cookie), created_at=now, last_seen_at=now))
    record(session, viewer, "signin", "เข้าสู่ระบบด้วยลิงก์ครั้งเดียว")
    return cookie, viewer


def _viewer(session: Session, org_id: int, person_id: int | None) -> Viewer | None:
    if person_id is None:  # the set-up link printed on the server for the first coordinator
        return Viewer(org_id=org_id, person_id=None, name="ผู้ประสานงาน (ลิงก์ตั้งค่าระบบ)",
                      role=Role.COORDINATOR)
    person = session.get(Person, person_id)
    if person is None or person.org_id != org_id:
        return None
    found = console_role(person)
    if found is None:
        return None
    return Viewer(org_id=org_id, person_id=person.id, name=person.display_name or "-",
                  role=found[0], unit_ids=found[1])


def viewer_for_cookie(session: Session, cookie: str | None, now: datetime) -> Viewer | None:
    """The signed-in viewer, touching the session's idle clock; None when signed out."""
    if not cookie:
        return None
    row = session.scalar(select(ConsoleSession).where(ConsoleSession.token_hash == _hash(cookie)))
    if row is None or row.ended_at is not None or row.last_seen_at + IDLE_TIMEOUT <= now:
        return None
    viewer = _viewer(session, row.org_id, row.person_id)
    if viewer is None:
        return None
    if now - row.last_seen_at > timedelta(minutes=1):  # spare a write on every page
        row.last_seen_at = now
    return viewer


def end_session(session: Session, cookie: str | None, now: datetime) -> None:
    if cookie:
        session.execute(update(ConsoleSession).where(
            ConsoleSession.token_hash == _hash(cookie)).values(ended_at=now))


def record(session: Session, viewer: Viewer, action: str, detail: str) -> None:
    """One audit row: who (person, or the set-up link), what, when."""
    session.add(ConsoleAudit(org_id=viewer.org_id, person_id=viewer.person_id,
                             action=action[:32], detail=detail[:2000]))
