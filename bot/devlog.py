"""The /dev chat transcript, kept in the database so it survives a restart.

What people type is written as they send it; what the bot sent is copied from the LINE
stand-in's records (which live in memory) the next time the page asks for the log.
Also the header's clock in Thai (B.E., Thai month), like every message the bot sends.
"""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.line_standin import StandInServer
from handlers.thai.calendar_words import thai_date
from models.db import transaction
from models.local_state import add_transcript, transcript

WEEKDAY_SHORT = ["จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส.", "อา."]


class DevLog:
    def __init__(self, factory: sessionmaker[Session], standin: StandInServer) -> None:
        self.factory, self.standin = factory, standin
        self.reply_chats: dict[str, str] = {}  # reply token → chat id
        self._copied = 0  # stand-in records already in the transcript
        self._lock = threading.Lock()

    def said(self, at: float, user: str, chat: str, text: str) -> None:
        with transaction(self.factory) as session:
            add_transcript(session, at, chat, {"kind": "me", "at": at, "user": user,
                                               "text": text})

    def entries(self, chat: str, user: str) -> list[dict]:
        """The chat's transcript as /dev/log returns it (`mine`: typed by this user)."""
        self._copy_bot_sends()
        with self.factory() as session:
            out = transcript(session, chat)
        for entry in out:
            if entry["kind"] == "me":
                entry["mine"] = entry.get("user") == user
        return out

    def _copy_bot_sends(self) -> None:
        with self._lock:
            records = self.standin.state.sends()[self._copied:]
            if not records:
                return
            with transaction(self.factory) as session:
                for record in records:
                    body = record.body or {}
                    if record.path.endswith("/reply"):
                        to, kind = self.reply_chats.get(body.get("replyToken", ""), ""), "reply"
                    else:
                        to, kind = body.get("to", ""), "push"
                    add_transcript(session, record.at, to, {
                        "kind": kind, "at": record.at, "messages": record.messages,
                        "ids": record.sent_ids})
            self._copied += len(records)


def thai_clock(moment: datetime) -> str:
    """'ศ. 4 ธ.ค. 2569 09:00 น.'"""
    return f"{WEEKDAY_SHORT[moment.weekday()]} {thai_date(moment.date())} {moment:%H:%M} น."
