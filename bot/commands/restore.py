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
    parser.description = ("put a backup made by `python -m bot backup` in place of the SQLite "
                          "database; stop web, worker and clock first")
    parser.add_argument("file", type=Path, help="the backup file to restore")


def run(args: argparse.Namespace) -> int:
    path = sqlite_path(load().database_url)
    if path is None:
        print(PG_HELP, file=sys.stderr)
        return 2
    try:
        kept = restore_sqlite(args.file, path)
    except (BackupError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    where = f" (the replaced database is kept as {kept})" if kept else ""
    print(f"restored {args.file} to {path}{where}; run `python -m bot db upgrade` if the "
          "backup is older than this version, then start the bot")
    return 0
