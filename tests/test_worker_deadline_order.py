"""The worker answers the events whose reply token is closest to expiry first, so a backlog
costs as few paid pushes as it can, and keeps every promise: each chat in order, one bad
event costs its neighbours nothing, a crash leaves nothing half done."""

from __future__ import annotations

import contextlib
import json
from datetime import timedelta
from unittest import mock

import pytest
from sqlalchemy import select, text

from bot.worker import handle_next
from models import InboxEvent, StatusChange

FINANCE = "Udemo0officer0finance"
EXECUTIVE = "Udemo0executive"
BATCHES = [1, 20]  # events per transaction: SQLite's and PostgreSQL's default


def work(bot, batch: int) -> int:
    """Handle everything pending; how many events are no longer pending."""
    while handle_next(bot.rt, batch):
        pass
    with bot.rt.factory() as s:
        return len(s.scalars(select(InboxEvent.id).where(InboxEvent.status != "pending")).all())


def stamped(bot, seconds_ago: int, user: str, text: str = "วิธีใช้") -> dict:
    """An event LINE stamped `seconds_ago` before the bot's present."""
    bot.clock.advance(seconds=-seconds_ago)
    event = bot.event(text=text, user=user)
    bot.clock.advance(seconds=seconds_ago)
    return event


@contextlib.contextmanager
def each_event_takes(bot, seconds: int):
    """Handling is slow (a busy month-end): the clock moves on while each event is handled."""
    import handlers.routing

    real = handlers.routing.dispatch

    def slow(ctx, *rest):
        bot.clock.advance(seconds=seconds)
        return real(ctx, *rest)

    with mock.patch("bot.answering.dispatch", side_effect=slow):
        yield


def answers(bot, tokens: dict[str, str]) -> dict[str, str]:
    """How each user was answered: 'reply' (free) or 'push' (paid)."""
    out = {}
    for sent in bot.standin.state.sends():
        if sent.path.endswith("/reply"):
            out[tokens[sent.body["replyToken"]]] = "reply"
        else:
            out[sent.body["to"]] = "push"
    return out


def handled_order(bot) -> list[str]:
    with bot.rt.factory() as s:
        events = s.scalars(select(InboxEvent).order_by(InboxEvent.handled_at)).all()
    return [json.loads(e.body)["source"]["userId"] for e in events]


@pytest.mark.parametrize("batch", BATCHES)
def test_the_reply_token_nearest_expiry_is_answered_first(bot, batch):
    old, near, new = (stamped(bot, 180, "Uold"), stamped(bot, 47, "Unear"),
                      stamped(bot, 5, "Unew"))
    bot.post({"destination": "U", "events": [old, near, new]})  # stored in this order
    with each_event_takes(bot, 4):
        assert work(bot, batch) == 3
    # In arrival order "Unear" would be answered 51 s after LINE sent it: too late for
    # its token. The old one's token is spent whenever it is answered, so it goes last.
    assert handled_order(bot) == ["Unear", "Unew", "Uold"]
    tokens = {e["replyToken"]: e["source"]["userId"] for e in (old, near, new)}
    assert answers(bot, tokens) == {"Unear": "reply", "Unew": "reply", "Uold": "push"}


@pytest.mark.parametrize("batch", BATCHES)
def test_in_a_backlog_more_answers_stay_free_replies(bot, batch):
    """Four events whose tokens are gone arrived first, four fresh ones after; handling
    takes 4 s each. In arrival order all eight would be pushes (the fresh ones would be
    reached 51 s and more after LINE sent them); answered by deadline, four are free."""
    expired = [stamped(bot, 120, f"Uexpired{n}") for n in range(4)]
    fresh = [stamped(bot, 35, f"Ufresh{n}") for n in range(4)]
    bot.post({"destination": "U", "events": expired + fresh})
    with each_event_takes(bot, 4):
        assert work(bot, batch) == 8
    tokens = {e["replyToken"]: e["source"]["userId"] for e in expired + fresh}
    assert answers(bot, tokens) == ({e["source"]["userId"]: "push" for e in expired}
                                    | {e["source"]["userId"]: "reply" for e in fresh})


@pytest.mark.parametrize("batch", BATCHES)
def test_events_of_one_chat_stay_in_order_within_batches(demo_bot, batch):
    events = [demo_bot.event(text="o12 กำลังทำ 40%", user=FINANCE),
              demo_bot.event(text="วิธีใช้", user="Uother"),
              demo_bot.event(text="o12 เสร็จแล้ว", user=FINANCE)]
    demo_bot.post({"destination": "U", "events": events})
    assert work(demo_bot, batch) == 3
    with demo_bot.rt.factory() as s:
        changes = s.scalars(select(StatusChange).order_by(StatusChange.id)).all()
    assert [c.to_status for c in changes] == ["in_progress", "done"]


