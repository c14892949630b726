"""`python -m bot restore FILE`: put a backup back in place of the SQLite database (stop the bot first).

PostgreSQL deployments use pg_dump / pg_restore; the command says how.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import load
from operations.backup import PG_HELP, BackupError, restore_sqlite, sqlite_path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the backup file to restore")


def run(args: argparse.Namespace) -> int:
    path = sqlite_path(load().database_url)
    if path is None:
        print(PG_HELP, file=sys.stderr)
        return 2
    try:
        restore_sqlite(args.file, path)
    except (BackupError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"restored {args.file} to {path} (the replaced file is kept as {path.name}.before); "
          "run `python -m bot db upgrade` if the backup is older than this version")
    return 0
