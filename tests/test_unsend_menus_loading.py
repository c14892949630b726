"""LINE-native interaction through the webhook: undoing an update whose message was unsent,
role rich menus linked on registration and role change (and their taps), and the loading
animation in 1:1 chat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from menus.definitions import MENUS
from models import Measure, MeasureRef, Role, Status, StatusChange, Task
from models.db import transaction
from models.invites import create_invite
from tests.evidence_support import (
    EXECUTIVE,
    FINANCE,
    FINANCE_GROUP,
    last_buttons,
    tap,
    unsend_event,
)


def o12(bot) -> Task:
    with bot.rt.factory() as s:
        task = s.scalars(select(Task).join(Measure).join(MeasureRef)
                         .where(MeasureRef.ref == "o12").order_by(Task.due_on)).first()
        _ = task.changes
        return task


def update_message_id(bot) -> str:
    with bot.rt.factory() as s:
        return s.scalars(select(StatusChange.line_message_id).order_by(StatusChange.id)).all()[-1]


# -- unsend ------------------------------------------------------------------------------

def test_unsending_an_update_in_a_group_asks_the_sender_in_1to1_and_undo_restores(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE, group=FINANCE_GROUP)
    assert o12(demo_bot).status == Status.DONE
    [question] = demo_bot.deliver(unsend_event(demo_bot, update_message_id(demo_bot),
                                               group=FINANCE_GROUP))
    push = demo_bot.standin.state.sends("push")[-1]
    assert push.body["to"] == FINANCE  # asked privately, not in the group
    assert "ยกเลิกการส่งข้อความ" in question and "ย้อนสถานะ" in question
    undo, keep = last_buttons(demo_bot)
    [done] = tap(demo_bot, undo)
    assert "ย้อนกลับแล้ว" in done
    task = o12(demo_bot)
    assert task.status == Status.NOT_STARTED and task.done_on is None
    assert [(c.from_status, c.to_status, c.source) for c in task.changes] == [
        ("not_started", "done", "line"), ("done", "not_started", "unsend")]  # history kept
    [again] = tap(demo_bot, keep)
    assert "ใช้ไปแล้ว" in again or "คงการบันทึก" in again
    assert o12(demo_bot).status == Status.NOT_STARTED


def test_keeping_the_update_changes_nothing(demo_bot):
    demo_bot.say("o12 ได้ 50%", user=FINANCE)
    demo_bot.deliver(unsend_event(demo_bot, update_message_id(demo_bot)))
    _, keep = last_buttons(demo_bot)
    [kept] = tap(demo_bot, keep)
    assert "คงการบันทึกไว้" in kept
    task = o12(demo_bot)
    assert task.status == Status.IN_PROGRESS and len(task.changes) == 1


def test_undo_after_a_newer_update_is_refused_and_nothing_changes(demo_bot):
    demo_bot.say("o12 ได้ 50%", user=FINANCE)
    first = update_message_id(demo_bot)
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    demo_bot.deliver(unsend_event(demo_bot, first))
    undo, _ = last_buttons(demo_bot)
    [answer] = tap(demo_bot, undo)
    assert "บันทึกใหม่หลังจากนั้น" in answer
    assert o12(demo_bot).status == Status.DONE


def test_unsending_an_ordinary_message_is_quiet(demo_bot):
    demo_bot.say("สวัสดีครับ", user=FINANCE, group=FINANCE_GROUP)
    assert demo_bot.deliver(unsend_event(demo_bot, "999", group=FINANCE_GROUP)) == []


# -- rich menus --------------------------------------------------------------------------

def invite(bot, role: str, unit_id: int | None) -> str:
    with transaction(bot.rt.factory) as s:
        return create_invite(s, org_id=bot.org_id, purpose="register", role=role,
                             unit_id=unit_id, now=bot.clock(), ttl=timedelta(days=7))


def menu_labels(bot, user: str) -> list[str]:
    menu = bot.standin.state.menu_of(user)
    return [a["action"]["label"] for a in menu["areas"]] if menu else []


def test_registering_links_the_officer_menu_and_a_role_change_relinks(bot):
    unit = bot.unit("กองคลัง")
    bot.say(f"ลงทะเบียน {invite(bot, Role.OFFICER, unit)}", user="Unew")
    assert menu_labels(bot, "Unew") == ["งานของฉัน", "รายงานผล", "วิธีใช้"]
    menu_id = bot.standin.state.user_menus["Unew"]
    assert bot.standin.state.rich_menu_images[menu_id][1] == "image/png"  # image uploaded

    bot.say(f"ลงทะเบียน {invite(bot, Role.HEAD, unit)}", user="Unew")  # promoted
    assert menu_labels(bot, "Unew") == [b.label for b in MENUS["head"]]
    links = [r for r in bot.standin.state.requests if "/richmenu/" in r.path and "/user/" in r.path]
    bot.say("วิธีใช้", user="Unew")  # nothing changed: no new link call
    assert len([r for r in bot.standin.state.requests
                if "/richmenu/" in r.path and "/user/" in r.path]) == len(links)


def test_each_role_menu_is_created_once_and_shared(bot):
    unit = bot.unit("กองคลัง")
    for user in ("Ua", "Ub"):
        bot.say(f"ลงทะเบียน {invite(bot, Role.OFFICER, unit)}", user=user)
    created = [r for r in bot.standin.state.requests if r.path == "/v2/bot/richmenu"]
    assert len(created) == 1
    assert bot.standin.state.user_menus["Ua"] == bot.standin.state.user_menus["Ub"]


def test_an_unregistered_person_gets_no_menu(bot):
    bot.say("สวัสดี", user="Ustranger")
    assert bot.standin.state.menu_of("Ustranger") is None


@pytest.mark.parametrize("key, expected", [
    ("status", "📊 ภาพรวม"),
    ("late", "งานที่ยังไม่เสร็จ"),
    ("report", "📄 รายงานผลการดำเนินการตามมาตรการ ITA"),
    ("help", "พิมพ์ได้แบบนี้"),
])
def test_the_executive_menu_buttons_answer_with_free_replies(demo_bot, key, expected):
    demo_bot.say("วิธีใช้", user=EXECUTIVE)
    menu = demo_bot.standin.state.menu_of(EXECUTIVE)
    assert [a["action"]["label"] for a in menu["areas"]] == [b.label for b in MENUS["executive"]]
    [area] = [a for a in menu["areas"] if a["action"]["data"] == f"m={key}"]
    before = len(demo_bot.standin.state.sends("push"))
    [answer] = tap(demo_bot, area["action"], user=EXECUTIVE)
    assert answer.startswith(expected) or expected in answer
    assert len(demo_bot.standin.state.sends("push")) == before  # a reply, not a paid push


# -- loading animation -------------------------------------------------------------------

def test_the_loading_animation_shows_in_1to1_before_a_summary(demo_bot):
    demo_bot.say("สถานะ", user=EXECUTIVE)
    [call] = demo_bot.standin.state.loading_calls()
    assert call.body["chatId"] == EXECUTIVE
    assert call.at <= demo_bot.standin.state.sends("reply")[-1].at


def test_no_loading_animation_in_groups_or_for_quick_answers(demo_bot):
    demo_bot.say("สถานะ", user=FINANCE, group=FINANCE_GROUP, mention=True)
    demo_bot.say("วิธีใช้", user=FINANCE)
    [answer] = demo_bot.say("สถานะ", user="Ustranger")  # answered: "please register first"
    assert "ลงทะเบียน" in answer
    assert demo_bot.standin.state.loading_calls() == []