def post_update_between(bot, middle_text: str) -> None:
    """One body: an update, then Uboom's message (the one made to fail), then Uother's."""
    bot.post({"destination": "U", "events": [
        bot.event(text="o12 เสร็จแล้ว", user=FINANCE),
        bot.event(text=middle_text, user="Uboom"),
        bot.event(text="วิธีใช้", user="Uother")]})


def test_one_failing_event_in_a_batch_costs_its_neighbours_nothing(demo_bot):
    real = __import__("handlers.routing", fromlist=["dispatch"]).dispatch

    def flaky(ctx, *rest):
        if "boom" in ctx.event.text:
            raise RuntimeError("handler bug")
        return real(ctx, *rest)

    post_update_between(demo_bot, "boom")
    with mock.patch("bot.answering.dispatch", side_effect=flaky):
        assert work(demo_bot, 20) == 3
    with demo_bot.rt.factory() as s:
        statuses = dict(s.execute(select(InboxEvent.status, InboxEvent.error)
                                  .order_by(InboxEvent.id)).all())
        assert len(s.scalars(select(StatusChange)).all()) == 1  # o12 was recorded
    assert set(statuses) == {"handled", "failed"} and "handler bug" in statuses["failed"]
    assert len(demo_bot.standin.state.sends("reply")) == 2  # both neighbours answered


def test_a_database_error_outside_the_handler_undoes_the_batch_and_redoes_it_once(demo_bot):
    """Queueing an answer fails with a real database error (on PostgreSQL the transaction
    is then aborted): the batch is undone and handled again event by event; the failing
    event is marked failed, its neighbours are recorded and answered once."""
    import bot.answering

    real = bot.answering.enqueue

    def broken_for_one(session, **fields):
        if fields["to"] == "Uboom":
            session.execute(text("SELECT * FROM no_such_table"))
        return real(session, **fields)

    post_update_between(demo_bot, "วิธีใช้")
    with mock.patch("bot.answering.enqueue", side_effect=broken_for_one):
        assert work(demo_bot, 20) == 3
    with demo_bot.rt.factory() as s:
        rows = s.execute(select(InboxEvent.status, InboxEvent.error, InboxEvent.attempts)
                         .order_by(InboxEvent.id)).all()
        assert len(s.scalars(select(StatusChange)).all()) == 1  # o12 recorded once
    assert [status for status, _, _ in rows] == ["handled", "failed", "handled"]
    assert "no_such_table" in rows[1].error and {r.attempts for r in rows} == {1}
    replies = demo_bot.standin.state.sends("reply")
    assert len(replies) == 2 and demo_bot.standin.state.sends("push") == []


@pytest.mark.parametrize("batch", BATCHES)
def test_a_refusal_after_a_change_undoes_the_change_and_answers_politely(demo_bot, batch):
    """Handlers run without a savepoint in the worker's first pass: a handler that changed
    something and then refused (UserMistake) has the batch redone with savepoints, so the
    change is gone, the person gets the refusal, and the neighbours are recorded once."""
    import handlers.routing
    from handlers.outcome import UserMistake
    from models import Organization

    real = handlers.routing.EVENT_HANDLERS["message"]

    def changes_then_refuses(ctx):
        if ctx.event.text == "ผิด":
            ctx.org.name = "changed by a refused message"
            ctx.session.flush()
            raise UserMistake("พิมพ์ใหม่อีกครั้งนะครับ")
        return real(ctx)

    post_update_between(demo_bot, "ผิด")
    with mock.patch.dict(handlers.routing.EVENT_HANDLERS, message=changes_then_refuses):
        assert work(demo_bot, batch) == 3
    with demo_bot.rt.factory() as s:
        assert s.scalar(select(Organization.name)) != "changed by a refused message"
        assert len(s.scalars(select(StatusChange)).all()) == 1
        assert set(s.scalars(select(InboxEvent.status))) == {"handled"}
    replies = demo_bot.standin.state.sends("reply")
    assert len(replies) == 3
    assert any(m["text"] == "พิมพ์ใหม่อีกครั้งนะครับ" for r in replies for m in r.messages)


@pytest.mark.parametrize("batch", BATCHES)
def test_who_registers_is_known_to_their_next_message_in_the_same_batch(demo_bot, batch):
    """Senders are looked up once per batch, before it is handled: someone who registers
    in 1:1 and asks in their unit's group a moment later is answered as registered."""
    from models import Role, Unit
    from models.db import transaction
    from models.invites import create_invite

    with transaction(demo_bot.rt.factory) as s:
        finance = s.scalar(select(Unit.id).where(Unit.name == "กองคลัง"))
        code = create_invite(s, org_id=demo_bot.org_id, purpose="register", role=Role.OFFICER,
                             unit_id=finance, now=demo_bot.clock(), ttl=timedelta(days=7))
    demo_bot.post({"destination": "U", "events": [
        demo_bot.event(text=f"ลงทะเบียน {code}", user="Unewcomer"),
        demo_bot.event(text="งานของฉัน", user="Unewcomer", group="Cfinance", mention=True)]})
    assert work(demo_bot, batch) == 2
    registered, asked = [r.messages[0]["text"] for r in demo_bot.standin.state.sends("reply")]
    assert "ลงทะเบียนเรียบร้อย" in registered
    assert "ยังไม่ได้ลงทะเบียน" not in asked


