"""Registration and group binding codes: single use, expiring, unguessable, any case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import ChatGroup, Person, Role
from models.db import transaction
from models.invites import ALPHABET, CODE_LENGTH, create_invite


def invite(bot, role: str, unit_id: int | None, purpose: str = "register", days: int = 7) -> str:
    with transaction(bot.rt.factory) as s:
        return create_invite(s, org_id=bot.org_id, purpose=purpose, role=role, unit_id=unit_id,
                             now=bot.clock(), ttl=timedelta(days=days))


@pytest.fixture
def finance(bot) -> int:
    return bot.unit("กองคลัง")


def test_a_person_registers_with_a_code_and_gets_the_role_and_unit(bot, finance):
    bot.standin.state.display_names["Unew"] = "สมศรี ใจดี"
    code = invite(bot, Role.OFFICER, finance)
    [text] = bot.say(f"ลงทะเบียน {code}", user="Unew")
    assert "ลงทะเบียนเรียบร้อย" in text and "กองคลัง" in text and "สมศรี ใจดี" in text
    with bot.rt.factory() as s:
        person = s.scalar(select(Person).where(Person.line_user_id == "Unew"))
        assert [(m.role, m.unit_id) for m in person.memberships] == [("officer", finance)]


def test_codes_are_case_insensitive(bot, finance):
    code = invite(bot, Role.OFFICER, finance)
    [text] = bot.say(f"ลงทะเบียน {code.lower()}", user="Unew")
    assert "ลงทะเบียนเรียบร้อย" in text


def test_a_used_code_cannot_be_used_again(bot, finance):
    code = invite(bot, Role.OFFICER, finance)
    bot.say(f"ลงทะเบียน {code}", user="Ufirst")
    [text] = bot.say(f"ลงทะเบียน {code}", user="Usecond")
    assert "ถูกใช้ไปแล้ว" in text
    with bot.rt.factory() as s:
        assert s.scalar(select(Person).where(Person.line_user_id == "Usecond")) is None


def test_an_expired_code_is_refused(bot, finance):
    code = invite(bot, Role.OFFICER, finance, days=7)
    bot.clock.advance(days=8)
    [text] = bot.say(f"ลงทะเบียน {code}", user="Ulate")
    assert "หมดอายุ" in text


def test_a_wrong_code_is_refused(bot, finance):
    invite(bot, Role.OFFICER, finance)
    [text] = bot.say("ลงทะเบียน ZZZZ9999", user="Uguess")
    assert "ไม่พบรหัสนี้" in text


def test_codes_have_at_least_30_bits_of_randomness(bot, finance):
    codes = {invite(bot, Role.OFFICER, finance) for _ in range(50)}
    assert len(codes) == 50
    assert len(ALPHABET) ** CODE_LENGTH >= 2**30


def test_a_registration_code_sent_in_a_group_is_not_spent(bot, finance):
    code = invite(bot, Role.OFFICER, finance)
    [text] = bot.say(f"ลงทะเบียน {code}", user="Unew", group="Cgroup", mention=True)
    assert "แชตส่วนตัว" in text
    [ok] = bot.say(f"ลงทะเบียน {code}", user="Unew")
    assert "ลงทะเบียนเรียบร้อย" in ok


def test_a_head_binds_the_units_group_with_a_code(bot, finance):
    bot.person("Uhead", Role.HEAD, finance)
    code = invite(bot, None, finance, purpose="bind")
    bot.deliver(bot.event("join", user=None, group="Cfinance"))
    [text] = bot.say(f"ผูกกลุ่ม {code}", user="Uhead", group="Cfinance")
    assert "กองคลัง" in text
    with bot.rt.factory() as s:
        group = s.scalar(select(ChatGroup).where(ChatGroup.line_group_id == "Cfinance"))
        assert group.bound and group.unit_id == finance


def test_an_officer_cannot_bind_a_group(bot, finance):
    bot.person("Uofficer", Role.OFFICER, finance)
    code = invite(bot, None, finance, purpose="bind")
    [text] = bot.say(f"ผูกกลุ่ม {code}", user="Uofficer", group="Cfinance")
    assert "หัวหน้า" in text
    with bot.rt.factory() as s:
        assert s.scalar(select(ChatGroup).where(ChatGroup.bound)) is None


def test_a_follow_is_greeted_with_how_to_register(bot):
    [text] = bot.deliver(bot.event("follow", user="Ufriend"))
    assert "ลงทะเบียน" in text


def test_joining_a_group_says_how_to_bind_it(bot):
    [text] = bot.deliver(bot.event("join", user=None, group="Cnew"))
    assert "ผูกกลุ่ม" in text
    with bot.rt.factory() as s:
        assert s.scalar(select(ChatGroup).where(ChatGroup.line_group_id == "Cnew")) is not None


def test_leaving_a_group_marks_it_inactive(bot, finance):
    bot.group("Cfinance", finance)
    assert bot.deliver(bot.event("leave", user=None, group="Cfinance")) == []
    with bot.rt.factory() as s:
        assert not s.scalar(select(ChatGroup)).active
