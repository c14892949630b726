"""Engine, sessions and the schema check. One place decides how we talk to the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


class SchemaOutOfDate(RuntimeError):
    pass


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            # WAL lets the webhook write while the worker reads; foreign keys are off by default.
            # Autocommit at the driver level, so SQLAlchemy's BEGIN and SAVEPOINT are the ones used.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:
            # IMMEDIATE takes the write lock up front: two writers wait for each other
            # instead of failing when a read transaction tries to become a write.
            # Readers (see `reading`) begin deferred and never wait.
            options = conn.get_execution_options()
            if options.get("sqlite_no_begin"):
                return  # each statement is its own transaction (`redoable_statements`)
            # Each commit syncs the log to disk (about a millisecond here, under the write
            # lock) unless the transaction says it can be redone: see `redoable`.
            sync = "NORMAL" if options.get("redoable") else "FULL"
            if conn.info.get("sqlite_sync") != sync:
                conn.exec_driver_sql(f"PRAGMA synchronous={sync}")
                conn.info["sqlite_sync"] = sync
            conn.exec_driver_sql("BEGIN" if options.get("sqlite_deferred") else "BEGIN IMMEDIATE")

        _count_writes(engine)
        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    _count_writes(engine)

    @event.listens_for(engine, "begin")
    def _postgresql_begin(conn) -> None:
        # The same bargain as SQLite's synchronous=NORMAL (see `redoable`): the commit
        # returns before its log reaches the disk. A server crash may undo the last
        # fraction of a second of such commits, never break consistency.
        options = conn.get_execution_options()
        if options.get("redoable") and options.get("isolation_level") != "AUTOCOMMIT":
            conn.exec_driver_sql("SET LOCAL synchronous_commit = off")

    return engine


def _count_writes(engine: Engine) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def _count(conn, _cursor, statement: str, _params, _context, _many) -> None:
        if statement.lstrip()[:6].upper() != "SELECT":  # a WITH … SELECT counts: no harm
            _one_more_write(conn.info)


def writes_so_far(session: Session) -> int:
    """How many statements other than SELECTs the session's connection has run (ever: only
    the difference between two calls means anything). It tells a handler run without a
    savepoint whether a failure left nothing of its own behind. A statement sent on the
    driver's own cursor is not seen: count it with `count_write`."""
    return session.connection().info.get("writes", 0)


def count_write(session: Session) -> None:
    _one_more_write(session.connection().info)


def _one_more_write(info: dict) -> None:
    info["writes"] = info.get("writes", 0) + 1


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back if it raises."""
    with factory() as session, session.begin():
        yield session


@contextmanager
def redoable(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Like `transaction`, for work that is redone if lost: the worker's handling of a stored
    event and the bookkeeping of its reply. On SQLite the commit then skips its own disk sync
    (synchronous=NORMAL in WAL): a crash of the process loses nothing; a power cut may lose
    the last few such commits, never a stored event, since the webhook's commits still sync
    (and take everything written before them along). This keeps the write lock short, so the
    webhook does not wait behind the worker. On PostgreSQL the commit does not wait for its
    log to be flushed (synchronous_commit off for the transaction): a server crash may
    undo the last few, which are then redone; it is most of a worker's cost per event."""
    with factory() as session, session.begin():
        session.connection(execution_options={"redoable": True})
        yield session


@contextmanager
def redoable_statements(engine: Engine) -> Iterator[Connection]:
    """A connection on which each statement commits by itself, with `redoable`'s durability:
    for bookkeeping written one row at a time between LINE calls, where a BEGIN and a
    COMMIT around each write would cost more round trips than the write itself."""
    with engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            # The driver commits each statement unless a BEGIN was sent (make_engine):
            # sending none is enough.
            conn = conn.execution_options(redoable=True, sqlite_no_begin=True)
            if conn.info.get("sqlite_sync") != "NORMAL":
                conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
                conn.info["sqlite_sync"] = "NORMAL"
            yield conn
            return
        conn = conn.execution_options(isolation_level="AUTOCOMMIT", redoable=True)
        conn.exec_driver_sql("SET synchronous_commit = off")
        try:
            yield conn
        finally:
            try:  # the pooled connection goes back as it came, or not at all
                conn.exec_driver_sql("RESET synchronous_commit")
            except Exception:
                conn.invalidate()


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for reads only. On SQLite it never waits for a writer, so it is safe to
    open while this thread already holds a write transaction."""
    with engine.connect() as conn:
        conn = conn.execution_options(sqlite_deferred=True)
        with Session(bind=conn) as session:
            yield session


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_schema(engine: Engine) -> None:
    """Refuse to run on a schema older (or newer) than this code expects."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise SchemaOutOfDate(
            f"database schema is at {current or 'nothing'}, this code needs {head}: "
            "run `python -m bot db upgrade`"
        )
