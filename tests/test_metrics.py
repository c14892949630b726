"""/metrics shows operators every organization's traffic, backlog and quota, only to
holders of METRICS_TOKEN; /healthz reports how long the oldest waiting event has waited."""

from __future__ import annotations

import dataclasses
import json

import pytest
from prometheus_client.parser import text_string_to_metric_families

from models import BudgetMonth
from models.db import transaction
from operations.organizations import add_org
from operations.secrets import new_key, vault_from_env
from tests.harness import sign

TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture
def ops_bot(bot):
    key = new_key()
    bot.rt.config = dataclasses.replace(bot.rt.config, metrics_token=TOKEN, secret_key=key)
    bot.rt._channels = None
    with transaction(bot.rt.factory) as s:
        add_org(s, vault_from_env({"SECRET_KEY": key}), slug="banmai", name="อบต.บ้านใหม่",
                channel_secret="banmai-secret-0000000000000000", access_token="banmai-token",
                now=bot.clock())
    return bot


def scrape(bot) -> dict[tuple[str, tuple], float]:
    response = bot.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for s in family.samples}


@pytest.mark.parametrize("headers, status", [
    ({}, 401),
    ({"Authorization": "Bearer wrong"}, 401),
    ({"Authorization": f"Bearer {TOKEN}"}, 200),
])
def test_metrics_need_the_token(ops_bot, headers, status):
    assert ops_bot.client.get("/metrics", headers=headers).status_code == status


def test_metrics_do_not_exist_without_a_token_configured(bot):
    assert bot.client.get("/metrics").status_code == 404


def test_metrics_show_both_organizations_traffic_backlog_and_quota(ops_bot):
    ops_bot.say("วิธีใช้", user="Ua1")  # the default organization: handled
    body = json.dumps({"destination": "U", "events": [ops_bot.event(text="วิธีใช้")]}).encode()
    response = ops_bot.client.post("/callback/banmai", data=body, headers={
        "Content-Type": "application/json",
        "X-Line-Signature": sign(body, "banmai-secret-0000000000000000")})
    assert response.status_code == 200  # stored, not handled yet: a backlog of one
    ops_bot.clock.advance(seconds=30)
    with transaction(ops_bot.rt.factory) as s:
        s.add(BudgetMonth(org_id=ops_bot.org_id, month="2026-11", budget=300, level=0, spent=0,
                          forecast=0, quota_limit=300, quota_used=120))
    metrics = scrape(ops_bot)
    assert metrics[("ita_inbox_events", (("org", "default"), ("status", "handled")))] == 1
    assert metrics[("ita_inbox_events", (("org", "banmai"), ("status", "pending")))] == 1
    assert metrics[("ita_inbox_backlog", ())] == 1
    assert metrics[("ita_inbox_backlog_age_seconds", ())] == pytest.approx(30, abs=1)
    assert metrics[("ita_quota_left", (("org", "default"),))] == 180
    assert metrics[("ita_webhook_events_received_total", (("org", "banmai"),))] >= 1
    assert metrics[("ita_events_handled_total", (("outcome", "handled"),))] >= 1
    assert any(name == "ita_line_send_seconds_count" for name, _ in metrics)
    health = ops_bot.client.get("/healthz").json
    assert health["inbox_backlog"] == 1 and health["inbox_backlog_age_seconds"] == 30


def test_line_errors_are_counted_by_status(ops_bot):
    before = scrape(ops_bot).get(("ita_line_errors_total", (("status", "500"),)), 0)
    ops_bot.standin.state.fail_next.append((500, {"message": "boom"}))
    ops_bot.say("วิธีใช้", user="Ua2")
    assert scrape(ops_bot)[("ita_line_errors_total", (("status", "500"),))] == before + 1


@pytest.mark.parametrize("how", ["stale token", "refused reply"])
def test_every_push_the_worker_falls_back_to_counts_as_billed(demo_bot, how):
    from sqlalchemy import select

    from models import OutboxMessage

    event = demo_bot.event(text="วิธีใช้", user="Udemo0officer0finance")
    if how == "stale token":
        demo_bot.clock.advance(minutes=5)
    else:
        demo_bot.standin.state.fail_next.append((400, {"message": "Invalid reply token"}))
    demo_bot.deliver(event)
    assert len(demo_bot.standin.state.sends("push")) == 1
    with demo_bot.rt.factory() as s:
        row = s.scalar(select(OutboxMessage))
        assert (row.kind, row.status, row.billed) == ("push", "sent", 1)
