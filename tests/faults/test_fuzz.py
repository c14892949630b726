"""The quick part of the fault suite's fuzzer: a few hundred correctly signed, mutated bodies
(benchmarks/faults/run.py --long runs tens of thousands against gunicorn).

Whatever a signed body holds, LINE must get a 200, the body must be in the inbox, and the
worker must get through all of it without an error escaping or an event left pending."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from models import InboxEvent
from tests.conftest import SHARED
from tests.faults.fuzz import bodies, expected_keys

QUICK_BODIES = 250

pytestmark = pytest.mark.skipif(not (SHARED / "line_fixtures").exists(),
                                reason="needs shared/line_fixtures")


def test_hundreds_of_hostile_signed_bodies_are_all_stored_answered_200_and_worked_through(bot):
    statuses: Counter = Counter()
    expected: set[str] = set()
    for body in bodies(QUICK_BODIES, seed=9):
        statuses[bot.post(body).status_code] += 1
        expected |= expected_keys(body)
    assert statuses == {200: QUICK_BODIES}

    with bot.rt.factory() as s:
        stored = set(s.scalars(select(InboxEvent.webhook_event_id)))
    assert expected - stored == set()

    bot.work()  # raises if an error escapes the worker
    with bot.rt.factory() as s:
        by_status = dict(s.execute(select(InboxEvent.status, func.count())
                                   .group_by(InboxEvent.status)).all())
        reasons = s.scalars(select(InboxEvent.error).where(InboxEvent.status == "unreadable"))
        assert all(reasons), "every unreadable event says why"
    assert "failed" not in by_status and "pending" not in by_status, by_status
    assert by_status.get("handled", 0) > 0 and by_status.get("unreadable", 0) > 0
