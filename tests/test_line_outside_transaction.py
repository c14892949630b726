"""Slow LINE calls happen while the worker holds no database transaction: a sent file is
downloaded into storage first and recorded after, in a short transaction, and the loading
animation is asked for from another thread, the transaction not waiting for it. A worker that dies between the
download and the record loses nothing: the event is handled again, the file stored once."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlalchemy import event, select

import bot.worker as worker
from models import Evidence, InboxEvent
from tests.evidence_support import EXECUTIVE, FINANCE, PNG, attached, send_media


class OpenTransactions:
    """Which of the bot's database connections are inside a transaction right now."""

    def __init__(self, engine) -> None:
        self.open: set[int] = set()
        event.listen(engine, "begin", lambda conn: self.open.add(id(conn)))
        event.listen(engine, "commit", lambda conn: self.open.discard(id(conn)))
        event.listen(engine, "rollback", lambda conn: self.open.discard(id(conn)))


def sqlite_write_lock_free(bot) -> bool | None:
    """On SQLite: could another writer (the webhook) begin a write transaction now?"""
    url = bot.rt.config.database_url
    if not url.startswith("sqlite:///"):
        return None
    conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def watch(bot, path_part: str) -> list[tuple[int, bool | None]]:
    """(open transactions, SQLite write lock free) at each stand-in request matching."""
    transactions, seen = OpenTransactions(bot.rt.engine), []

    def on_request(path: str) -> None:
        if path_part in path:
            seen.append((len(transactions.open), sqlite_write_lock_free(bot)))

    bot.standin.state.on_request = on_request
    return seen


def test_a_file_is_downloaded_with_no_transaction_open_then_recorded(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    seen = watch(demo_bot, "/content")
    assert send_media(demo_bot) == ["แนบหลักฐานให้ o12 แล้วครับ"]
    assert [open_ for open_, _ in seen] == [0]  # one download, while no transaction was open
    assert seen[0][1] in (True, None)  # on SQLite the webhook could have written meanwhile
    [row] = attached(demo_bot)
    assert row.storage_key and row.size == len(PNG)


def test_the_transaction_does_not_wait_for_the_loading_animation(demo_bot):
    """LINE answering slowly: the event is handled and committed meanwhile, and the answer
    still reaches LINE only after the loading call (else the dots would linger after it)."""
    commits, loading = [], {}

    def slow_loading(path: str) -> None:
        if "/chat/loading/start" in path:
            loading["asked"] = time.time()
            time.sleep(0.8)
            loading["answered"] = time.time()

    def worker_commit(conn) -> None:
        if conn.get_execution_options().get("redoable"):  # not the webhook's
            commits.append(time.time())

    event.listen(demo_bot.rt.engine, "commit", worker_commit)
    demo_bot.standin.state.on_request = slow_loading
    assert demo_bot.say("สถานะ", user=EXECUTIVE)
    assert commits[0] < loading["answered"]  # had it waited, it would commit after
    [call] = demo_bot.standin.state.loading_calls()
    [reply] = demo_bot.standin.state.sends("reply")
    assert call.at <= reply.at  # recorded once the slow call was answered


def test_a_photo_gets_the_loading_animation_once_and_one_download(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    demo_bot.standin.state.clear()
    send_media(demo_bot)
    paths = [r.path for r in demo_bot.standin.state.requests]
    assert paths.count("/v2/bot/chat/loading/start") == 1
    assert sum(p.endswith("/content") for p in paths) == 1
    assert paths.index("/v2/bot/chat/loading/start") < next(
        i for i, p in enumerate(paths) if p.endswith("/content"))


class Killed(BaseException):
    """The worker process dying (not an error any handler would catch)."""


def test_a_worker_dying_after_the_download_loses_nothing_and_stores_once(demo_bot, monkeypatch):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    real_prepare = worker.prepare

    def prepare_then_die(rt, org_id, need, prepared):
        real_prepare(rt, org_id, need, prepared)
        if need.content:
            raise Killed

    monkeypatch.setattr(worker, "prepare", prepare_then_die)
    with pytest.raises(Killed):
        send_media(demo_bot)
    stored = [p for p in demo_bot.rt.config.evidence_dir.rglob("*") if p.is_file()]
    assert len(stored) == 1  # the bytes are in storage …
    with demo_bot.rt.factory() as s:  # … but nothing was recorded, and the event still waits
        assert s.scalars(select(Evidence)).all() == []
        assert s.scalars(select(InboxEvent.status).order_by(InboxEvent.id)).all()[-1] == "pending"

    monkeypatch.setattr(worker, "prepare", real_prepare)  # the worker restarts
    before = len(demo_bot.standin.state.sends())
    demo_bot.work()
    texts = [m["text"] for r in demo_bot.standin.state.sends()[before:] for m in r.messages]
    assert texts == ["แนบหลักฐานให้ o12 แล้วครับ"]
    [row] = attached(demo_bot)
    assert [p for p in demo_bot.rt.config.evidence_dir.rglob("*") if p.is_file()] == stored
    assert stored[0].name == row.sha256  # content-addressed: the retry wrote nothing new


def test_content_that_line_no_longer_has_gets_a_polite_answer(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    from tests.evidence_support import media_event

    message = media_event(demo_bot)
    demo_bot.standin.state.contents.clear()  # LINE keeps content only for a while
    [answer] = demo_bot.deliver(message)
    assert "ส่งใหม่" in answer
    assert attached(demo_bot) == []


def test_a_slow_loading_call_delays_only_its_own_answer(demo_bot):
    """Two answers in one batch: the one whose token expires first goes out while LINE is
    still busy with the other one's loading animation."""
    from tests.test_worker_deadline_order import stamped, work

    answered = {}

    def slow_loading(path: str) -> None:
        if "/chat/loading/start" in path:
            time.sleep(0.8)
            answered["loading"] = time.time()

    demo_bot.standin.state.on_request = slow_loading
    older = stamped(demo_bot, 30, "Ustranger", "วิธีใช้")  # nearest expiry: answered first
    summary = demo_bot.event(text="สถานะ", user=EXECUTIVE)
    demo_bot.post({"destination": "U", "events": [summary, older]})
    assert work(demo_bot, 20) == 2
    first, second = demo_bot.standin.state.sends("reply")
    assert first.body["replyToken"] == older["replyToken"]
    assert first.at < answered["loading"] <= second.at


def test_no_loading_animation_once_the_token_is_stale(demo_bot):
    """The answer is then a push, which delivery might send before LINE got the call."""
    from tests.test_worker_deadline_order import stamped, work

    demo_bot.post({"destination": "U", "events": [stamped(demo_bot, 55, EXECUTIVE, "สถานะ")]})
    assert work(demo_bot, 20) == 1
    assert demo_bot.standin.state.loading_calls() == []
    assert len(demo_bot.standin.state.sends("push")) == 1


def test_a_shutting_down_process_answers_without_the_animation(demo_bot, monkeypatch):
    """No new threads at interpreter shutdown: the event is still handled and answered."""
    def refuse(*args, **kwargs):
        raise RuntimeError("cannot schedule new futures after interpreter shutdown")

    monkeypatch.setattr(demo_bot.rt.background, "submit", refuse)
    assert demo_bot.say("สถานะ", user=EXECUTIVE)
    with demo_bot.rt.factory() as s:
        assert s.scalars(select(InboxEvent.status)).all() == ["handled"]
    assert demo_bot.standin.state.loading_calls() == []
