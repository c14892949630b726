"""The start every command that reads one organization's stored plan shares: load the
configuration, bring the schema up to date, and find the organization by slug, saying
clearly when it does not exist (the usual cause: no plan imported yet)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import load
from models import Organization
from models.db import make_engine, make_sessionmaker, upgrade


@contextmanager
def organization_session(command: str, slug: str | None) -> Iterator[tuple[Session, Organization | None]]:
    """(session, organization), or (session, None) after printing why; the engine is closed
    on the way out."""
    config = load()
    slug = slug or config.org_slug
    upgrade(config.database_url)
    engine = make_engine(config.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            org = session.scalar(select(Organization).where(Organization.slug == slug))
            if org is None:
                print(f"{command}: no organization '{slug}' (import a plan first)", file=sys.stderr)
            yield session, org
    finally:
        engine.dispose()
