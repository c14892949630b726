"""One-time tokens behind buttons, so a repeated or stale tap changes nothing twice."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models.plan import ActionToken

DEFAULT_TTL = timedelta(days=14)


def new_action_token(session: Session, *, org_id: int, task_id: int, action: str, now: datetime,
                     percent: int | None = None, evidence_urls: list[str] | None = None,
                     happened_on: date | None = None, ttl: timedelta = DEFAULT_TTL) -> str:
    token = secrets.token_urlsafe(12)
    session.add(ActionToken(org_id=org_id, token=token, task_id=task_id, action=action,
                            percent=percent, evidence_urls="\n".join(evidence_urls or []),
                            happened_on=happened_on, expires_at=now + ttl))
    return token


def postback_data(action: str, task_id: int, token: str) -> str:
    """The postback `data` string our handler reads (LINE allows 300 characters)."""
    return f"a={action}&t={task_id}&k={token}"


def use_action_token(session: Session, org_id: int, token: str, now: datetime) -> ActionToken | None:
    """Spend the token; None when it is unknown, used already, or expired."""
    row = session.scalar(
        select(ActionToken).where(ActionToken.org_id == org_id, ActionToken.token == token)
    )
    if row is None or row.used_at is not None or row.expires_at < now:
        return None
    changed = session.execute(
        update(ActionToken)
        .where(ActionToken.id == row.id, ActionToken.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    return row if changed == 1 else None
