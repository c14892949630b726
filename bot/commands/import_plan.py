"""`python -m bot import FILE [--org SLUG] [--fiscal-year 2566] [--dry-run] [--json]`

Reads a measures document and shows (dry run) or stores what it found. Bad input — an
empty or binary file, no measures table, an impossible date — prints one line that says
what and where, exits 2 and writes nothing: the whole import is one transaction.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.config import load
from documents.importer.errors import BadInput
from documents.importer.measures import build_plan
from documents.importer.render import render_plan
from documents.importer.store import existing_unit_names, store_plan
from documents.importer.tables import read_document
from models.db import make_engine, make_sessionmaker, transaction, upgrade
from models.queries import org_by_slug

BAD_INPUT = 2


def fiscal_year_arg(text: str) -> int:
    """`2566`, `๒๕๖๖`, or the C.E. year the fiscal year ends in (`2023`)."""
    digits = text.strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    if not digits.isdigit():
        raise argparse.ArgumentTypeError(f"not a year: {text!r}")
    year = int(digits)
    if 1900 < year < 2200:
        year += 543
    if not 2400 < year < 2700:
        raise argparse.ArgumentTypeError(f"not a fiscal year: {text!r} (e.g. 2566)")
    return year


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help=".docx, .xlsx, .csv or tab-separated text")
    parser.add_argument("--org", help="organization slug (default: ORG_SLUG)")
    parser.add_argument(
        "--fiscal-year",
        type=fiscal_year_arg,
        help="B.E. fiscal year, e.g. 2566 (default: read from the document)",
    )
    parser.add_argument("--dry-run", action="store_true", help="show what would be stored")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _peek_units(url: str, slug: str) -> list[str]:
    """The organization's units for a dry run, without creating or migrating anything."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return []
    try:
        from models.db import check_schema

        engine = make_engine(url)
        try:
            check_schema(engine)
            with make_sessionmaker(engine)() as session:
                return existing_unit_names(session, slug)
        finally:
            engine.dispose()
    except Exception:  # a dry run must work without a usable database
        return []


def _fail(exc: BadInput) -> int:
    print(f"import: {exc}", file=sys.stderr)
    return BAD_INPUT


def run(args: argparse.Namespace) -> int:
    config = load()
    slug = args.org or config.org_slug
    try:
        document = read_document(args.file, display_name=args.file.name)
    except BadInput as exc:
        return _fail(exc)

    url = config.database_url
    if args.dry_run:
        org_units = _peek_units(url, slug)
    else:
        upgrade(url)
        engine = make_engine(url)
        factory = make_sessionmaker(engine)
        with factory() as session:
            if args.org and config.secret_key and org_by_slug(session, slug) is None:
                # A deployment of `org add`ed organizations: a mistyped slug must not
                # quietly become a new organization without a LINE channel.
                print(f"import: no organization with slug {slug!r}; add it with `python -m "
                      "bot org add` (`python -m bot org list` shows them)", file=sys.stderr)
                return BAD_INPUT
            org_units = existing_unit_names(session, slug)
    try:
        plan = build_plan(document, fiscal_year=args.fiscal_year, org_units=org_units, progress=True)
    except BadInput as exc:
        return _fail(exc)

    report = None
    if not args.dry_run:
        with transaction(factory) as session:
            report = store_plan(session, plan, slug, config.org_name)
        engine.dispose()
    if args.json:
        print(json.dumps(plan.to_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_plan(plan, report))
    return 0
