"""POST /callback: verify, store, answer — and never a 5xx for anything LINE may send."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from models import InboxEvent
from tests.conftest import SHARED
from tests.harness import sign

FIXTURES = sorted((SHARED / "line_fixtures").glob("*.json")) if SHARED.exists() else []


def inbox_count(bot) -> int:
    with bot.rt.factory() as s:
        return s.scalar(select(func.count(InboxEvent.id)))


def test_a_forged_signature_is_rejected_and_nothing_is_stored(bot):
    body = json.dumps({"destination": "U", "events": [bot.event(text="o12 เสร็จแล้ว")]}).encode()
    response = bot.post(body, signature=sign(body, "not-the-channel-secret"))
    assert response.status_code == 400
    assert inbox_count(bot) == 0


def test_a_missing_signature_is_rejected_and_nothing_is_stored(bot):
    response = bot.post({"destination": "U", "events": [bot.event(text="สถานะ")]}, signature=None)
    assert response.status_code == 400
    assert inbox_count(bot) == 0


def test_a_body_altered_after_signing_is_rejected(bot):
    body = json.dumps({"destination": "U", "events": [bot.event(text="o1 เสร็จแล้ว")]}).encode()
    signature = sign(body)
    response = bot.post(body.replace(b"o1", b"o2"), signature=signature)
    assert response.status_code == 400
    assert inbox_count(bot) == 0


def test_the_consoles_verify_request_gets_200(bot):
    assert bot.post({"destination": "Uxxxxxxxx", "events": []}).status_code == 200
    assert inbox_count(bot) == 0


def test_the_same_event_twice_is_stored_once_and_answered_once(bot):
    event = bot.event(text="วิธีใช้", event_id="01SAMEEVENT")
    first = bot.deliver(event)
    redelivered = dict(event, deliveryContext={"isRedelivery": True})
    second = bot.deliver(redelivered)
    assert inbox_count(bot) == 1
    assert len(first) == 1 and second == []


def test_a_body_over_one_megabyte_gets_413(bot):
    body = json.dumps({"destination": "U", "events": [], "pad": "x" * (1024 * 1024)}).encode()
    assert bot.post(body).status_code == 413
    assert inbox_count(bot) == 0


def test_a_signed_body_that_is_not_json_is_kept_and_answered_200(bot):
    response = bot.post(b"this is not json")
    assert response.status_code == 200
    with bot.rt.factory() as s:
        row = s.scalar(select(InboxEvent))
    assert row.status == "unreadable" and row.body == "this is not json"


def test_an_event_the_sdk_cannot_read_is_stored_as_received_and_others_still_handled(bot):
    broken = {"type": "message", "timestamp": 1, "source": {"type": "user", "userId": "U1"}}
    texts = bot.deliver(broken, bot.event(text="วิธีใช้", user="U2"))
    assert texts and "o12 เสร็จแล้ว" in texts[0]
    with bot.rt.factory() as s:
        statuses = sorted(s.scalars(select(InboxEvent.status)))
    assert statuses == ["handled", "unreadable"]


def test_an_unknown_organization_slug_is_404(bot):
    assert bot.post({"destination": "U", "events": []}, path="/callback/nobody").status_code == 404


def test_healthz_says_the_database_is_reachable(bot):
    response = bot.client.get("/healthz")
    assert response.status_code == 200 and response.json["database"] == "ok"
    assert response.json["inbox_backlog"] == 0 and response.json["inbox_backlog_age_seconds"] == 0


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_every_body_in_lines_own_sdk_suites_is_answered_200(bot, fixture):
    response = bot.post(fixture.read_bytes())
    assert response.status_code == 200
    assert bot.work() >= 0  # handling them must not raise either
    with bot.rt.factory() as s:
        assert not s.scalars(select(InboxEvent).where(InboxEvent.status == "failed")).all()


def test_a_second_organization_has_its_own_path_and_secret(bot):
    import dataclasses

    from models import Organization
    from models.db import transaction
    from operations.organizations import add_org
    from operations.secrets import new_key, vault_from_env

    key = new_key()
    bot.rt.config = dataclasses.replace(bot.rt.config, secret_key=key)
    bot.rt._channels = None
    with transaction(bot.rt.factory) as s:
        add_org(s, vault_from_env({"SECRET_KEY": key}), slug="nongtakai", name="อบต.หนองตะไก่",
                channel_secret="other-secret-0123456789", access_token="tok2", now=bot.clock())
    body = json.dumps({"destination": "U", "events": [bot.event(text="วิธีใช้")]}).encode()
    assert bot.post(body, path="/callback/nongtakai").status_code == 400  # signed with ours
    good = bot.post(body, signature=sign(body, "other-secret-0123456789"), path="/callback/nongtakai")
    assert good.status_code == 200
    with bot.rt.factory() as s:
        row = s.scalar(select(InboxEvent))
        assert s.get(Organization, row.org_id).slug == "nongtakai"
