"""What the worker asks of LINE before handling an event, outside its database transaction.

The worker handles an event in one write transaction (on SQLite: the database's one write
lock). A slow LINE call in there would make the webhook and every other writer wait: a 10 MB
file took ~0.6 s to download. So when the handler needs a sent file's bytes, the worker
leaves the transaction with `NeedsLine`, nothing written, downloads here, and handles the
event again with the file at hand. If the process dies in between, the event is still
pending and is handled again; a stored file's key is its SHA-256, so a second download
stores nothing new.

The loading animation needs nothing back from LINE, so it is not worth a second pass: it is
asked for from a background thread while the handling goes on (`start_loading`), and the
answer waits for that call, since the dots LINE shows after our answer would linger.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy import select

from bot.line_api import LineError
from bot.runtime import Runtime
from evidence.intake import Refused, Stored, store_stream
from models import Evidence
from models.db import reading

log = logging.getLogger(__name__)


class NeedsLine(Exception):
    """Raised inside the worker's transaction to leave it (rolled back) and fetch a file
    first: `content` is (message id, expected type)."""

    def __init__(self, event_id: int, *, content: tuple[str, str]) -> None:
        super().__init__(f"event {event_id} needs LINE first")
        self.event_id, self.content = event_id, content


@dataclass
class Prepared:
    """What was fetched for one event before its transaction: file results by message id
    (a Stored, or the Refused / LookupError to raise), and the loading animation's call."""

    org_id: int | None = None
    files: dict[str, Stored | Exception] = field(default_factory=dict)
    loading: Future | None = None
    final: bool = False  # the last try: nothing more is fetched
    dropped: list[str] = field(default_factory=list)  # storage keys to delete after commit

    def content_getter(self, event_id: int):
        """`Context.store_content` for a handler run: the file fetched already, or
        NeedsLine so the worker fetches it outside the transaction and runs the handler again."""

        def store_content(message_id: str, expected: str) -> Stored:
            found = self.files.get(message_id)
            if found is None and self.final:
                raise LookupError(f"message {message_id} not fetched")
            if found is None:
                raise NeedsLine(event_id, content=(message_id, expected))
            if isinstance(found, Exception):
                raise found
            return found

        return store_content


def prepare(rt: Runtime, org_id: int, need: NeedsLine, prepared: Prepared) -> None:
    """Fetch the file the handler asked for; never inside a transaction. The loading
    animation, if asked for, goes first: it is what the sender sees while we download."""
    shown(prepared.loading)
    message_id, expected = need.content
    prepared.files[message_id] = _fetch(rt, org_id, message_id, expected)


def _fetch(rt: Runtime, org_id: int, message_id: str, expected: str) -> Stored | Exception:
    """Stream a sent file from LINE's content API into evidence storage."""
    try:
        served_type, chunks = rt.gateway_for(org_id).content(message_id)
        return store_stream(chunks, org_id=org_id, expected_type=expected,
                            served_type=served_type, storage=rt.evidence_storage,
                            spool_dir=rt.config.evidence_dir / ".incoming")
    except Refused as refused:
        return refused
    except Exception as err:  # LINE refused, or the stream broke off: ask to send it again
        log.warning("content of message %s not fetched: %s", message_id, err)
        return LookupError(str(err))


def start_loading(rt: Runtime, org_id: int, user_id: str) -> Future | None:
    """Ask LINE for the loading animation without waiting; `shown` waits. None when the
    process is shutting down (no new threads then): the animation is only cosmetic."""
    try:
        return rt.background.submit(_show_loading, rt, org_id, user_id)
    except RuntimeError as err:
        log.info("loading animation not asked for: %s", err)
        return None


def shown(loading: Future | None) -> None:
    """Wait until LINE answered the loading call (its own timeout bounds the wait)."""
    if loading is None:
        return
    try:
        loading.result()
    except Exception:
        log.exception("loading animation call failed")  # cosmetic: the answer still goes


def _show_loading(rt: Runtime, org_id: int, user_id: str) -> None:
    try:
        rt.gateway_for(org_id).show_loading(user_id)
    except (LineError, LookupError) as err:
        log.info("loading animation not shown: %s", err)  # cosmetic; the answer still comes


def delete_withdrawn(rt: Runtime, keys: list[str]) -> None:
    """After the commit: delete the stored bytes of withdrawn files that no evidence still
    standing uses (the same photo may have been attached twice). A failure only leaves the
    bytes behind; the row already says withdrawn, so nothing shows or serves them."""
    for key in dict.fromkeys(keys):
        with reading(rt.engine) as session:
            in_use = session.scalar(select(Evidence.id).where(
                Evidence.storage_key == key, Evidence.withdrawn_at.is_(None)).limit(1))
        if in_use is not None:
            continue
        try:
            rt.evidence_storage.delete(key)
        except Exception as err:
            log.warning("withdrawn file %s not deleted from storage: %s", key, err)
