"""`python -m bot report --round 6|12 --fiscal-year 2566 [--org SLUG] [--unit NAME]
[--with-trail] [--as-of YYYY-MM-DD] --out FILE.docx|.pdf|.xlsx`: the official report of a
round, in the format the file name asks for (documents/report builds and draws it)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import select

from bot.commands.import_plan import BAD_INPUT, fiscal_year_arg
from bot.commands.org_lookup import organization_session
from documents.report import FORMATS, ReportError, build_report, render
from models import Unit


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--round", type=int, choices=(6, 12), required=True, dest="round_",
                        help="6 (October–March) or 12 (the whole fiscal year)")
    parser.add_argument("--fiscal-year", type=fiscal_year_arg, required=True,
                        help="B.E. fiscal year, e.g. 2566")
    parser.add_argument("--org", help="organization slug (default: ORG_SLUG)")
    parser.add_argument("--unit", help="only this unit's tasks (its exact name)")
    parser.add_argument("--with-trail", action="store_true",
                        help="add the appendix listing every recorded status change")
    parser.add_argument("--as-of", type=date.fromisoformat,
                        help="the report's day (default: today); statuses as they stood then")
    parser.add_argument("--out", type=Path, required=True, help="FILE.docx, FILE.pdf or FILE.xlsx")


def run(args: argparse.Namespace) -> int:
    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        print(f"report: --out must end in .docx, .pdf or .xlsx, not {args.out.name!r}", file=sys.stderr)
        return BAD_INPUT
    with organization_session("report", args.org) as (session, org):
        if org is None:
            return BAD_INPUT
        unit_id = None
        if args.unit:
            unit_id = session.scalar(select(Unit.id).where(Unit.org_id == org.id,
                                                           Unit.name == args.unit.strip()))
            if unit_id is None:
                print(f"report: organization '{org.slug}' has no unit '{args.unit}'", file=sys.stderr)
                return BAD_INPUT
        try:
            report = build_report(session, org.id, args.fiscal_year, args.round_, unit_id,
                                  today=args.as_of)
        except ReportError as err:
            print(f"report: {err}", file=sys.stderr)
            return BAD_INPUT
    args.out.write_bytes(render(report, fmt, with_trail=args.with_trail))
    print(f"report: wrote {len(report.rows)} measures, round {args.round_} of fiscal year "
          f"{args.fiscal_year}, to {args.out}")
    return 0
