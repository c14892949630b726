"""`python -m bot simulate`: a stretch of the fiscal year on a simulated clock, with a clock
that dies and restarts, against the seed plan."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.cli import main
from bot.commands.simulate import simulate
from tests.conftest import SHARED

SEED = SHARED / "seeds" / "001_7a7829a139f420d2.txt"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="shared/seeds is not beside the repo")


def test_a_restarted_clock_sends_exactly_what_an_uninterrupted_one_sends():
    until = date(2022, 11, 8)
    plain = simulate(SEED, 2566, groups=4, members=8, until=until)
    restarted = simulate(SEED, 2566, groups=4, members=8, until=until,
                         restart_at=date(2022, 11, 1))
    assert plain["pushes"] > 10 and plain["replies"] > 0  # officers pressed buttons
    for key in ("billed_messages_per_month", "pushes", "replies", "done_at_end",
                "messages_by_purpose"):
        assert restarted[key] == plain[key], key
    assert plain["duplicates"] == restarted["duplicates"] == 0
    assert plain["deadlines_without_reminder"] == 0
    assert plain["max_billed_in_a_month"] <= 150


def test_the_command_prints_one_json_object(capsys):
    assert main(["simulate", "--plan", str(SEED), "--fiscal-year", "2566", "--until",
                 "2022-10-15", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"billed_messages_per_month", "pushes", "replies", "duplicates",
            "deadlines_without_reminder", "max_billed_in_a_month"} <= set(result)
    assert result["plan_reader"] == "importer"
