"""`python -m bot export FILE.xlsx [--org SLUG] [--fiscal-year 2566]`: the stored plan in
the import template, with the measure and work-item keys, so the coordinator can correct it
in Excel and import it again (the keys make the corrected rows update in place)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import func, select

from bot.commands.import_plan import BAD_INPUT, fiscal_year_arg
from bot.commands.org_lookup import organization_session
from documents.importer.template import export_rows, write_export
from models import FiscalYear, Measure


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="where to write the .xlsx file")
    parser.add_argument("--org", help="organization slug (default: ORG_SLUG)")
    parser.add_argument(
        "--fiscal-year", type=fiscal_year_arg, help="B.E. fiscal year (default: the latest one with measures)"
    )


def run(args: argparse.Namespace) -> int:
    with organization_session("export", args.org) as (session, org):
        if org is None:
            return BAD_INPUT
        query = select(FiscalYear).where(FiscalYear.org_id == org.id)
        if args.fiscal_year:
            query = query.where(FiscalYear.year_be == args.fiscal_year)
        else:
            with_measures = (
                select(func.count())
                .select_from(Measure)
                .where(Measure.fiscal_year_id == FiscalYear.id)
                .scalar_subquery()
            )
            query = query.where(with_measures > 0).order_by(FiscalYear.year_be.desc())
        fy = session.scalars(query).first()
        if fy is None:
            which = args.fiscal_year or "with measures"
            print(f"export: organization '{org.slug}' has no fiscal year {which}", file=sys.stderr)
            return BAD_INPUT
        rows = export_rows(session, org, fy)
    write_export(args.file, rows)
    print(f"export: wrote {len(rows)} rows of fiscal year {fy.year_be} to {args.file}")
    return 0
