"""`python -m bot template FILE.xlsx [--fiscal-year 2567]`: the blank import template,
with Thai headers, one filled example row and a sheet that explains each column."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from bot.commands.import_plan import fiscal_year_arg
from documents.importer.template import write_template
from handlers.thai.calendar_words import fiscal_year_of


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="where to write the .xlsx template")
    parser.add_argument(
        "--fiscal-year",
        type=fiscal_year_arg,
        help="B.E. fiscal year for the example row (default: the current one)",
    )


def run(args: argparse.Namespace) -> int:
    year = args.fiscal_year or fiscal_year_of(date.today())
    write_template(args.file, year)
    print(f"template: wrote {args.file}")
    return 0
