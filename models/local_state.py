"""What local mode (the /dev demo) keeps between restarts: the simulated clock's offset and
the chat transcript shown on /dev. Never used with real LINE credentials.

In the database rather than a file so the page, `python -m bot invite` and a restarted
process all read the same clock for the same database.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base

CLOCK_KEY = "clock_offset_seconds"


class LocalSetting(Base):
    __tablename__ = "local_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DevTranscript(Base):
    """One line of the /dev chat: something a person typed, or what the bot sent."""

    __tablename__ = "dev_transcript"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[float]  # seconds since the epoch (real time: the page orders by it)
    chat: Mapped[str] = mapped_column(String(64), index=True)
    entry: Mapped[str] = mapped_column(Text)  # JSON, as /dev/log returns it


def clock_offset(session: Session) -> timedelta:
    row = session.get(LocalSetting, CLOCK_KEY)
    return timedelta(seconds=float(row.value)) if row else timedelta()


def save_clock_offset(session: Session, offset: timedelta) -> None:
    row = session.get(LocalSetting, CLOCK_KEY)
    if row is None:
        session.add(LocalSetting(key=CLOCK_KEY, value=str(offset.total_seconds())))
    else:
        row.value = str(offset.total_seconds())


def add_transcript(session: Session, at: float, chat: str, entry: dict) -> None:
    session.add(DevTranscript(at=at, chat=chat, entry=json.dumps(entry, ensure_ascii=False)))


def transcript(session: Session, chat: str) -> list[dict]:
    rows = session.scalars(select(DevTranscript).where(DevTranscript.chat == chat)
                           .order_by(DevTranscript.at, DevTranscript.id))
    return [json.loads(r.entry) for r in rows]
