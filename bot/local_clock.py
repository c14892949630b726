"""Local mode's one notion of "now": the real time plus the offset the /dev page moved it by,
kept in the database so the page, `python -m bot invite` and a restarted process agree
(a code printed after moving the clock to January is not refused as expired, and records
made "in January" are not in the future after a restart)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.runtime import ShiftableClock
from models.db import transaction
from models.local_state import clock_offset, save_clock_offset


def persistent_clock(clock: ShiftableClock, factory: sessionmaker[Session]) -> ShiftableClock:
    """Load the saved offset into `clock` and save it whenever it moves."""
    with factory() as session:
        clock.offset = clock_offset(session)

    def save(offset: timedelta) -> None:
        with transaction(factory) as session:
            save_clock_offset(session, offset)

    clock.on_shift = save
    return clock


def local_now(factory: sessionmaker[Session], local_mode: bool) -> datetime:
    """Now as the demo sees it (real time with real LINE credentials)."""
    now = datetime.now(UTC)
    if not local_mode:
        return now
    try:
        with factory() as session:
            return now + clock_offset(session)
    except SQLAlchemyError:  # a database not migrated yet has no saved clock
        return now
