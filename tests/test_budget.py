"""The month's message budget: what pushes cost as LINE counts them, the forecast, and the
order in which reminders are cut back when the forecast does not fit."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import load
from models import BudgetMonth, ChatGroup, OutboxMessage
from models.db import transaction
from scheduler.budget import decide
from scheduler.clock import run_jobs_at
from scheduler.due import Level
from scheduler.policy import update_policy
from scheduler.world import add_task, build_world

BKK = ZoneInfo("Asia/Bangkok")
CONFIG = load({"PUBLIC_BASE_URL": "https://ita.example"})


@pytest.fixture
def world(factory, standin):
    """One unit whose LINE group has 10 members, with work overdue since December, due on
    Thursday 26 January, and due a week later."""
    with transaction(factory) as session:
        w = build_world(session, units=["กองคลัง"], groups_for=["กองคลัง"], members=None)
        add_task(session, w, "กองคลัง", "รายงานผลการจัดซื้อจัดจ้างประจำปี", date(2022, 12, 30),
                 refs=["o13"])
        add_task(session, w, "กองคลัง", "สรุปผลการจัดซื้อจัดจ้าง", date(2023, 1, 26),
                 refs=["o14"])
        add_task(session, w, "กองคลัง", "เผยแพร่คู่มือการให้บริการ", date(2023, 2, 2),
                 refs=["o20"])
    standin.state.member_counts[w.groups["กองคลัง"]] = 10
    return w


def run_month(factory, gateway, standin, group: str) -> dict[date, str]:
    """Run the clock each working morning of January 2023; what the group got each day."""
    got: dict[date, str] = {}
    day = date(2023, 1, 1)
    while day.month == 1:
        run_jobs_at(factory, lambda o: gateway, datetime(day.year, day.month, day.day, 8, 30,
                                                         tzinfo=BKK), CONFIG)
        for r in standin.state.sends("push"):
            if r.body["to"] == group and day not in got and r.messages[0]["type"] == "flex":
                got[day] = r.messages[0]["altText"]
        standin.state.requests.clear()
        day += timedelta(days=1)
    return got


def billed(factory) -> int:
    with factory() as session:
        return sum(r.billed for r in session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "push", OutboxMessage.status == "sent")))


def budget_row(factory) -> BudgetMonth:
    with factory() as session:
        return session.scalar(select(BudgetMonth).where(BudgetMonth.month == "2023-01"))


def test_a_group_push_costs_one_message_per_member_as_read_from_line(
        factory, gateway, standin, world):
    run_jobs_at(factory, lambda o: gateway, datetime(2023, 1, 26, 8, 30, tzinfo=BKK), CONFIG)
    with factory() as session:
        group = session.get(ChatGroup, world.group_ids["กองคลัง"])
        reminder = session.scalar(select(OutboxMessage).where(
            OutboxMessage.purpose == "reminder"))
    assert group.member_count == 10 and group.member_count_checked_at is not None
    assert reminder.billed == 10
    heads_and_executives = 3
    assert billed(factory) == 10 + heads_and_executives  # January's digests are 1:1


def test_with_room_in_the_budget_every_stage_is_sent(factory, gateway, standin, world):
    days = run_month(factory, gateway, standin, world.groups["กองคลัง"])
    assert budget_row(factory).level == Level.FULL
    overdue_days = [d for d, text in days.items() if "เลยกำหนด" in text]
    assert overdue_days[:4] == [date(2023, 1, 4), date(2023, 1, 10), date(2023, 1, 13),
                                date(2023, 1, 18)]  # every third working day
    # A week before, the day before, and on the due day.
    assert {date(2023, 1, 19), date(2023, 1, 25), date(2023, 1, 26)} <= set(days)


def test_a_tight_budget_merges_overdue_reminders_into_weekly_batches_first(
        factory, gateway, standin, world):
    with transaction(factory) as session:
        update_policy(session, world.org_id, budget=80, share=100)
    days = run_month(factory, gateway, standin, world.groups["กองคลัง"])
    assert budget_row(factory).level == Level.WEEKLY
    assert sorted(days) == [date(2023, 1, 4),  # the first sweep of the year: catching up
                            date(2023, 1, 9), date(2023, 1, 16), date(2023, 1, 23),  # Mondays
                            date(2023, 1, 25), date(2023, 1, 26),  # the day before, the day
                            date(2023, 1, 30)]
    assert billed(factory) <= 80


def test_a_tighter_budget_then_drops_pre_due_pushes_but_keeps_the_due_day(
        factory, gateway, standin, world):
    with transaction(factory) as session:
        update_policy(session, world.org_id, budget=70, share=100)
    days = run_month(factory, gateway, standin, world.groups["กองคลัง"])
    assert budget_row(factory).level == Level.NO_PRE_DUE
    assert date(2023, 1, 25) not in days  # the day-before push is gone
    assert "ครบกำหนดวันนี้ 1" in days[date(2023, 1, 26)]
    # Next week's item rode along with Monday's batch, for free.
    assert "o20" in days[date(2023, 1, 23)] and "เลยกำหนด 1" in days[date(2023, 1, 23)]
    assert billed(factory) <= 70


def test_the_last_resorts_are_fortnightly_batches_then_due_day_reminders_alone(
        factory, gateway, standin, world):
    with transaction(factory) as session:
        update_policy(session, world.org_id, budget=60, share=100)
    days = run_month(factory, gateway, standin, world.groups["กองคลัง"])
    assert budget_row(factory).level == Level.FORTNIGHTLY
    assert sorted(days) == [date(2023, 1, 4), date(2023, 1, 9), date(2023, 1, 23),
                            date(2023, 1, 26)]


def test_the_coordinator_is_told_once_what_is_cut_back(factory, gateway, standin, world):
    with transaction(factory) as session:
        update_policy(session, world.org_id, budget=70, share=100)
    told = []
    day = date(2023, 1, 1)
    while day.month == 1:
        run_jobs_at(factory, lambda o: gateway, datetime(day.year, 1, day.day, 8, 30,
                                                         tzinfo=BKK), CONFIG)
        told += [m["text"] for r in standin.state.sends("push")
                 if r.body["to"] == world.coordinator for m in r.messages]
        standin.state.requests.clear()
        day += timedelta(days=1)
    [notice] = [t for t in told if "โควตาข้อความ LINE" in t]
    assert "1. รวมการเตือนงานที่เลยกำหนดและงานล่วงหน้าเป็นสัปดาห์ละครั้ง" in notice
    assert "2. งดการเตือนล่วงหน้า ยังเตือนในวันครบกำหนดตามปกติ" in notice


def test_lines_own_quota_lowers_the_budget(factory, gateway, standin, world):
    standin.state.quota_limit = 60
    run_month(factory, gateway, standin, world.groups["กองคลัง"])
    row = budget_row(factory)
    assert (row.quota_limit, row.budget) == (60, 60)
    assert row.level >= Level.WEEKLY


def test_levels_are_tried_in_the_stated_order_and_never_go_back_within_a_month():
    costs = {Level.FULL: 200, Level.WEEKLY: 150, Level.NO_PRE_DUE: 110, Level.FORTNIGHTLY: 70,
             Level.DUE_DAY_ONLY: 40}
    asked = Counter()

    def rest(level):
        asked[level] += 1
        return costs[level]

    assert decide(300, 50, 20, 20, Level.FULL, rest).level == Level.NO_PRE_DUE
    assert list(asked) == [Level.FULL, Level.WEEKLY, Level.NO_PRE_DUE]
    assert decide(1000, 100, 0, 0, Level.FORTNIGHTLY, rest).level == Level.FORTNIGHTLY
    # LINE's own count (pushes made outside the clock) must fit the whole budget too.
    assert decide(300, 100, 0, 250, Level.FULL, rest).level == Level.DUE_DAY_ONLY
