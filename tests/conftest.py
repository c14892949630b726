"""Shared fixtures: a real database (SQLite file, or PostgreSQL when TEST_DATABASE_URL is set)
and the local LINE stand-in driven through the real line-bot-sdk client."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.line_api import LineGateway
from bot.line_standin import LineStandIn, StandInServer
from models import Base
from models.db import make_engine, make_sessionmaker, upgrade

SHARED = Path(__file__).resolve().parents[2] / "shared"
PG_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Fail any test that tries to reach beyond this machine."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "localhost", "::1") and "/" not in host:
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory) -> str:
    if PG_URL:
        engine = make_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        upgrade(PG_URL)
        return PG_URL
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return str(path)


@pytest.fixture
def db_url(_migrated_template, tmp_path) -> str:
    """A migrated, empty database for one test."""
    if PG_URL:
        engine = make_engine(PG_URL)
        with engine.begin() as conn:  # DELETE is far quicker than TRUNCATE on small tables
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
        engine.dispose()
        return PG_URL
    path = tmp_path / "test.sqlite3"
    shutil.copy(_migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine):
    return make_sessionmaker(engine)


@pytest.fixture(scope="session")
def _standin_server():
    server = StandInServer().start()
    yield server
    server.stop()


@pytest.fixture
def standin(_standin_server):
    """The LINE stand-in with nothing recorded, as if the platform were new."""
    _standin_server.state = LineStandIn()
    return _standin_server


@pytest.fixture
def gateway(standin):
    gw = LineGateway("test-access-token", standin.url)
    yield gw
    gw.close()


@pytest.fixture
def bot(db_url, standin):
    from tests.harness import Harness

    return Harness(db_url, standin)


@pytest.fixture
def demo_bot(bot):
    """The bot with the demo organization's units, people, groups and plan loaded."""
    from bot.demo import load_demo
    from models.db import transaction

    with transaction(bot.rt.factory) as session:
        load_demo(session, bot.org(session), bot.clock().astimezone(bot.rt.config.tz).date())
    return bot
