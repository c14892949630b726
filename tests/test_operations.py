"""An operator answers a person's PDPA requests, old webhook bodies are deleted on time,
and a SQLite database is backed up while running and restored."""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.cli import main
from models import InboxEvent, OutboxMessage, Person, StatusChange
from models.db import transaction
from operations.retention import purge_inbox

FINANCE = "Udemo0officer0finance"


@pytest.fixture
def cli(monkeypatch, capsys, demo_bot):
    monkeypatch.setenv("DATABASE_URL", demo_bot.rt.config.database_url)

    def call(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return call


def test_export_gives_a_person_everything_stored_about_them(demo_bot, cli):
    demo_bot.say("o12 เสร็จแล้ว https://example.go.th/o12.pdf", user=FINANCE)
    code, out, _ = cli("person", "export", "--line-user", FINANCE)
    assert code == 0
    [org] = json.loads(out)["organizations"]
    assert org["person"]["display_name"]
    assert {r["role"] for r in org["roles"]} == {"officer"}
    [change] = org["status_changes"]
    assert change["to"] == "done" and change["evidence"] == ["https://example.go.th/o12.pdf"]
    # what they sent and were sent, as JSON objects (not strings of escaped JSON)
    assert org["webhook_events"][0]["body"]["message"]["text"].startswith("o12 เสร็จแล้ว")
    [answer] = org["messages_sent_to_them"]
    assert answer["messages"][0]["type"] == "text", "the bot's answer to them"


def test_forget_removes_name_and_line_id_but_keeps_the_anonymized_record(demo_bot, cli):
    demo_bot.say("o12 เสร็จแล้ว https://example.go.th/o12.pdf", user=FINANCE)
    with demo_bot.rt.factory() as s:
        name = s.scalar(select(Person.display_name).where(Person.line_user_id == FINANCE))
    assert cli("person", "forget", "--line-user", FINANCE)[0] == 2  # needs --yes
    code, out, _ = cli("person", "forget", "--line-user", FINANCE, "--yes")
    assert code == 0 and "1 organization" in out
    with demo_bot.rt.factory() as s:
        [change] = s.scalars(select(StatusChange)).all()
        person = s.get(Person, change.person_id)
        assert person.line_user_id.startswith("forgotten:") and person.display_name == ""
        assert change.to_status == "done" and change.urls  # the official record stays
        stored = " ".join(s.scalars(select(InboxEvent.body)).all())
        stored += " ".join(f"{m.to} {m.messages}" for m in s.scalars(select(OutboxMessage)))
    assert FINANCE not in stored and name not in stored
    assert cli("person", "export", "--line-user", FINANCE)[0] == 1  # nothing left
    # a forgotten person writing again is a stranger: asked to register
    assert any("ลงทะเบียน" in t for t in demo_bot.say("o12 เสร็จแล้ว", user=FINANCE))


@pytest.mark.parametrize("age_days, status, kept", [
    (91, "handled", False),
    (91, "failed", False),
    (91, "pending", True),  # never delete what still waits
    (89, "handled", True),
])
def test_retention_deletes_old_handled_events(bot, age_days, status, kept):
    now = bot.clock()
    with transaction(bot.rt.factory) as s:
        s.add(InboxEvent(org_id=bot.org_id, webhook_event_id="e1", body="{}", status=status,
                         received_at=now - timedelta(days=age_days)))
    with transaction(bot.rt.factory) as s:
        purge_inbox(s, now, bot.rt.config.inbox_retention_days)
    with bot.rt.factory() as s:
        assert s.scalar(select(func.count()).select_from(InboxEvent)) == (1 if kept else 0)


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite backup")
def test_backup_while_running_and_restore(demo_bot, cli, tmp_path):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    backup = tmp_path / "backups" / "ita.sqlite3"
    code, out, _ = cli("backup", str(backup))
    assert code == 0 and backup.exists() and "bytes" in out
    assert cli("backup", str(backup))[0] == 1  # never overwrites
    demo_bot.person("Uafter0backup", "officer", None)  # registered after the backup
    with demo_bot.rt.factory() as s:
        assert s.scalar(select(Person.id).where(Person.line_user_id == "Uafter0backup"))
    demo_bot.rt.engine.dispose()
    code, _, err = cli("restore", str(backup))
    assert code == 0, err
    with demo_bot.rt.factory() as s:
        assert s.scalar(select(func.count()).select_from(StatusChange)) == 1
        assert not s.scalar(select(Person.id).where(Person.line_user_id == "Uafter0backup"))
    garbage = tmp_path / "not-a-db"
    garbage.write_text("hello")
    assert cli("restore", str(garbage))[0] == 1


def test_json_logs_name_the_organization_and_event_and_hide_tokens(demo_bot):
    import io
    import logging
    from unittest import mock

    from operations.jsonlog import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    try:
        event = demo_bot.event(text="o12 เสร็จแล้ว", user=FINANCE)
        with mock.patch("bot.answering.dispatch",
                        side_effect=RuntimeError("LINE said no to Bearer abcdefghijklmnop123")):
            demo_bot.deliver(event)
    finally:
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    [failed] = [entry for entry in lines if entry["message"].startswith("event ")]
    assert failed["org"] == "default" and failed["event"] == event["webhookEventId"]
    assert failed["level"] == "error"
    assert "abcdefghijklmnop123" not in stream.getvalue()
