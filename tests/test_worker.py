"""Events are handled after they are stored, once, in order per chat; replies never get lost."""

from __future__ import annotations

import contextlib
from unittest import mock

from sqlalchemy import select

from models import InboxEvent, OutboxMessage, StatusChange

FINANCE = "Udemo0officer0finance"


def test_an_event_stored_before_a_crash_is_handled_once_after_restart(demo_bot):
    demo_bot.post({"destination": "U", "events": [demo_bot.event(text="o12 เสร็จแล้ว", user=FINANCE)]})
    # The process dies here: stored, not handled. A new process (same database) starts.
    from bot.runtime import Runtime
    from tests.harness import Harness

    restarted = Harness.__new__(Harness)
    restarted.__dict__.update(demo_bot.__dict__)
    restarted.rt = Runtime.create(demo_bot.rt.config, now=demo_bot.clock)
    assert restarted.work() == 1
    assert restarted.work() == 0
    with restarted.rt.factory() as s:
        assert len(s.scalars(select(StatusChange)).all()) == 1


def test_a_crash_while_handling_leaves_no_half_done_change(demo_bot):
    demo_bot.post({"destination": "U", "events": [demo_bot.event(text="o12 เสร็จแล้ว", user=FINANCE)]})
    with mock.patch("bot.answering.dispatch", side_effect=KeyboardInterrupt), \
            contextlib.suppress(KeyboardInterrupt):
        demo_bot.work()
    with demo_bot.rt.factory() as s:
        assert s.scalar(select(InboxEvent)).status == "pending"
        assert s.scalars(select(StatusChange)).all() == []
    assert demo_bot.work() == 1


def test_one_failing_event_is_recorded_and_the_others_are_still_handled(demo_bot):
    real = __import__("handlers.routing", fromlist=["dispatch"]).dispatch

    def flaky(ctx, *rest):
        if "boom" in ctx.event.text:
            raise RuntimeError("handler bug")
        return real(ctx, *rest)

    with mock.patch("bot.answering.dispatch", side_effect=flaky):
        texts = demo_bot.deliver(demo_bot.event(text="boom", user=FINANCE),
                                 demo_bot.event(text="วิธีใช้", user="Uother"))
    assert len(texts) == 1
    with demo_bot.rt.factory() as s:
        failed = s.scalar(select(InboxEvent).where(InboxEvent.status == "failed"))
        assert "handler bug" in failed.error


def test_events_of_one_chat_are_handled_in_the_order_they_came(demo_bot):
    first = demo_bot.event(text="o12 กำลังทำ 40%", user=FINANCE)
    second = demo_bot.event(text="o12 เสร็จแล้ว", user=FINANCE)
    demo_bot.deliver(first, second)
    with demo_bot.rt.factory() as s:
        changes = s.scalars(select(StatusChange).order_by(StatusChange.id)).all()
    assert [c.to_status for c in changes] == ["in_progress", "done"]


def test_an_old_reply_token_is_not_used_and_the_answer_is_pushed(demo_bot):
    event = demo_bot.event(text="วิธีใช้", user=FINANCE)
    demo_bot.clock.advance(minutes=5)  # handled five minutes after LINE sent it
    texts = demo_bot.deliver(event)
    assert demo_bot.standin.state.sends("reply") == []
    [push] = demo_bot.standin.state.sends("push")
    assert push.body["to"] == FINANCE and "o12 เสร็จแล้ว" in push.messages[0]["text"]
    assert push.headers.get("X-Line-Retry-Key")
    assert texts == [push.messages[0]["text"]]


def test_a_failed_reply_falls_back_to_a_push_instead_of_being_dropped(demo_bot):
    demo_bot.standin.state.fail_next.append((400, {"message": "Invalid reply token"}))
    demo_bot.say("วิธีใช้", user=FINANCE)
    [push] = demo_bot.standin.state.sends("push")
    assert push.body["to"] == FINANCE
    with demo_bot.rt.factory() as s:
        assert s.scalar(select(OutboxMessage)).status == "sent"


def test_a_push_that_fails_with_500_is_retried_later_not_dropped(demo_bot):
    from scheduler.delivery import deliver_due

    demo_bot.standin.state.fail_next += [(400, {"message": "Invalid reply token"}),
                                         (500, {"message": "Internal error"})]
    demo_bot.say("วิธีใช้", user=FINANCE)
    assert demo_bot.standin.state.sends("push") == []
    demo_bot.clock.advance(minutes=2)
    deliver_due(demo_bot.rt.factory, demo_bot.rt.gateway_for, demo_bot.clock())
    assert len(demo_bot.standin.state.sends("push")) == 1


def test_a_waiting_reminder_rides_along_in_the_reply_instead_of_a_paid_push(demo_bot):
    from models.db import transaction
    from models.outbox import enqueue

    reminder = {"type": "text", "text": "แจ้งเตือน: o18 ครบกำหนดวันนี้"}
    with transaction(demo_bot.rt.factory) as s:
        enqueue(s, org_id=demo_bot.org_id, key="reminder:test", to="Cdemo0finance",
                messages=[reminder], purpose="reminder", billed=8)
    texts = demo_bot.say("o21 ลงเว็บแล้วครับ", user=FINANCE, group="Cdemo0finance")
    assert texts[-1] == reminder["text"] and "บันทึกแล้ว" in texts[0]
    assert demo_bot.standin.state.sends("push") == []
    from scheduler.delivery import deliver_due

    deliver_due(demo_bot.rt.factory, demo_bot.rt.gateway_for, demo_bot.clock())
    assert demo_bot.standin.state.sends("push") == []  # not sent a second time


def test_chart_links_with_an_unknown_token_are_404(demo_bot):
    assert demo_bot.client.get("/charts/" + "A" * 43 + ".png").status_code == 404


def test_reply_bookkeeping_leaves_pooled_connections_as_they_were(bot):
    """Each reply's writes commit by themselves; the connection goes back to the pool in
    its usual mode (SQLite: the driver's own autocommit; PostgreSQL: durable commits)."""
    from sqlalchemy import text

    from models.db import redoable_statements

    postgresql = bot.rt.engine.dialect.name == "postgresql"
    if postgresql:
        with bot.rt.engine.connect() as conn:  # the server's setting (CI turns it off)
            usual = conn.exec_driver_sql("SHOW synchronous_commit").scalar()
    with redoable_statements(bot.rt.engine) as conn:
        conn.execute(text("SELECT 1"))
    for _ in range(3):  # whichever pooled connection comes next
        with bot.rt.engine.connect() as conn:
            if postgresql:
                assert conn.exec_driver_sql("SHOW synchronous_commit").scalar() == usual
                assert conn.connection.driver_connection.autocommit is False
            else:
                assert conn.connection.driver_connection.isolation_level is None