def test_reply_tokens_are_judged_when_each_event_is_handled(bot):
    """A long batch: the event handled last is judged by the time it was handled."""
    events = [stamped(bot, 35, f"Ulate{n}") for n in range(3)]
    bot.post({"destination": "U", "events": events})
    with each_event_takes(bot, 9):
        work(bot, 20)
    # reached 35, 44 and 53 s after LINE sent them: the last token is too old to use
    assert len(bot.standin.state.sends("reply")) == 2
    assert len(bot.standin.state.sends("push")) == 1


def test_a_summary_in_a_batch_gets_the_loading_animation_before_its_answer(demo_bot):
    """A summary in 1:1 shows the loading animation, which LINE must get before the
    answer; its neighbours are answered and the same chat's next event comes after it."""
    events = [demo_bot.event(text="สถานะ", user=EXECUTIVE),
              demo_bot.event(text="วิธีใช้", user="Uother"),
              demo_bot.event(text="วิธีใช้", user=EXECUTIVE)]
    demo_bot.post({"destination": "U", "events": events})
    assert work(demo_bot, 20) == 3
    [loading] = demo_bot.standin.state.loading_calls()
    assert loading.body["chatId"] == EXECUTIVE
    replies = demo_bot.standin.state.sends("reply")
    assert len(replies) == 3 and demo_bot.standin.state.sends("push") == []
    assert loading.at <= replies[-1].at
    executive = [r.body["replyToken"] for r in replies
                 if r.body["replyToken"] in (events[0]["replyToken"], events[2]["replyToken"])]
    assert executive == [events[0]["replyToken"], events[2]["replyToken"]]  # chat order kept


def test_a_sent_file_leaves_the_batch_to_be_downloaded_and_is_answered_once(demo_bot):
    """A photo's bytes are fetched outside the batch's transaction: that event leaves the
    batch with nothing written; its neighbours are answered, it is answered after, once."""
    from tests.evidence_support import media_event

    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    demo_bot.standin.state.clear()
    events = [demo_bot.event(text="วิธีใช้", user="Uother"), media_event(demo_bot),
              demo_bot.event(text="วิธีใช้", user="Uthird")]
    demo_bot.post({"destination": "U", "events": events})
    assert work(demo_bot, 20) == 4  # the update before, and these three
    paths = [r.path for r in demo_bot.standin.state.requests]
    assert sum(p.endswith("/content") for p in paths) == 1
    replies = demo_bot.standin.state.sends("reply")
    assert sorted(r.body["replyToken"] for r in replies) == sorted(e["replyToken"] for e in events)
    assert demo_bot.standin.state.sends("push") == []


def test_an_update_naming_a_waiting_photo_leaves_the_batch_and_the_rest_goes_on(demo_bot, caplog):
    """"o12 เสร็จแล้ว" right after a photo records the update, then needs the photo's bytes
    from LINE: it leaves the batch (its update undone, to be redone once the photo is
    stored) and its neighbours are handled in one pass; everyone is answered once."""
    from tests.evidence_support import attached, send_media

    send_media(demo_bot, group="Cdemo0finance")
    demo_bot.standin.state.clear()
    events = [demo_bot.event(text="วิธีใช้", user="Uother"),
              demo_bot.event(text="o12 เสร็จแล้วครับ", user=FINANCE, group="Cdemo0finance"),
              demo_bot.event(text="วิธีใช้", user="Uthird")]
    demo_bot.post({"destination": "U", "events": events})
    with caplog.at_level("WARNING", logger="bot.worker"):
        assert work(demo_bot, 20) == 4  # the photo before, and these three
    assert "undone" not in caplog.text  # the neighbours were not handled a second time
    with demo_bot.rt.factory() as s:
        assert len(s.scalars(select(StatusChange)).all()) == 1
    assert [r.task.measure.ref_codes for r in attached(demo_bot)] == [["o12"]]
    replies = demo_bot.standin.state.sends("reply")
    assert sorted(r.body["replyToken"] for r in replies) == sorted(e["replyToken"] for e in events)
    update = next(r for r in replies if r.body["replyToken"] == events[1]["replyToken"])
    assert "บันทึกแล้ว" in update.messages[0]["text"]
    assert update.messages[1]["text"] == "แนบหลักฐานให้ o12 แล้วครับ"
