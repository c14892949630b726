"""The first loop: an officer reports, the record changes with who/when/evidence, and the
people who may see it can ask how things stand."""

from __future__ import annotations

from sqlalchemy import select

from models import Measure, MeasureRef, Status, StatusChange, Task

FINANCE = "Udemo0officer0finance"
WORKS = "Udemo0officer0works"
EXECUTIVE = "Udemo0executive"


def task_for(bot, ref: str, unit_name: str) -> Task:
    with bot.rt.factory() as s:
        return s.scalars(
            select(Task).join(Measure).join(MeasureRef)
            .where(MeasureRef.ref == ref).order_by(Task.due_on)
        ).all()[0]


def test_an_officer_marks_o12_done_and_gets_a_thai_reply_with_the_title(demo_bot):
    texts = demo_bot.say("o12 เสร็จแล้วครับ https://example.go.th/o12.pdf", user=FINANCE)
    assert len(texts) == 1
    assert "บันทึกแล้ว" in texts[0] and "รายงานผลการดำเนินงานประจำปี" in texts[0]
    with demo_bot.rt.factory() as s:
        task = s.scalar(select(Task).join(Measure).join(MeasureRef).where(MeasureRef.ref == "o12"))
        change = s.scalar(select(StatusChange).where(StatusChange.task_id == task.id))
        assert task.status == Status.DONE
        assert change.from_status == "not_started" and change.to_status == "done"
        assert change.urls == ["https://example.go.th/o12.pdf"]
        assert change.line_message_id and change.person_id is not None


def test_the_reply_uses_the_reply_token_not_a_push(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    assert len(demo_bot.standin.state.sends("reply")) == 1
    assert demo_bot.standin.state.sends("push") == []


def test_an_executive_then_sees_it_done_in_the_status_summary(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    [summary] = demo_bot.say("สถานะ", user=EXECUTIVE)
    assert "กองคลัง" in summary and "เสร็จ 1" in summary
    [item] = demo_bot.say("o12 เสร็จหรือยัง", user=EXECUTIVE)
    assert "ดำเนินการแล้ว" in item


def test_an_officer_of_another_unit_cannot_change_it_and_is_told_so(demo_bot):
    [text] = demo_bot.say("o12 เสร็จแล้ว", user=WORKS)
    assert "กองคลัง" in text and "แก้สถานะไม่ได้" in text
    with demo_bot.rt.factory() as s:
        assert s.scalars(select(StatusChange)).all() == []


def test_an_unregistered_sender_is_told_how_to_register_and_nothing_changes(demo_bot):
    [text] = demo_bot.say("o12 เสร็จแล้ว", user="Ustranger")
    assert "ลงทะเบียน" in text
    with demo_bot.rt.factory() as s:
        assert s.scalars(select(StatusChange)).all() == []


def test_an_officer_sees_only_their_own_units_in_status(demo_bot):
    [text] = demo_bot.say("สถานะ", user=WORKS)
    assert "กองช่าง" in text and "กองคลัง" not in text


def test_an_officer_asking_about_another_unit_is_refused_politely(demo_bot):
    [text] = demo_bot.say("กองคลังถึงไหนแล้ว", user=WORKS)
    assert "เฉพาะหน่วยงานของตนเอง" in text


def test_an_executive_asks_how_a_unit_is_doing(demo_bot):
    [text] = demo_bot.say("กองคลังถึงไหนแล้วครับ", user=EXECUTIVE)
    assert text.startswith("📊 กองคลัง")


def test_chatter_in_a_unit_group_gets_no_reply_and_changes_nothing(demo_bot):
    assert demo_bot.say("รับทราบครับ", user=FINANCE, group="Cdemo0finance") == []
    assert demo_bot.say("ทำเสร็จแล้วไปกินข้าวกันไหม", user=FINANCE, group="Cdemo0finance") == []
    with demo_bot.rt.factory() as s:
        assert s.scalars(select(StatusChange)).all() == []


def test_a_clear_update_naming_an_item_in_a_group_is_recorded(demo_bot):
    [text] = demo_bot.say("o21 ลงเว็บแล้วครับ", user=FINANCE, group="Cdemo0finance")
    assert "บันทึกแล้ว" in text


def test_a_mention_in_a_group_gets_an_answer(demo_bot):
    [text] = demo_bot.say("งานของฉัน", user=FINANCE, group="Cdemo0finance", mention=True)
    assert "งานของคุณ" in text
