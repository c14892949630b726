"""Migrations build the schema; a process refuses to start on an out-of-date one."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from bot.config import load
from bot.processes import prepare
from models.db import current_revision, head_revision, make_engine, upgrade


def test_upgrade_on_an_empty_database_builds_every_table(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    tables = set(inspect(engine).get_table_names())
    assert {"organizations", "tasks", "status_changes", "inbox_events", "outbox_messages",
            "sent_messages", "invites", "chat_groups", "memberships"} <= tables
    assert current_revision(engine) == head_revision()


def test_the_app_refuses_to_start_on_an_old_schema_and_names_the_fix(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0001")
    if head_revision() == "0001":
        pytest.skip("only one migration so far")
    with pytest.raises(SystemExit):
        prepare(load({"DATABASE_URL": url, "LINE_CHANNEL_SECRET": "s",
                      "LINE_CHANNEL_ACCESS_TOKEN": "t"}))
    assert "python -m bot db upgrade" in capsys.readouterr().err


def test_the_app_refuses_to_start_on_an_empty_database(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    with pytest.raises(SystemExit):
        prepare(load({"DATABASE_URL": url, "LINE_CHANNEL_SECRET": "s",
                      "LINE_CHANNEL_ACCESS_TOKEN": "t"}))
    assert "python -m bot db upgrade" in capsys.readouterr().err
