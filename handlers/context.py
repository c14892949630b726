"""Everything a handler may know about the event it is handling, and who sent it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence.intake import Stored
from handlers.incoming import Incoming
from handlers.thai.parser import Parse, parse
from models import ORG_WIDE_ROLES, ChatGroup, FiscalYear, Organization, Person, Role, Unit
from models.queries import active_fiscal_year


@dataclass
class Context:
    session: Session
    org: Organization
    event: Incoming
    now: datetime  # aware UTC
    tz: ZoneInfo
    sender: Person | None
    group: ChatGroup | None
    # Looks up a LINE display name (user id, group id or None); the worker supplies it
    # because only bot/ talks to LINE.
    display_name: Callable[[str, str | None], str]
    # Where this deployment is reached from outside, for download links in replies.
    public_base_url: str = "http://127.0.0.1:8000"
    # Streams a sent photo or file into evidence storage: (message id, expected content type)
    # → evidence.intake.Stored, or raises Refused / LookupError. Supplied by the worker.
    store_content: Callable[[str, str], Stored] | None = None
    # Marks a stored file's key for deletion once this event's transaction has committed
    # (kept when some evidence not withdrawn still uses the same bytes). Supplied by the worker.
    drop_content: Callable[[str], None] | None = None
    # Read once and shared by the events the worker handles in one transaction (a batch):
    # what no chat message changes, such as the active fiscal year.
    shared: dict = field(default_factory=dict)
    _parsed: Parse | None = field(default=None, repr=False)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    @property
    def roles(self) -> set[str]:
        return {m.role for m in self.sender.memberships} if self.sender else set()

    def parsed(self) -> Parse:
        """The Thai parser's reading of this text message, made once per event (the
        worker asks it too, to decide on the loading animation)."""
        if self._parsed is None:
            self._parsed = parse(self.event.text or "", self.today)
        return self._parsed

    def fiscal_year(self) -> FiscalYear | None:
        """The fiscal year in force today (models.queries.active_fiscal_year), read once
        per batch: only an import or the demo adds one, never a chat message."""
        key = ("fiscal_year", self.org.id, self.today)
        if key not in self.shared:
            self.shared[key] = active_fiscal_year(self.session, self.org.id, self.today)
        return self.shared[key]

    def units(self) -> list[Unit]:
        """The organization's units, read once per batch: an import or the console adds
        them, never a chat message."""
        key = ("units", self.org.id)
        if key not in self.shared:
            self.shared[key] = list(self.session.scalars(
                select(Unit).where(Unit.org_id == self.org.id).order_by(Unit.id)))
        return self.shared[key]

    @property
    def org_wide(self) -> bool:
        """Executives and coordinators see and may change every unit's tasks."""
        return bool(self.roles & ORG_WIDE_ROLES)

    @property
    def unit_ids(self) -> set[int]:
        if not self.sender:
            return set()
        return {m.unit_id for m in self.sender.memberships if m.unit_id is not None}

    def may_change(self, unit_id: int) -> bool:
        if self.org_wide:
            return True
        return any(
            m.unit_id == unit_id and m.role in (Role.OFFICER, Role.HEAD)
            for m in (self.sender.memberships if self.sender else [])
        )

    def may_see(self, unit_id: int) -> bool:
        return self.org_wide or unit_id in self.unit_ids
