"""A reminder arrives in the unit's group; tapping its button or quote-replying to it
updates the task through the real webhook path, with a free reply."""

from __future__ import annotations

from urllib.parse import parse_qs

from sqlalchemy import select

from handlers.cards.reminder import postback_actions
from models import Status, Task
from scheduler.clock import run_jobs_at

FINANCE = "Udemo0officer0finance"


def buttons(message) -> list[dict]:
    return postback_actions(message)


def reminder_to_finance(bot):
    for _ in range(10):  # the next working day within working hours has one
        run_jobs_at(bot.rt.factory, bot.rt.gateway_for, bot.clock(), bot.rt.config)
        pushes = [p for p in bot.standin.state.sends("push") if p.body["to"] == "Cdemo0finance"]
        if pushes:
            return pushes[0]
        bot.clock.advance(days=1)
    raise AssertionError("no reminder reached กองคลัง's group")


def test_tapping_done_on_a_reminder_marks_that_task_done_with_a_reply(demo_bot):
    reminder = reminder_to_finance(demo_bot)
    done = next(a for a in buttons(reminder.messages) if parse_qs(a["data"])["a"] == ["done"])
    task_id = int(parse_qs(done["data"])["t"][0])
    pushes_before = len(demo_bot.standin.state.sends("push"))
    [text] = demo_bot.deliver(demo_bot.event("postback", user=FINANCE, group="Cdemo0finance",
                                             data=done["data"]))
    assert "บันทึกแล้ว" in text
    assert len(demo_bot.standin.state.sends("push")) == pushes_before  # answered by reply
    with demo_bot.rt.factory() as s:
        assert s.get(Task, task_id).status == Status.DONE


def test_quote_replying_to_a_reminder_updates_the_task_it_lists(demo_bot):
    reminder = reminder_to_finance(demo_bot)
    listed = {int(parse_qs(a["data"])["t"][0]) for a in buttons(reminder.messages)}
    demo_bot.clock.advance(minutes=5)
    texts = demo_bot.say("กำลังทำครับ 50%", user=FINANCE, group="Cdemo0finance",
                         quoted=reminder.sent_ids[0])
    with demo_bot.rt.factory() as s:
        moved = s.scalars(select(Task).where(Task.id.in_(listed),
                                             Task.status == Status.IN_PROGRESS)).all()
    if len(listed) == 1:
        assert len(moved) == 1 and moved[0].percent == 50
    else:  # several items in the reminder: the bot asks which one, and changes nothing yet
        assert moved == [] and "ข้อไหน" in texts[0]


def test_the_same_button_tapped_again_changes_nothing_twice(demo_bot):
    reminder = reminder_to_finance(demo_bot)
    done = next(a for a in buttons(reminder.messages) if parse_qs(a["data"])["a"] == ["done"])
    demo_bot.deliver(demo_bot.event("postback", user=FINANCE, group="Cdemo0finance",
                                    data=done["data"]))
    demo_bot.clock.advance(hours=1)
    [again] = demo_bot.deliver(demo_bot.event("postback", user=FINANCE, group="Cdemo0finance",
                                              data=done["data"]))
    assert "ใช้ไปแล้ว" in again
