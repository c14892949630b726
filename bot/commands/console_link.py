"""`python -m bot console-link [--org SLUG]`: print a one-time link (10 minutes) that signs
in to the web console as the organization's coordinator.

The IT officer runs it once for a new organization: when no coordinator has registered
yet, the link signs in as the set-up coordinator (recorded as such in the audit), who can
then make their own registration code in the console.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from sqlalchemy import select

from bot.config import load
from console.access import LINK_TTL, issue_link, link_url
from models import Membership, Organization, Person, Role
from models.db import check_schema, make_engine, make_sessionmaker, transaction
from models.queries import org_by_slug


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--org", help="organization slug (default: ORG_SLUG)")


def run(args: argparse.Namespace) -> int:
    config = load()
    engine = make_engine(config.database_url)
    check_schema(engine)
    slug = args.org or config.org_slug
    with transaction(make_sessionmaker(engine)) as session:
        org = org_by_slug(session, slug)
        if org is None:  # a new organization: its plan and units come through the console
            org = Organization(slug=slug, name=config.org_name if slug == config.org_slug else slug)
            session.add(org)
            session.flush()
        coordinator = session.scalar(
            select(Person.id).join(Membership).where(
                Person.org_id == org.id, Person.active.is_(True),
                Membership.role == Role.COORDINATOR).order_by(Person.id).limit(1))
        token = issue_link(session, org.id, coordinator, datetime.now(UTC))
    engine.dispose()
    print(link_url(config.public_base_url, token))
    who = "the first registered coordinator" if coordinator else "the set-up coordinator"
    print(f"one use, expires in {int(LINK_TTL.total_seconds() // 60)} minutes; signs in as {who}",
          file=sys.stderr)
    return 0
