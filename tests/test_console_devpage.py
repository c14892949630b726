"""Local mode: the /dev page opens the console signed in as the demo coordinator."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.app import create_app
from bot.config import load
from bot.processes import prepare
from models import Measure
from tests.console_support import csrf


@pytest.fixture
def local(db_url):
    rt = prepare(load({"DATABASE_URL": db_url}))
    yield create_app(rt).test_client()
    rt.standin.stop()


def rt_factory(client):
    return client.application.extensions["runtime"].factory


def test_the_dev_page_links_to_the_console_as_the_demo_coordinator(local):
    assert "/dev/console" in local.get("/dev").get_data(as_text=True)
    signin = local.get("/dev/console")
    assert signin.status_code == 302 and "/console/signin/" in signin.location
    answer = local.post(signin.location, data={"csrf_token": csrf(local.get(signin.location))})
    board = local.get(answer.location).get_data(as_text=True)
    with rt_factory(local)() as session:
        measures = session.scalar(select(func.count(Measure.id)))
    assert "กตัญญา พรหมมา" in board and f'id="measure-count">{measures}<' in board
