"""Download links to a round's report: who asked for which report, until when.

The link names the report (fiscal year, round, unit or the whole organization), not a
stored file, so a draft link in a round notice always downloads the latest figures. The
token is 256 random bits, so the URL cannot be guessed; it expires like the digest chart.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow

CHAT_LINK_TTL = timedelta(days=7)
NOTICE_LINK_TTL = timedelta(days=45)


class ReportLink(Base):
    __tablename__ = "report_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    fiscal_year: Mapped[int]
    round: Mapped[int]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # None: whole organization
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))  # who it was made for
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


def new_report_link(session: Session, *, org_id: int, fiscal_year: int, round_: int,
                    unit_id: int | None, person_id: int | None, now: datetime,
                    ttl: timedelta = CHAT_LINK_TTL) -> str:
    token = secrets.token_urlsafe(32)
    session.add(ReportLink(org_id=org_id, token=token, fiscal_year=fiscal_year, round=round_,
                           unit_id=unit_id, person_id=person_id, created_at=now,
                           expires_at=now + ttl))
    return token


def live_report_link(session: Session, token: str, now: datetime) -> ReportLink | None:
    """The link if the token is known and not expired; None either way otherwise."""
    return session.scalar(select(ReportLink).where(ReportLink.token == token,
                                                   ReportLink.expires_at > now))


def report_url(public_base_url: str, token: str, fmt: str) -> str:
    return f"{public_base_url.rstrip('/')}/reports/{token}.{fmt}"


def draft_report_urls(session: Session, *, org_id: int, fiscal_year: int, round_: int,
                      unit_id: int | None, person_id: int | None, now: datetime,
                      public_base_url: str) -> dict[str, str]:
    """A round notice's links to the draft report, format → URL (one token for all)."""
    token = new_report_link(session, org_id=org_id, fiscal_year=fiscal_year, round_=round_,
                            unit_id=unit_id, person_id=person_id, now=now, ttl=NOTICE_LINK_TTL)
    return {fmt: report_url(public_base_url, token, fmt) for fmt in ("pdf", "docx")}
