"""`python -m bot menus sync [--org SLUG]`: put every role's rich menu right on LINE and link
every registered person to their role's menu (see bot/menu_resync.py). Safe to run again."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import select

from bot.config import load
from models import Organization


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["sync"], help="sync: create what changed and relink everyone")
    parser.add_argument("--org", help="organization slug (default: every active organization)")


def run(args: argparse.Namespace) -> int:
    config = load()
    if config.local_mode:
        print("menus: local mode has no LINE channel to sync with; `python -m bot run` creates "
              "and links the menus on the local stand-in when it starts", file=sys.stderr)
        return 2
    from bot.menu_resync import sync_organization
    from bot.processes import prepare

    rt = prepare(config)
    with rt.factory() as session:
        query = select(Organization).where(Organization.disabled_at.is_(None)).order_by(Organization.id)
        if args.org:
            query = select(Organization).where(Organization.slug == args.org)
        orgs = [(org.id, org.slug, org.disabled_at) for org in session.scalars(query)]
    if args.org and (not orgs or orgs[0][2] is not None):
        print(f"menus: no active organization '{args.org}'", file=sys.stderr)
        return 2
    failed = False
    for org_id, slug, _ in orgs:
        report = sync_organization(rt, org_id)
        print(f"{slug}:")
        for line in report.lines:
            print(f"  {line}")
        failed = failed or report.failed
    return 1 if failed else 0
