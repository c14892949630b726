"""Who may change a unit's task, tried every way a message can arrive: typed text, a button
(a real token, replayed or forwarded by someone else, or a forged one), a quote-reply to the
bot's message about the task, and another organization's webhook carrying the same LINE id.

The rule (docs/DOMAIN.md): officers and heads of the task's unit, executives and
coordinators may change it; officers of other units and strangers may not."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import select

from models import Measure, MeasureRef, StatusChange, Task
from models.db import transaction
from models.tokens import new_action_token, postback_data
from operations.organizations import add_org
from operations.secrets import new_key, vault_from_env
from tests.harness import sign

PEOPLE = {  # who → may change กองคลัง's o12
    "Udemo0officer0finance": True,
    "Udemo0head0finance": True,
    "Udemo0executive": True,
    "Udemo0coordinator": True,
    "Udemo0officer0works": False,
    "Ustranger": False,
}
CHANNELS = ["text", "button", "forged button", "quote-reply"]


def o12(bot) -> Task:
    with bot.rt.factory() as s:
        return s.scalars(select(Task).join(Measure).join(MeasureRef)
                         .where(MeasureRef.ref == "o12").order_by(Task.id)).first()


def changes(bot) -> int:
    with bot.rt.factory() as s:
        return len(s.scalars(select(StatusChange)).all())


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("person", list(PEOPLE))
def test_only_the_units_people_executives_and_coordinators_change_a_task(demo_bot, person,
                                                                         channel):
    bot, task = demo_bot, o12(demo_bot)
    if channel == "text":
        bot.say("o12 เสร็จแล้ว", user=person)
    elif channel in ("button", "forged button"):
        with transaction(bot.rt.factory) as s:
            token = new_action_token(s, org_id=bot.org_id, task_id=task.id, action="done",
                                     now=bot.clock())
        data = postback_data("done", task.id, token if channel == "button" else "forged-token")
        bot.deliver(bot.event("postback", user=person, data=data))
    else:
        bot.say("o12 เสร็จหรือยัง", user="Udemo0officer0finance")
        quoted = bot.standin.state.sends()[-1].sent_ids[0]
        bot.say("เสร็จแล้วครับ", user=person, quoted=quoted)
    allowed = PEOPLE[person] and channel != "forged button"
    assert changes(bot) == (1 if allowed else 0)


def test_another_organizations_webhook_never_touches_this_organizations_tasks(demo_bot):
    bot = demo_bot
    key = new_key()  # another organization's credentials live encrypted (operations/)
    bot.rt.config = dataclasses.replace(bot.rt.config, secret_key=key)
    bot.rt._channels = None
    with transaction(bot.rt.factory) as s:
        add_org(s, vault_from_env({"SECRET_KEY": key}), slug="other", name="อบต.อื่น",
                channel_secret="other-secret-0123", access_token="other-token", now=bot.clock())
    body = json.dumps({"destination": "U", "events": [
        bot.event(text="o12 เสร็จแล้ว", user="Udemo0coordinator"),
        bot.event(text="สถานะ", user="Udemo0executive")]}).encode()
    response = bot.post(body, signature=sign(body, "other-secret-0123"), path="/callback/other")
    assert response.status_code == 200
    bot.work()
    assert changes(bot) == 0
    texts = [m.get("text") or m.get("altText") or "" for r in bot.standin.state.sends()
             for m in r.messages]
    assert not any("กองคลัง" in t for t in texts), texts
