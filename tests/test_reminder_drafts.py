"""The sweep stores a draft of each reminder and the card is drawn when it is sent
(scheduler.reminder_cards): what a unit receives must not change, a retry must carry the
same card and tokens, and no rerun or second clock may write a reminder twice."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, func, select

from bot.config import load
from handlers.cards.reminder import ReminderEntry, postback_actions, reminder_messages
from models import OutboxMessage, SweepMark, Task
from models.db import transaction
from models.tokens import use_action_token
from scheduler.clock import run_jobs_at
from scheduler.delivery import deliver
from scheduler.reminders import sweep_reminders
from scheduler.world import add_task, build_world

BKK = ZoneInfo("Asia/Bangkok")
CONFIG = load({})
MORNING = datetime(2023, 1, 31, 8, 30, tzinfo=BKK)


@pytest.fixture
def world(factory, standin):
    with transaction(factory) as session:
        w = build_world(session, units=["กองคลัง", "สำนักปลัด"], groups_for=["กองคลัง"],
                        members=6, officers=1)
        add_task(session, w, "กองคลัง", "จัดทำแผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ",
                 date(2023, 1, 31), refs=["o12"])
        add_task(session, w, "กองคลัง", "รายงานผลการจัดซื้อจัดจ้าง", date(2023, 1, 20),
                 refs=["o13"])
        add_task(session, w, "สำนักปลัด", "ประเมินความเสี่ยงการทุจริต", date(2023, 2, 1),
                 refs=["o36"])
    standin.state.member_counts[w.groups["กองคลัง"]] = 6
    return w


def without_tokens(messages: list[dict]) -> str:
    return re.sub(r"k=[\w-]+", "k=", json.dumps(messages, ensure_ascii=False, sort_keys=True))


def pushes_to(standin, chat: str) -> list:
    return [r for r in standin.state.sends("push") if r.body["to"] == chat]


def test_the_card_a_group_receives_is_the_card_drawn_from_its_tasks(
        factory, gateway, standin, world):
    run_jobs_at(factory, lambda o: gateway, MORNING, CONFIG)
    [push] = pushes_to(standin, world.groups["กองคลัง"])
    with factory() as session:
        ids = dict(session.execute(select(Task.title, Task.id)).all())
    entries = [  # o13 is 7 working days late; o12 is due today (the card shows late first)
        ReminderEntry(ids["รายงานผลการจัดซื้อจัดจ้าง"], "รายงานผลการจัดซื้อจัดจ้าง", ("o13",),
                      "กองคลัง", date(2023, 1, 20), "overdue", overdue_days=7),
        ReminderEntry(ids["จัดทำแผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ"],
                      "จัดทำแผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ", ("o12",), "กองคลัง",
                      date(2023, 1, 31), "due"),
    ]
    expected = reminder_messages(entries, heading="เตือนงาน ITA · กองคลัง",
                                 today=date(2023, 1, 31), show_unit=False,
                                 buttons=lambda t: (f"a=done&t={t}&k=x", f"a=progress&t={t}&k=x"))
    assert without_tokens(push.messages) == without_tokens([m for m, _ in expected])
    assert "⚠️ เลยกำหนด 7 วันทำการ" in json.dumps(push.messages, ensure_ascii=False)


def test_a_retry_sends_the_same_card_and_its_buttons_still_work(
        factory, gateway, standin, world):
    assert sweep_reminders(factory, MORNING, CONFIG)["reminders"] == 2
    standin.state.fail_next.append((500, {"message": "Internal error"}))
    deliver(factory, lambda o: gateway, MORNING)
    deliver(factory, lambda o: gateway, MORNING + timedelta(minutes=5))
    group = world.groups["กองคลัง"]
    attempts = [r for r in standin.state.requests
                if r.path.endswith("/push") and r.body.get("to") == group]
    assert [r.status for r in attempts] == [500, 200]
    assert attempts[0].body == attempts[1].body  # the same card, the same tokens
    data = [a["data"] for a in postback_actions(attempts[1].messages)]
    fields = {k: v[0] for k, v in parse_qs(data[0]).items()}
    with transaction(factory) as session:
        token = use_action_token(session, world.org_id, fields["k"], MORNING)
        assert token is not None and str(token.task_id) == fields["t"]


def test_a_rerun_or_a_second_clock_writes_each_reminder_once(factory, gateway, standin, world):
    first = sweep_reminders(factory, MORNING, CONFIG)
    assert first["reminders"] == 2  # the group of กองคลัง, the officer of สำนักปลัด
    # A second clock that started before the first one marked the day sees no marks.
    with transaction(factory) as session:
        session.execute(delete(SweepMark))
    again = sweep_reminders(factory, MORNING + timedelta(minutes=1), CONFIG)
    assert again.get("reminders", 0) == 0 and again["orgs"] == 1
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.purpose == "reminder")) == 2
    run_jobs_at(factory, lambda o: gateway, MORNING + timedelta(minutes=2), CONFIG)
    chats = Counter(r.body["to"] for r in standin.state.sends("push"))
    assert chats[world.groups["กองคลัง"]] == 1
    assert sorted(chats.values()) == [1] * len(chats)


def test_a_reminder_whose_tasks_are_gone_is_not_sent(factory, gateway, standin, world):
    sweep_reminders(factory, MORNING, CONFIG)
    with transaction(factory) as session:  # the plan re-imported without o36
        session.execute(delete(Task).where(Task.title == "ประเมินความเสี่ยงการทุจริต"))
    outcomes = deliver(factory, lambda o: gateway, MORNING)
    assert outcomes["sent"] == 1 and outcomes["expired"] == 1
    assert [r.body["to"] for r in standin.state.sends("push")] == [world.groups["กองคลัง"]]
