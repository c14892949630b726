"""A reply reaches the user once, whatever happens around the send.

LINE has no retry key for replies, so a reply whose outcome is unknown (the process died
with it in flight, LINE answered 5xx) is never sent again as a push; a reply LINE surely
refused (4xx, 429) is pushed once instead; a reply never attempted is pushed once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import OutboxMessage
from scheduler.delivery import deliver_due


class Killed(BaseException):
    """The process dies here (kill -9): nothing after this line runs."""


def replies_and_pushes(bot, user: str) -> tuple[int, int]:
    replies = [r for r in bot.standin.state.sends("reply")]
    pushes = [r for r in bot.standin.state.sends("push") if r.body.get("to") == user]
    return len(replies), len(pushes)


def later(bot, minutes: int) -> None:
    """Time passes (stale claims are taken over after 5 minutes) and delivery runs."""
    bot.clock.advance(minutes=minutes)
    deliver_due(bot.rt.factory, bot.rt.gateway_for, bot.clock())


def test_a_crash_after_line_accepted_the_reply_does_not_send_it_again(bot):
    real = bot.rt.gateway_for

    class DiesAfterReply:
        def __init__(self, gateway) -> None:
            self.gateway = gateway

        def reply(self, token, messages):
            self.gateway.reply(token, messages)  # LINE accepted it …
            raise Killed  # … and the worker died before recording it

    bot.rt.gateway_for = lambda org_id: DiesAfterReply(real(org_id))
    bot.post({"destination": "U", "events": [bot.event(text="วิธีใช้", user="Ucrash")]})
    with pytest.raises(Killed):
        bot.work()
    bot.rt.gateway_for = real  # a new worker starts
    later(bot, 10)
    later(bot, 60)
    assert replies_and_pushes(bot, "Ucrash") == (1, 0)
    with bot.rt.factory() as s:
        assert s.scalar(select(OutboxMessage.status)) == "unknown"


def test_a_reply_answered_500_is_not_pushed_again(bot):
    bot.standin.state.fail_next.append((500, {"message": "Internal error"}))
    bot.say("วิธีใช้", user="U500")
    later(bot, 10)
    assert replies_and_pushes(bot, "U500") == (0, 0)  # LINE's 500: outcome unknown
    with bot.rt.factory() as s:
        row = s.scalar(select(OutboxMessage))
    assert row.status == "unknown" and "500" in row.last_error


@pytest.mark.parametrize("status", [400, 429])
def test_a_reply_line_surely_refused_is_pushed_once(bot, status):
    bot.standin.state.fail_next.append((status, {"message": "Invalid reply token"}))
    bot.say("วิธีใช้", user="Urefused")
    later(bot, 10)
    later(bot, 60)
    assert replies_and_pushes(bot, "Urefused") == (0, 1)


def test_a_reply_never_attempted_before_a_crash_is_pushed_once(bot):
    import bot.worker as worker

    bot.clock.value = datetime.now(UTC)  # outbox rows are stamped with the real time
    real = worker.send_answers
    worker.send_answers = lambda rt, answers: (_ for _ in ()).throw(Killed)
    try:
        bot.post({"destination": "U", "events": [bot.event(text="วิธีใช้", user="Unever")]})
        with pytest.raises(Killed):
            bot.work()
    finally:
        worker.send_answers = real
    assert replies_and_pushes(bot, "Unever") == (0, 0)
    later(bot, 2)
    later(bot, 10)
    assert replies_and_pushes(bot, "Unever") == (0, 1)


def test_delivery_takes_over_a_stale_claim_only_after_the_claim_expires(bot):
    """Two senders never both send one row: the second waits out the first's claim."""
    from models.outbox import STALE_CLAIM, claim, enqueue

    with bot.rt.factory() as s, s.begin():
        row_id = enqueue(s, org_id=bot.org_id, key="k1", to="Ustale", messages=[
            {"type": "text", "text": "แจ้งเตือน"}], purpose="reminder")
        assert claim(s, row_id, bot.clock())
    deliver_due(bot.rt.factory, bot.rt.gateway_for, bot.clock() + STALE_CLAIM / 2)
    assert replies_and_pushes(bot, "Ustale") == (0, 0)
    deliver_due(bot.rt.factory, bot.rt.gateway_for, bot.clock() + STALE_CLAIM + timedelta(1))
    assert replies_and_pushes(bot, "Ustale") == (0, 1)
