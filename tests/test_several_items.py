"""Through the real webhook: several items in one message, asking instead of guessing, and the
bot's own chips in groups."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from handlers.confirm import CONFIDENT
from handlers.thai.parser import parse
from handlers.updates import INTENT_STATUS
from models import Measure, MeasureRef, Status, StatusChange, Task

FINANCE = "Udemo0officer0finance"
FINANCE_GROUP = "Cdemo0finance"


def state(bot, ref: str, unit: str = "กองคลัง") -> tuple[str, int | None]:
    with bot.rt.factory() as s:
        task = s.scalars(select(Task).join(Measure).join(MeasureRef)
                         .where(MeasureRef.ref == ref).order_by(Task.due_on)).all()
        mine = next(t for t in task if t.unit.name == unit)
        return mine.status, mine.percent


def changes(bot) -> int:
    with bot.rt.factory() as s:
        return len(s.scalars(select(StatusChange)).all())


def quick_items(bot) -> list[dict]:
    last = bot.standin.state.sends()[-1].messages[-1]
    return [item["action"] for item in last.get("quickReply", {}).get("items", [])]


def test_a_three_item_message_gives_three_tasks_three_statuses_in_one_reply(demo_bot):
    demo_bot.say("o14 กำลังทำ 30%", user=FINANCE)  # so that "not started" is a change too
    [reply] = demo_bot.say("o12 เสร็จแล้ว o13 กำลังทำ 50% o14 ยังไม่เริ่ม", user=FINANCE)
    assert state(demo_bot, "o12") == (Status.DONE, 100)
    assert state(demo_bot, "o13") == (Status.IN_PROGRESS, 50)
    assert state(demo_bot, "o14")[0] == Status.NOT_STARTED
    assert "3 รายการ" in reply
    assert all(ref in reply for ref in ("o12", "o13", "o14"))


def test_the_same_message_in_the_unit_group_is_recorded_too(demo_bot):
    [reply] = demo_bot.say("o12 เสร็จแล้ว / o13 ได้ 40%", user=FINANCE, group=FINANCE_GROUP)
    assert "2 รายการ" in reply
    assert state(demo_bot, "o12")[0] == Status.DONE
    assert state(demo_bot, "o13") == (Status.IN_PROGRESS, 40)


def test_a_part_that_cannot_be_resolved_is_named_and_the_rest_recorded(demo_bot):
    texts = demo_bot.say("o12 เสร็จแล้ว o40 กำลังทำ", user=FINANCE)
    assert state(demo_bot, "o12")[0] == Status.DONE
    assert any("o40" in t and "ไม่พบ" in t for t in texts)
    assert changes(demo_bot) == 1


def test_a_low_confidence_update_in_1to1_asks_and_records_only_after_yes(demo_bot):
    message = "o12 น่าจะเสร็จแล้วมั้งครับ"
    reading = parse(message, date(2026, 11, 16))
    assert reading.intent in ("done", "in_progress") and reading.confidence < CONFIDENT
    [question] = demo_bot.say(message, user=FINANCE)
    assert "ใช่ไหม" in question and "o12" in question
    assert changes(demo_bot) == 0
    yes, no = quick_items(demo_bot)
    assert (yes["label"], no["label"]) == ("✅ ใช่", "✏️ ไม่ใช่")
    [done] = demo_bot.deliver(demo_bot.event("postback", user=FINANCE, data=yes["data"]))
    assert "บันทึกแล้ว" in done
    assert state(demo_bot, "o12")[0] == INTENT_STATUS[reading.intent]
    # The same button again changes nothing.
    [again] = demo_bot.deliver(demo_bot.event("postback", user=FINANCE, data=yes["data"]))
    assert "ใช้ไปแล้ว" in again and changes(demo_bot) == 1


def test_a_confirmed_update_records_the_day_the_message_gave(demo_bot):
    message = "o12 เสร็จไปตั้งแต่วันที่ 10 พ.ย. น่าจะนะครับ"
    reading = parse(message, date(2026, 11, 16))
    assert (reading.intent, reading.date) == ("done", date(2026, 11, 10))
    assert reading.confidence < CONFIDENT
    demo_bot.say(message, user=FINANCE)
    yes, _ = quick_items(demo_bot)
    [done] = demo_bot.deliver(demo_bot.event("postback", user=FINANCE, data=yes["data"]))
    assert "บันทึกแล้ว" in done
    with demo_bot.rt.factory() as s:
        task = s.scalars(select(Task).join(Measure).join(MeasureRef)
                         .where(MeasureRef.ref == "o12")).all()
        [mine] = [t for t in task if t.unit.name == "กองคลัง"]
        assert (mine.status, mine.done_on) == (Status.DONE, date(2026, 11, 10))


def test_no_records_nothing(demo_bot):
    demo_bot.say("o12 น่าจะเสร็จแล้วมั้งครับ", user=FINANCE)
    _, no = quick_items(demo_bot)
    [reply] = demo_bot.deliver(demo_bot.event("postback", user=FINANCE, data=no["data"]))
    assert "ไม่บันทึก" in reply
    assert changes(demo_bot) == 0 and state(demo_bot, "o12")[0] == Status.NOT_STARTED


def test_last_years_score_in_1to1_records_nothing(demo_bot):
    demo_bot.say("ปีก่อนคะแนน ITA ของเรา 88.5% นะครับ", user=FINANCE)
    assert changes(demo_bot) == 0


def test_group_chatter_gets_no_reply_and_no_record(demo_bot):
    for chatter in ("ปีก่อนคะแนน ITA ของเรา 88.5% นะครับ", "ประชุมเสร็จแล้วครับ ขอบคุณทุกท่าน",
                    "เดือนนี้เบิกจ่ายงบได้ 60% แล้วนะคะ", "o12 น่าจะเสร็จแล้วมั้งครับ"):
        assert demo_bot.say(chatter, user=FINANCE, group=FINANCE_GROUP) == [], chatter
    assert changes(demo_bot) == 0


def test_an_update_without_item_offers_the_senders_open_items(demo_bot):
    [question] = demo_bot.say("กำลังทำ 50% ครับ", user=FINANCE)
    assert "ข้อไหน" in question
    labels = [action["label"] for action in quick_items(demo_bot)]
    assert any(label.startswith("o12") for label in labels)
    assert all(action["type"] == "postback" for action in quick_items(demo_bot))
    assert changes(demo_bot) == 0


def test_a_tap_on_the_bots_chip_in_a_group_is_answered(demo_bot):
    [text] = demo_bot.say("งานของฉัน", user=FINANCE, group=FINANCE_GROUP)
    assert "งานของคุณ" in text


def test_kho_12_without_a_letter_is_o12_when_the_plan_has_only_o12(demo_bot):
    [reply] = demo_bot.say("ข้อ 12 เสร็จแล้วครับ", user=FINANCE)
    assert "บันทึกแล้ว" in reply and "o12" in reply
    assert state(demo_bot, "o12")[0] == Status.DONE


def test_a_measures_number_is_not_an_item(demo_bot):
    demo_bot.say("มาตรการข้อ 12 เสร็จแล้วครับ", user=FINANCE)
    assert state(demo_bot, "o12")[0] == Status.NOT_STARTED
