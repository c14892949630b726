"""Reminders end to end with a fixed clock: the sweep writes the outbox, delivery pushes it
to the local LINE stand-in, and we read what the groups and people would see."""

from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import load
from handlers.cards.reminder import ReminderEntry, postback_actions, reminder_messages, size_of
from models import ActionToken, OutboxMessage, SentMessage, Task
from models.db import transaction
from models.tokens import use_action_token
from scheduler.clock import run_jobs_at
from scheduler.policy import add_holiday, update_policy
from scheduler.world import add_task, build_world

BKK = ZoneInfo("Asia/Bangkok")
CONFIG = load({"PUBLIC_BASE_URL": "https://ita.example"})


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BKK)


@pytest.fixture
def world(factory, standin):
    with transaction(factory) as session:
        w = build_world(session, units=["กองคลัง", "สำนักปลัด"], groups_for=["กองคลัง"],
                        members=8)
        add_task(session, w, "กองคลัง", "จัดทำแผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ",
                 date(2023, 1, 31), refs=["o12"], indicator=9)
        add_task(session, w, "กองคลัง", "สรุปผลการจัดซื้อจัดจ้างรายเดือน", date(2023, 1, 31),
                 refs=["o13"], indicator=9)
        add_task(session, w, "สำนักปลัด", "ประเมินความเสี่ยงการทุจริต", date(2023, 3, 31),
                 refs=["o36"], indicator=10)
    standin.state.member_counts[w.groups["กองคลัง"]] = 8
    return w


def run(factory, gateway, when: str) -> dict:
    return run_jobs_at(factory, lambda org_id: gateway, at(when), CONFIG)


def pushes_to(standin, chat: str) -> list:
    return [r for r in standin.state.sends("push") if r.body["to"] == chat]


def postbacks(message: dict) -> list[str]:
    return [action["data"] for action in postback_actions(message)]


def test_a_group_gets_one_message_a_day_listing_everything_due_for_its_unit(
        factory, gateway, standin, world):
    run(factory, gateway, "2023-01-31 08:30")
    run(factory, gateway, "2023-01-31 13:00")  # later sweeps that day add nothing
    [push] = pushes_to(standin, world.groups["กองคลัง"])
    [message] = push.messages
    assert message["type"] == "flex"
    assert message["altText"].startswith("🔔 เตือนงาน ITA · กองคลัง: ครบกำหนดวันนี้ 2 รายการ")
    body = json.dumps(message, ensure_ascii=False)
    assert "o12 · จัดทำแผนการจัดซื้อจัดจ้าง" in body and "o13 · สรุปผลการจัดซื้อจัดจ้าง" in body
    assert "📌 ครบกำหนดวันนี้" in body and "✅ เสร็จแล้ว" in body and "⏳ กำลังทำ" in body
    assert push.headers["X-Line-Retry-Key"]


def test_the_buttons_carry_one_time_tokens_the_postback_handler_can_spend(
        factory, gateway, standin, world):
    run(factory, gateway, "2023-01-31 08:30")
    [push] = pushes_to(standin, world.groups["กองคลัง"])
    data = postbacks(push.messages[0])
    assert sorted(parse_qs(d)["a"][0] for d in data) == ["done", "done", "progress", "progress"]
    with transaction(factory) as session:
        fields = {k: v[0] for k, v in parse_qs(data[0]).items()}
        token = use_action_token(session, world.org_id, fields["k"], at("2023-01-31 09:00"))
        assert token is not None and str(token.task_id) == fields["t"]
        assert session.scalar(select(ActionToken).where(ActionToken.token == fields["k"])).used_at


def test_sent_message_ids_are_kept_per_task_so_a_quote_reply_finds_it(
        factory, gateway, standin, world):
    run(factory, gateway, "2023-01-31 08:30")
    [push] = pushes_to(standin, world.groups["กองคลัง"])
    with factory() as session:
        rows = session.scalars(select(SentMessage).where(
            SentMessage.line_message_id == push.sent_ids[0])).all()
        outbox = session.scalar(select(OutboxMessage).where(OutboxMessage.purpose == "reminder"))
    assert len(rows) == 2 and all(r.task_id for r in rows)
    assert json.loads(outbox.line_response)["ids"] == push.sent_ids
    assert outbox.billed == 8  # LINE bills a group push once per member


def test_a_unit_without_a_group_gets_its_reminders_one_to_one_per_officer(
        factory, gateway, standin, world):
    run(factory, gateway, "2023-03-24 08:30")  # a week before 31 March
    officers = world.officers["สำนักปลัด"]
    for officer in officers:
        [push] = pushes_to(standin, officer)
        assert push.messages[0]["altText"] == (
            "🔔 เตือนงาน ITA ของคุณ: ใกล้ครบกำหนด 1 รายการ — o36")
    head = pushes_to(standin, world.heads["สำนักปลัด"])  # no Flex reminder for the head
    assert head and all(p.messages[0]["type"] == "text" for p in head)  # digest, notice


