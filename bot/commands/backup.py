"""`python -m bot backup FILE`: a consistent copy of the SQLite database, safe while the bot runs.

PostgreSQL deployments use pg_dump / pg_restore; the command says how.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import load
from operations.backup import PG_HELP, BackupError, backup_sqlite, sqlite_path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="where to write the copy (a new file)")


def run(args: argparse.Namespace) -> int:
    path = sqlite_path(load().database_url)
    if path is None:
        print(PG_HELP, file=sys.stderr)
        return 2
    try:
        size = backup_sqlite(path, args.file)
    except (BackupError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"backed up {path} to {args.file} ({size:,} bytes)")
    return 0
