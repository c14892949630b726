"""Backups. SQLite: a consistent copy of the live database through SQLite's online backup
API (safe while the bot runs: it copies pages under the database's own locks), and a
restore that checks the file before putting it in place. PostgreSQL: its own tools do this
better than we could — `pg_dump --format=custom` and `pg_restore` (see README)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

PG_HELP = ("PostgreSQL: back up with `pg_dump --format=custom --file=ita.dump \"$DATABASE_URL\"` "
           "and restore with `pg_restore --clean --if-exists --dbname=\"$DATABASE_URL\" ita.dump` "
           "(stop web, worker and clock first); see README, Production")


class BackupError(RuntimeError):
    pass


def sqlite_path(database_url: str) -> Path | None:
    if not database_url.startswith("sqlite:///"):
        return None
    return Path(database_url.removeprefix("sqlite:///"))


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy the live database to `target` (a new file); returns its size in bytes."""
    if not source.exists():
        raise BackupError(f"no database at {source}")
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    # closing(): a sqlite3 connection's `with` only commits, and an open one keeps the live
    # database's write-ahead log from being removed by the restore that may follow
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(target)) as copy:
        live.backup(copy)
    return target.stat().st_size


def kept_copy_path(target: Path) -> Path:
    """Where restore keeps the database it replaces: `NAME.before`, or `NAME.before-2` …
    so a second restore never overwrites the first one's copy."""
    path, n = target.with_name(target.name + ".before"), 1
    while path.exists():
        n += 1
        path = target.with_name(f"{target.name}.before-{n}")
    return path


def restore_sqlite(backup: Path, target: Path) -> Path | None:
    """Put `backup` in place of the database at `target` (processes must be stopped).
    The backup must pass SQLite's integrity check; the replaced database is kept as
    .before (returned)."""
    if not backup.exists():
        raise BackupError(f"no backup at {backup}")
    try:
        with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as check:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{backup} is damaged (integrity check failed)")
            tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as err:
        raise BackupError(f"{backup} is not a SQLite database ({err})") from None
    if "alembic_version" not in tables:
        raise BackupError(f"{backup} is not a backup of this bot's database")
    kept = None
    if target.exists():
        # through SQLite, so what is still in the write-ahead log is kept too
        kept = kept_copy_path(target)
        backup_sqlite(target, kept)
    for suffix in ("-wal", "-shm"):  # a stale write-ahead log must not be replayed onto it
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with closing(sqlite3.connect(backup)) as source, closing(sqlite3.connect(target)) as dest:
        source.backup(dest)
    return kept