def test_nothing_is_sent_on_weekends_and_thai_public_holidays(factory, gateway, standin, world):
    with transaction(factory) as session:
        add_task(session, world, "กองคลัง", "รายงานผลรอบ 6 เดือน", date(2023, 4, 17),
                 refs=["o43"])
    for when in ("2023-04-13 09:00", "2023-04-14 09:00", "2023-04-15 09:00",
                 "2023-04-17 09:00"):  # Songkran, a weekend, the substitution day
        assert run(factory, gateway, when).get("reminders", 0) == 0
    assert standin.state.sends("push") == []
    run(factory, gateway, "2023-04-12 09:00")  # the working day before: the due-day reminder
    [push] = pushes_to(standin, world.groups["กองคลัง"])
    assert "ครบกำหนด 17 เม.ย. 2566" in json.dumps(push.messages, ensure_ascii=False)


def test_nothing_is_sent_outside_working_hours_and_it_goes_out_when_the_day_starts(
        factory, gateway, standin, world):
    assert not any(run(factory, gateway, "2023-01-31 07:00").values())
    assert standin.state.sends("push") == []
    with transaction(factory) as session:
        update_policy(session, world.org_id, hours="09:00-16:00")
    assert run(factory, gateway, "2023-01-31 08:45").get("reminders", 0) == 0
    assert run(factory, gateway, "2023-01-31 09:00")["reminders"] == 1


def test_an_organization_holiday_moves_its_reminders_to_the_day_before(
        factory, gateway, standin, world):
    with transaction(factory) as session:
        add_holiday(session, world.org_id, date(2023, 1, 31), "งานประจำปีของเทศบาล")
    assert run(factory, gateway, "2023-01-31 09:00").get("reminders", 0) == 0
    run(factory, gateway, "2023-01-30 09:00")
    [push] = pushes_to(standin, world.groups["กองคลัง"])
    assert "ครบกำหนดวันนี้" not in push.messages[0]["altText"]
    assert "ครบกำหนด 2" in push.messages[0]["altText"]  # due-day reminder, a day early


def test_a_done_task_is_not_reminded(factory, gateway, standin, world):
    with transaction(factory) as session:
        for task in session.scalars(select(Task).where(Task.title.like("%รายเดือน%"))):
            task.status = "done"
    run(factory, gateway, "2023-01-31 08:30")
    [push] = pushes_to(standin, world.groups["กองคลัง"])
    assert push.messages[0]["altText"].endswith("ครบกำหนดวันนี้ 1 รายการ — o12")


def test_a_clock_down_for_days_catches_up_once_and_a_second_clock_sends_nothing_again(
        factory, gateway, standin, world):
    run(factory, gateway, "2023-01-24 08:30")  # the week-ahead reminder
    # Down from 25 January to 1 February: the day-before and due-day reminders were missed.
    first = run(factory, gateway, "2023-02-01 10:00")
    again = run(factory, gateway, "2023-02-01 10:00")  # a restart, or a second clock
    assert first["reminders"] == 1 and again.get("reminders", 0) == 0
    texts = [p.messages[0]["altText"] for p in pushes_to(standin, world.groups["กองคลัง"])]
    assert texts == ["🔔 เตือนงาน ITA · กองคลัง: ใกล้ครบกำหนด 2 รายการ — o12, o13",
                     "🔔 เตือนงาน ITA · กองคลัง: เลยกำหนด 2 รายการ — o12, o13"]


def test_many_items_stay_within_lines_flex_limits():
    entries = [ReminderEntry(n, "ก" * 300, (f"o{n}",), "กองคลัง", date(2023, 1, 31), "due")
               for n in range(1, 230)]
    built = reminder_messages(entries, heading="เตือนงาน ITA · กองคลัง", today=date(2023, 1, 31),
                              show_unit=False, buttons=lambda t: (f"a=done&t={t}&k={'x' * 16}",
                                                                  f"a=progress&t={t}&k={'x' * 16}"))
    assert 1 < len(built) <= 5
    for message, ids in built[:-1]:
        contents = message["contents"]
        bubbles = contents["contents"] if contents["type"] == "carousel" else [contents]
        assert len(bubbles) <= 12 and size_of(contents) <= 50_000
        assert all(size_of(b) <= 30_000 for b in bubbles)
        assert len(message["altText"]) <= 400 and ids
    closing, no_ids = built[-1]
    assert closing["type"] == "text" and "และยังมีอีก" in closing["text"] and no_ids == []
