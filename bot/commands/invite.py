"""`python -m bot invite --unit กองคลัง --role officer`: print a one-time code.

`--bind` makes a code that binds a LINE group to the unit (or, without --unit, to the whole
organization) when a head or coordinator types `ผูกกลุ่ม CODE` in that group.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from rapidfuzz import process
from sqlalchemy import select

from bot.config import load
from bot.local_clock import local_now
from handlers.thai.calendar_words import thai_date
from models import Organization, Role, Unit
from models.db import make_engine, make_sessionmaker, transaction
from models.invites import create_invite
from models.queries import org_by_slug


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", help="unit name, e.g. กองคลัง (not for executive/coordinator)")
    parser.add_argument("--role", choices=[r.value for r in Role], default=Role.OFFICER.value)
    parser.add_argument("--bind", action="store_true", help="a code to bind a LINE group")
    parser.add_argument("--days", type=int, default=7, help="days until the code expires")
    parser.add_argument("--org", help="organization slug (default: ORG_SLUG)")


def run(args: argparse.Namespace) -> int:
    config = load()
    factory = make_sessionmaker(make_engine(config.database_url))
    now = local_now(factory, config.local_mode)  # the /dev page's clock in local mode
    with transaction(factory) as session:
        slug = args.org or config.org_slug
        org = org_by_slug(session, slug)
        if org is None:
            if args.org:
                print(f"error: no organization with slug {slug!r}", file=sys.stderr)
                return 2
            org = Organization(slug=slug, name=config.org_name)
            session.add(org)
            session.flush()
        unit = None
        needs_unit = not args.bind and args.role in (Role.OFFICER, Role.HEAD)
        if args.unit:
            names = session.scalars(select(Unit.name).where(Unit.org_id == org.id)).all()
            unit = session.scalar(select(Unit).where(Unit.org_id == org.id, Unit.name == args.unit))
            if unit is None:
                hint = process.extractOne(args.unit, names) if names else None
                known = f" Did you mean {hint[0]}?" if hint and hint[1] > 60 else ""
                print(f"error: no unit named {args.unit!r} in {org.slug}.{known} "
                      f"Known units: {', '.join(names) or 'none (import a plan first)'}",
                      file=sys.stderr)
                return 2
        elif needs_unit:
            print(f"error: --unit is required for role {args.role}", file=sys.stderr)
            return 2
        code = create_invite(session, org_id=org.id, purpose="bind" if args.bind else "register",
                             role=None if args.bind else args.role,
                             unit_id=unit.id if unit else None, now=now,
                             ttl=timedelta(days=args.days))
    expires = (now + timedelta(days=args.days)).astimezone(config.tz).date()
    if args.bind:
        scope = unit.name if unit else "ทั้งองค์กร"
        print(f"{code}\nให้หัวหน้าหรือผู้ประสานงานพิมพ์ในกลุ่ม LINE ของ{scope}: ผูกกลุ่ม {code}")
    else:
        print(f"{code}\nให้ผู้ใช้พิมพ์ในแชตส่วนตัวกับบอท: ลงทะเบียน {code}")
    print(f"ใช้ได้ครั้งเดียว หมดอายุ {thai_date(expires)}", file=sys.stderr)
    return 0
