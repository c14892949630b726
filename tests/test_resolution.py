"""From a message to the right task: codes, quote-replies, titles, bare updates — and when
unsure, buttons instead of a guess. A tapped button works once."""

from __future__ import annotations

from urllib.parse import parse_qs

from sqlalchemy import select

from models import Measure, MeasureRef, Status, StatusChange, Task

FINANCE = "Udemo0officer0finance"
WORKS = "Udemo0officer0works"
COORDINATOR = "Udemo0coordinator"


def changes(bot) -> list[StatusChange]:
    with bot.rt.factory() as s:
        return s.scalars(select(StatusChange).order_by(StatusChange.id)).all()


def tasks_of(bot, ref: str) -> list[Task]:
    with bot.rt.factory() as s:
        return s.scalars(select(Task).join(Measure).join(MeasureRef)
                         .where(MeasureRef.ref == ref).order_by(Task.due_on, Task.id)).all()


def last_quick_replies(bot) -> list[dict]:
    message = bot.standin.state.sends()[-1].messages[-1]
    return [item["action"] for item in message.get("quickReply", {}).get("items", [])]


def test_a_title_in_free_text_finds_the_one_open_task_it_names(demo_bot):
    [text] = demo_bot.say("แผนการใช้จ่ายงบประมาณประจำปี เสร็จแล้วครับ", user=FINANCE)
    assert "บันทึกแล้ว" in text
    [o18] = tasks_of(demo_bot, "o18")
    assert o18.status == Status.DONE


def test_a_quote_reply_to_the_bots_message_updates_the_task_it_was_about(demo_bot):
    demo_bot.say("o19 เสร็จหรือยัง", user=FINANCE)
    quoted = demo_bot.standin.state.sends()[-1].sent_ids[0]
    [text] = demo_bot.say("เสร็จแล้วครับ", user=FINANCE, group="Cdemo0finance", quoted=quoted)
    assert "บันทึกแล้ว" in text
    [o19] = tasks_of(demo_bot, "o19")
    assert o19.status == Status.DONE


def test_an_item_shared_by_several_units_asks_an_executive_which_one(demo_bot):
    demo_bot.say("o6 เสร็จแล้ว", user=COORDINATOR)
    assert changes(demo_bot) == []
    buttons = last_quick_replies(demo_bot)
    assert len(buttons) == 3 and all(b["type"] == "postback" for b in buttons)


def test_a_tapped_candidate_button_updates_once_and_a_second_tap_does_nothing(demo_bot):
    demo_bot.say("o6 เสร็จแล้ว", user=COORDINATOR)
    button = last_quick_replies(demo_bot)[0]
    [first] = demo_bot.deliver(demo_bot.event("postback", user=COORDINATOR, data=button["data"]))
    [again] = demo_bot.deliver(demo_bot.event("postback", user=COORDINATOR, data=button["data"]))
    assert "บันทึกแล้ว" in first and "ใช้ไปแล้ว" in again
    assert len(changes(demo_bot)) == 1
    task_id = int(parse_qs(button["data"])["t"][0])
    with demo_bot.rt.factory() as s:
        assert s.get(Task, task_id).status == Status.DONE


def test_a_button_with_a_forged_token_changes_nothing(demo_bot):
    [o12] = tasks_of(demo_bot, "o12")
    [text] = demo_bot.deliver(demo_bot.event("postback", user=FINANCE,
                                             data=f"a=done&t={o12.id}&k=forged"))
    assert "ใช้ไปแล้วหรือหมดอายุ" in text and changes(demo_bot) == []


def test_a_bare_done_with_several_open_tasks_asks_instead_of_guessing(demo_bot):
    [text] = demo_bot.say("เสร็จแล้วครับ", user=FINANCE)
    assert "ข้อไหน" in text and changes(demo_bot) == []
    assert last_quick_replies(demo_bot)


def test_percent_and_evidence_link_are_kept_on_the_status_change(demo_bot):
    demo_bot.say("o21 ได้ 60% ครับ https://example.go.th/plan.pdf", user=FINANCE)
    [change] = changes(demo_bot)
    assert change.to_status == "in_progress" and change.percent == 60
    assert change.urls == ["https://example.go.th/plan.pdf"]


def test_a_monthly_item_updates_the_oldest_open_month_first(demo_bot):
    demo_bot.say("o23 เสร็จแล้ว", user=FINANCE)
    months = tasks_of(demo_bot, "o23")
    assert months[0].status == Status.DONE and months[1].status == Status.NOT_STARTED


def test_an_unknown_item_code_is_answered_without_changes(demo_bot):
    [text] = demo_bot.say("o40 เสร็จแล้ว", user=FINANCE)
    assert "ไม่พบข้อ o40" in text and changes(demo_bot) == []
