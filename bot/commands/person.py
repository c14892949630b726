"""`python -m bot person export|forget --line-user U…`: a person's PDPA requests.

`export` prints everything stored about them as JSON (give it to them). `forget` removes
their name and LINE id and keeps the anonymized history official records need; it asks
for `--yes` because it cannot be undone.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from bot.config import load
from models.db import make_engine, make_sessionmaker, transaction
from operations.pdpa import export, forget


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["export", "forget"])
    parser.add_argument("--line-user", required=True, help="the person's LINE user id (U…)")
    parser.add_argument("--org", help="only in this organization (slug); default: all")
    parser.add_argument("--yes", action="store_true", help="forget: yes, really")


def run(args: argparse.Namespace) -> int:
    factory = make_sessionmaker(make_engine(load().database_url))
    if args.action == "export":
        with factory() as session:
            data = export(session, args.line_user, args.org)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0 if data["organizations"] else 1
    if not args.yes:
        print("error: forgetting cannot be undone; add --yes", file=sys.stderr)
        return 2
    with transaction(factory) as session:
        count = forget(session, args.line_user, datetime.now(UTC), args.org)
    if not count:
        print(f"no person with LINE id {args.line_user}", file=sys.stderr)
        return 1
    print(f"forgotten in {count} organization(s): name and LINE id removed, history kept "
          "anonymized")
    return 0
