"""Secrets stay out of logs, errors and reprs; the Procfile's separate clock delivers on
SQLite too (it once waited on its own write lock until "database is locked")."""

from __future__ import annotations

import json
import logging
import threading
import traceback

from sqlalchemy import select

from bot.commands.clock import gateways
from bot.line_api import LineGateway
from models import Organization, OutboxMessage
from models.db import transaction
from models.outbox import enqueue
from scheduler.clock import run_jobs_at
from tests.harness import SECRET, sign

TOKEN = "test-token"  # the harness's LINE_CHANNEL_ACCESS_TOKEN


def test_the_channel_secret_and_token_never_reach_a_log_line_an_error_or_a_repr(bot, caplog):
    caplog.set_level(logging.DEBUG)
    body = json.dumps({"destination": "U", "events": [bot.event(text="วิธีใช้")]}).encode()
    bot.post(body, signature=sign(body, "forged-secret"))  # refused and logged
    bot.standin.state.fail_next += [(401, {"message": "Authentication failed"})] * 3
    bot.say("วิธีใช้", user="Usecret")  # reply and push refused: errors logged and stored
    errors = []
    try:
        bot.rt.gateway_for(bot.org_id).push("U1", [{"type": "text", "text": "x"}], "k")
    except Exception as err:
        errors.append("".join(traceback.format_exception(err)))
    with transaction(bot.rt.factory) as s:
        org = s.get(Organization, bot.org_id)
        org.channel_secret, org.channel_access_token = SECRET, TOKEN
        stored = [row.last_error or "" for row in s.scalars(select(OutboxMessage))]
        shown = [repr(org), repr(bot.rt), repr(bot.rt.config), str(bot.rt.config),
                 repr(LineGateway(TOKEN, bot.standin.url)),
                 repr(bot.rt.channels.webhook_key(bot.rt.config.org_slug))]  # cached in memory
    everything = "\n".join([caplog.text, *errors, *stored, *shown])
    assert errors and stored and "401" in everything  # the failures did happen
    assert SECRET not in everything
    assert TOKEN not in everything


def test_the_separate_clock_process_delivers_on_every_database(bot):
    """The clock's own LINE clients (bot.commands.clock.gateways) are looked up inside
    delivery's write transaction; this must not wait on a second write lock."""
    with transaction(bot.rt.factory) as s:
        enqueue(s, org_id=bot.org_id, key="clock-test", to="Uclock",
                messages=[{"type": "text", "text": "แจ้งเตือน"}], purpose="alert")
    outcome: dict = {}

    def clock_once() -> None:
        outcome.update(run_jobs_at(bot.rt.factory, gateways(bot.rt.config, bot.rt.engine),
                                   bot.clock() + __import__("datetime").timedelta(days=40),
                                   bot.rt.config))

    thread = threading.Thread(target=clock_once, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "the clock is stuck waiting for its own lock"
    assert [r.body["to"] for r in bot.standin.state.sends("push")] == ["Uclock"]
