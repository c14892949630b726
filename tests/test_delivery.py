"""Delivery with a fixed clock: temporary errors are retried with the same X-Line-Retry-Key,
permanent ones stop and someone is told, and replies are preferred to pushes."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bot.config import load
from bot.line_api import LineError
from models import ChatGroup, InboxEvent, OutboxMessage, ScheduledSend
from models.db import transaction
from scheduler.clock import run_jobs_at, run_sweeps
from scheduler.delivery import MAX_ATTEMPTS, deliver
from scheduler.reply import release_for_push, take_pending_for_reply, take_pending_with_tasks
from scheduler.sends import set_marks
from scheduler.world import add_task, build_world

BKK = ZoneInfo("Asia/Bangkok")
CONFIG = load({"PUBLIC_BASE_URL": "https://ita.example"})


MORNING = datetime(2023, 1, 31, 8, 30, tzinfo=BKK)


@pytest.fixture
def world(factory, standin):
    with transaction(factory) as session:
        w = build_world(session, units=["กองคลัง"], groups_for=["กองคลัง"], members=8)
        add_task(session, w, "กองคลัง", "จัดทำแผนการจัดซื้อจัดจ้าง", date(2023, 1, 31), refs=["o12"])
        # This month's digests went out already; these tests are about one reminder.
        set_marks(session, [w.org_id], "digests", "2023-01", MORNING)
    standin.state.member_counts[w.groups["กองคลัง"]] = 8
    return w


def write_reminder(factory, gateway) -> None:
    assert run_sweeps(factory, lambda o: gateway, MORNING, CONFIG)["reminders"] == 1


def reminder(factory) -> OutboxMessage:
    with factory() as session:
        return session.scalar(select(OutboxMessage).where(OutboxMessage.purpose == "reminder"))


def attempts_at(standin, chat: str) -> list:
    return [r for r in standin.state.requests if r.path.endswith("/push")
            and r.body.get("to") == chat]


def test_a_429_is_retried_later_with_the_same_retry_key(factory, gateway, standin, world):
    write_reminder(factory, gateway)
    standin.state.fail_next.append((429, {"message": "Too many requests"}))
    assert deliver(factory, lambda o: gateway, MORNING)["retry"] == 1
    row = reminder(factory)
    assert row.status == "pending" and row.next_attempt_at == MORNING + timedelta(seconds=30)
    assert deliver(factory, lambda o: gateway, MORNING + timedelta(seconds=10)) == {}
    assert deliver(factory, lambda o: gateway, MORNING + timedelta(seconds=31))["sent"] == 1
    first, second = attempts_at(standin, world.groups["กองคลัง"])
    assert (first.status, second.status) == (429, 200)
    assert first.headers["X-Line-Retry-Key"] == second.headers["X-Line-Retry-Key"]


class ProbingGateway:
    """Sends through the real client; while LINE has the request, another connection
    writes to the row being sent. It must not wait: no transaction is open across the call
    (on SQLite one would hold the only write lock, on PostgreSQL the row's lock)."""

    def __init__(self, factory, gateway) -> None:
        self.factory, self.gateway, self.waited = factory, gateway, []

    def push(self, to, messages, retry_key):
        def write() -> None:
            with transaction(self.factory) as session:
                session.execute(update(OutboxMessage).where(OutboxMessage.to == to)
                                .values(last_error="written during the send"))

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        writer.join(timeout=10)
        self.waited.append(writer.is_alive())
        return self.gateway.push(to, messages, retry_key)


def test_no_transaction_is_open_while_line_is_called(factory, gateway, standin, world):
    write_reminder(factory, gateway)
    probe = ProbingGateway(factory, gateway)
    assert deliver(factory, lambda o: probe, MORNING)["sent"] == 1
    assert probe.waited == [False]
    row = reminder(factory)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
    assert len(attempts_at(standin, world.groups["กองคลัง"])) == 1


def test_retry_after_from_line_is_honoured(factory, world, gateway):
    write_reminder(factory, gateway)

    class Busy:
        def push(self, to, messages, retry_key):
            raise LineError(429, "Too many requests", permanent=False, retry_after=120)

    deliver(factory, lambda o: Busy(), MORNING)
    assert reminder(factory).next_attempt_at == MORNING + timedelta(seconds=120)


def test_5xx_backs_off_and_after_the_bound_the_coordinator_is_told(
        factory, gateway, standin, world):
    write_reminder(factory, gateway)
    standin.state.fail_next.extend([(500, {"message": "Internal error"})] * MAX_ATTEMPTS)
    now, waits = MORNING, []
    for _ in range(MAX_ATTEMPTS):
        deliver(factory, lambda o: gateway, now)
        row = reminder(factory)
        if row.status == "failed":
            break
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert waits[:4] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    row = reminder(factory)
    assert row.status == "failed" and row.attempts == MAX_ATTEMPTS
    run_jobs_at(factory, lambda o: gateway, now, CONFIG)
    [alert] = [r for r in standin.state.sends("push") if r.body["to"] == world.coordinator]
    text = alert.messages[0]["text"]
    assert "ส่งข้อความเตือนงานถึงกลุ่ม LINE ของกองคลังไม่สำเร็จ" in text and "500" in text


def test_a_bot_removed_from_the_group_stops_there_and_the_unit_hears_one_to_one(
        factory, gateway, standin, world):
    standin.state.removed_chats.add(world.groups["กองคลัง"])
    run_jobs_at(factory, lambda o: gateway, MORNING, CONFIG)
    with factory() as session:
        group = session.get(ChatGroup, world.group_ids["กองคลัง"])
        assert group.active is False and group.left_at is not None
    [told] = [r for r in standin.state.sends("push") if r.body["to"] == world.coordinator]
    assert "บอทไม่ได้อยู่ในกลุ่มของกองคลังแล้ว" in told.messages[0]["text"]
    assert "แชตส่วนตัว" in told.messages[0]["text"]
    # The next sweep, minutes later, sends that day's reminder to each officer instead.
    run_jobs_at(factory, lambda o: gateway, MORNING + timedelta(minutes=5), CONFIG)
    for officer in world.officers["กองคลัง"]:
        [push] = [r for r in standin.state.sends("push") if r.body["to"] == officer]
        assert push.messages[0]["altText"].endswith("ครบกำหนดวันนี้ 1 รายการ — o12")
    assert len(attempts_at(standin, world.groups["กองคลัง"])) == 1  # never tried again


def test_a_reminder_that_could_not_go_out_on_its_day_expires_and_comes_back_next_day(
        factory, gateway, standin, world):
    write_reminder(factory, gateway)
    standin.state.fail_next.extend([(503, {"message": "Service unavailable"})] * 3)
    deliver(factory, lambda o: gateway, MORNING)
    next_day = datetime(2023, 2, 1, 8, 30, tzinfo=BKK)
    assert deliver(factory, lambda o: gateway, next_day)["expired"] == 1
    with factory() as session:
        assert session.scalar(select(ScheduledSend.cancelled)) is True
    # Not an overdue-reminder day yet, but yesterday's untold due-day item comes back.
    standin.state.fail_next.clear()
    run_jobs_at(factory, lambda o: gateway, next_day, CONFIG)
    [push] = [r for r in standin.state.sends("push") if r.body["to"] == world.groups["กองคลัง"]]
    assert "o12" in push.messages[0]["altText"]


def test_a_pending_reminder_goes_out_in_the_reply_to_someone_who_just_wrote(
        factory, gateway, standin, world):
    write_reminder(factory, gateway)
    with transaction(factory) as session:
        session.add(InboxEvent(org_id=world.org_id, webhook_event_id="e1", event_type="message",
                               chat_key=world.groups["กองคลัง"], body="{}",
                               received_at=MORNING - timedelta(seconds=10)))
    # Delivery holds it for a moment, expecting the worker's reply...
    assert deliver(factory, lambda o: gateway, MORNING)["held"] == 1
    # ...and the worker, answering that message, takes it along for free.
    with transaction(factory) as session:
        messages = take_pending_for_reply(session, world.org_id, world.groups["กองคลัง"],
                                          MORNING + timedelta(seconds=5))
    assert [m["type"] for m in messages] == ["flex"]
    row = reminder(factory)
    assert (row.status, row.kind, row.billed) == ("sent", "reply", 0)
    assert deliver(factory, lambda o: gateway, MORNING + timedelta(minutes=1)) == {}
    assert standin.state.sends("push") == []


def test_a_reply_that_failed_gives_the_reminder_back_to_push_delivery(
        factory, gateway, standin, world):
    write_reminder(factory, gateway)
    with transaction(factory) as session:
        taken = take_pending_with_tasks(session, world.org_id, world.groups["กองคลัง"], MORNING)
        assert len(taken) == 1 and taken[0].task_ids
        release_for_push(session, [taken[0].outbox_id], MORNING)
    assert deliver(factory, lambda o: gateway, MORNING)["sent"] == 1
    assert reminder(factory).billed == 8
    [push] = standin.state.sends("push")
    assert json.dumps(push.messages, ensure_ascii=False).count("✅ เสร็จแล้ว") == 1


def test_an_organization_without_a_line_token_still_gets_planned_and_is_retried_not_stuck(
        factory, world):
    def no_token(org_id):
        raise LookupError(f"organization {org_id} has no LINE access token")

    assert run_sweeps(factory, no_token, MORNING, CONFIG)["reminders"] == 1
    assert deliver(factory, no_token, MORNING)["retry"] == 1
    row = reminder(factory)
    assert (row.status, row.attempts) == ("pending", 1)
    assert "no LINE access token" in row.last_error
