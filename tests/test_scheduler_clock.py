"""The clock process: its jobs, leadership, and the policy command."""

from __future__ import annotations

import os

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from bot.cli import main
from bot.config import load
from models.db import transaction
from scheduler.clock import build_scheduler, leader_lock
from scheduler.world import build_world

CONFIG = load({})


def test_the_clock_sweeps_every_five_minutes_and_delivers_every_fifteen_seconds_in_bangkok_time(
        factory):
    scheduler = build_scheduler(factory, lambda org_id: None, CONFIG)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"sweep", "deliver"}
    assert isinstance(jobs["sweep"].trigger, IntervalTrigger)
    assert jobs["sweep"].trigger.interval.total_seconds() == 300
    assert jobs["deliver"].trigger.interval.total_seconds() == 15
    assert str(scheduler.timezone) == "Asia/Bangkok"


def test_on_sqlite_the_one_clock_always_leads(engine):
    if engine.dialect.name == "postgresql":
        pytest.skip("SQLite only")
    with leader_lock(engine) as leading, leader_lock(engine) as also:
        assert leading and also


def test_on_postgresql_a_second_clock_waits_until_the_first_lets_go(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("needs TEST_DATABASE_URL=postgresql+psycopg://…")
    with leader_lock(engine) as first:
        assert first and first.alive()
        with leader_lock(engine) as second:
            assert not second
    with leader_lock(engine) as third:
        assert third


def test_the_policy_command_changes_and_shows_an_organizations_policy(
        db_url, factory, monkeypatch, capsys):
    with transaction(factory) as session:
        build_world(session, slug="phutthaisong", units=[])
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("MONTHLY_MESSAGE_BUDGET", raising=False)
    assert main(["policy", "--org", "phutthaisong", "--days-before", "14,3",
                 "--overdue-every", "5", "--escalate-after", "10", "--hours", "09:00-16:00",
                 "--budget", "500", "--add-holiday", "2023-05-15", "งานบุญบั้งไฟ"]) == 0
    capsys.readouterr()
    assert main(["policy", "--org", "phutthaisong", "--show"]) == 0
    shown = capsys.readouterr().out
    assert "days before the due date: 14, 3" in shown
    assert "overdue: every 5 working days" in shown
    assert "head after 10 working days overdue, executives after 20" in shown
    assert "working hours: 09:00-16:00" in shown
    assert "monthly budget: 500 billed messages; reminders and digests plan within 50% (250)" \
        in shown
    assert "15 พ.ค. 2566 (2023-05-15) งานบุญบั้งไฟ" in shown
    assert main(["policy", "--org", "phutthaisong", "--hours", "17:00-08:00"]) == 2
    assert "error: working hours must start before they end" in capsys.readouterr().err
    assert os.environ["DATABASE_URL"] == db_url
