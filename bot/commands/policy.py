"""`python -m bot policy [--org SLUG] [--show] [--days-before 7,1] [--overdue-every N]
[--escalate-after N] [--hours 08:30-16:30] [--budget N] [--share PERCENT]
[--add-holiday YYYY-MM-DD NAME]`: show or change an organization's reminder policy."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from sqlalchemy import select

from bot.config import load
from handlers.thai.calendar_words import thai_date
from models import OrgHoliday, ReminderPolicy
from models.db import check_schema, make_engine, make_sessionmaker, transaction
from models.queries import org_by_slug
from scheduler.policy import add_holiday, from_row, update_policy


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--org", help="organization slug (default: ORG_SLUG)")
    parser.add_argument("--show", action="store_true",
                        help="print the policy in force (it is printed after a change too)")
    parser.add_argument("--days-before", help="days before the due date to remind, e.g. 7,1")
    parser.add_argument("--overdue-every", type=int, help="working days between overdue reminders")
    parser.add_argument("--escalate-after", type=int,
                        help="working days overdue before the head hears (executives: twice)")
    parser.add_argument("--hours", help="working hours in Asia/Bangkok, e.g. 08:30-16:30")
    parser.add_argument("--budget", type=int, help="billed LINE messages a month")
    parser.add_argument("--share", type=int,
                        help="percent of the budget reminders and digests may plan to use")
    parser.add_argument("--add-holiday", nargs=2, metavar=("YYYY-MM-DD", "NAME"),
                        help="a day off of the organization's own")


def run(args: argparse.Namespace) -> int:
    config = load()
    engine = make_engine(config.database_url)
    check_schema(engine)
    factory = make_sessionmaker(engine)
    slug = args.org or config.org_slug
    changing = any(v is not None for v in (args.days_before, args.overdue_every,
                                           args.escalate_after, args.hours, args.budget,
                                           args.share, args.add_holiday))
    try:
        with transaction(factory) as session:
            org = org_by_slug(session, slug)
            if org is None:
                print(f"error: no organization {slug!r}", file=sys.stderr)
                return 1
            if changing:
                update_policy(session, org.id, days_before=args.days_before,
                              overdue_every=args.overdue_every,
                              escalate_after=args.escalate_after, hours=args.hours,
                              budget=args.budget, share=args.share)
            if args.add_holiday:
                day = date.fromisoformat(args.add_holiday[0])
                if not add_holiday(session, org.id, day, args.add_holiday[1]):
                    print(f"{day} is already a holiday of {slug}")
            print(describe(session, org, config.monthly_message_budget))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


def describe(session, org, default_budget: int) -> str:
    policy = from_row(session.scalar(select(ReminderPolicy).where(
        ReminderPolicy.org_id == org.id)))
    budget = policy.budget(default_budget)
    holidays = session.scalars(select(OrgHoliday).where(OrgHoliday.org_id == org.id)
                               .order_by(OrgHoliday.day)).all()
    lines = [
        f"reminder policy of {org.slug} ({org.name})",
        f"  days before the due date: {', '.join(map(str, policy.days_before)) or 'none'}",
        "  on the due day: yes",
        f"  overdue: every {policy.overdue_every} working days",
        f"  escalate: head after {policy.escalate_after} working days overdue, "
        f"executives after {2 * policy.escalate_after}",
        f"  working hours: {policy.work_start:%H:%M}-{policy.work_end:%H:%M} Asia/Bangkok",
        f"  monthly budget: {budget} billed messages"
        + ("" if policy.monthly_budget is not None else " (default)")
        + f"; reminders and digests plan within {policy.scheduled_share}%"
        f" ({budget * policy.scheduled_share // 100})",
        "  holidays: Thai public holidays"
        + "".join(f"\n    + {thai_date(h.day)} ({h.day.isoformat()}) {h.name}" for h in holidays),
    ]
    return "\n".join(lines)
