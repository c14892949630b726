"""The LINE stand-in behaves like LINE's servers towards the SDK: connections are kept
alive between calls, its own failure is a 500 (not a dropped connection), and stopping it
closes the connections it kept."""

from __future__ import annotations

import pytest

from bot.line_api import LineError, LineGateway
from bot.line_standin import StandInServer

TEXT = [{"type": "text", "text": "รับทราบครับ"}]


@pytest.fixture
def server():
    server = StandInServer().start()
    yield server
    server.stop()


def test_calls_share_one_kept_connection(server):
    gateway = LineGateway("token", server.url)
    for n in range(5):
        gateway.reply(f"token-{n}", TEXT)
    assert len(server.state.sends("reply")) == 5
    assert len(server._server.open_connections) == 1


def test_a_failure_inside_the_stand_in_is_a_500_and_the_next_call_works(server):
    gateway = LineGateway("token", server.url)

    def broken(path: str) -> None:
        raise RuntimeError("a bug in a test's hook")

    server.state.on_request = broken
    with pytest.raises(LineError) as failed:
        gateway.push("Uperson", TEXT, retry_key="00000000-0000-4000-8000-000000000001")
    assert failed.value.status == 500 and not failed.value.permanent
    server.state.on_request = None
    assert gateway.reply("token-1", TEXT).status == 200


def test_stopping_closes_the_kept_connections(server):
    gateway = LineGateway("token", server.url)
    gateway.reply("token-1", TEXT)
    server.stop()
    with pytest.raises(LineError) as failed:
        gateway.reply("token-2", TEXT)
    assert failed.value.status is None  # nobody answers any more
