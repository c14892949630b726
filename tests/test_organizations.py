"""Organizations added from the command line: their LINE secrets are encrypted at rest,
each gets its own webhook URL and secret, and a wrong key stops start-up with one line."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import time
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import select, text

from bot.cli import main
from bot.config import load
from bot.processes import prepare
from models import InboxEvent, Organization
from operations.secrets import new_key
from tests.harness import sign

KEY = new_key()
SECRET_A = "a1a1a1a1secretofnongtakai0000000"
TOKEN_A = "tokenA-long-lived-0123456789abcdefghijklmnopqrstuvwxyz"
SECRET_B = "b2b2b2b2secretofbanmai0000000000"
TOKEN_B = "tokenB-long-lived-zyxwvutsrqponmlkjihgfedcba9876543210"


def cli(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def env(monkeypatch, db_url, standin):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SECRET_KEY", KEY)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://bot.example.go.th")
    monkeypatch.setenv("LINE_API_BASE_URL", standin.url)
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "ORG_SLUG"):
        monkeypatch.delenv(name, raising=False)
    return db_url


@pytest.fixture
def two_orgs(env, monkeypatch, capsys):
    for slug, name, secret, token in (("nongtakai", "อบต.หนองตะไก่", SECRET_A, TOKEN_A),
                                      ("banmai", "อบต.บ้านใหม่", SECRET_B, TOKEN_B)):
        code, out, err = cli(monkeypatch, capsys, "org", "add", "--slug", slug, "--name", name,
                             "--channel-secret", "-", "--access-token", "-",
                             stdin=f"{secret}\n{token}\n")
        assert code == 0, err
        assert f"https://bot.example.go.th/callback/{slug}" in out
        assert secret not in out + err and token not in out + err
    return env


@pytest.fixture
def app(two_orgs, standin):
    rt = prepare(load())
    return rt, rt.config, create_client(rt)


def create_client(rt):
    from bot.app import create_app

    return create_app(rt).test_client()


def event(text_: str, user: str, n: int) -> dict:
    return {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
            "replyToken": f"r{n}",
            "webhookEventId": f"01ORG{n:021d}", "deliveryContext": {"isRedelivery": False},
            "source": {"type": "user", "userId": user},
            "message": {"id": str(n), "type": "text", "text": text_, "quoteToken": "q"}}


def post(client, slug: str, body: bytes, secret: str):
    return client.post(f"/callback/{slug}", data=body, headers={
        "Content-Type": "application/json", "X-Line-Signature": sign(body, secret)})


def test_org_list_shows_each_webhook_url_and_never_a_secret(two_orgs, monkeypatch, capsys):
    code, out, _ = cli(monkeypatch, capsys, "org", "list")
    assert code == 0
    assert "https://bot.example.go.th/callback/nongtakai" in out
    assert "https://bot.example.go.th/callback/banmai" in out
    assert SECRET_A not in out and TOKEN_A not in out


def test_secrets_are_not_readable_in_the_database_or_the_logs(app, caplog, standin):
    rt, _, client = app
    caplog.set_level(logging.DEBUG)
    body = json.dumps({"destination": "U", "events": [event("วิธีใช้", "Uaaa", 1)]}).encode()
    assert post(client, "nongtakai", body, SECRET_A).status_code == 200
    from bot.worker import handle_next

    assert handle_next(rt)
    assert standin.state.sends(), "the answer reached LINE"
    dump = database_dump(rt.engine)
    for secret in (SECRET_A, TOKEN_A, SECRET_B, TOKEN_B):
        assert secret not in dump
        assert secret not in caplog.text


def database_dump(engine) -> str:
    """Every stored value as text (the SQLite file's bytes, or every PostgreSQL row)."""
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database)
        files = [path, Path(f"{path}-wal")]
        return "".join(p.read_bytes().decode("latin-1") for p in files if p.exists())
    with engine.connect() as conn:
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname='public'"))
        return "".join(str(conn.execute(text(f'SELECT * FROM "{t}"')).all()) for (t,) in tables)


def test_each_organization_has_its_own_webhook_and_secret(app, standin):
    rt, _, client = app
    body = json.dumps({"destination": "U", "events": [event("วิธีใช้", "Ubbb", 2)]}).encode()
    assert post(client, "banmai", body, SECRET_A).status_code == 400  # the other org's secret
    assert post(client, "banmai", body, SECRET_B).status_code == 200
    assert post(client, "nosuch", body, SECRET_B).status_code == 404
    from bot.worker import handle_next

    assert handle_next(rt)
    with rt.factory() as s:
        stored = s.scalar(select(InboxEvent))
        assert s.get(Organization, stored.org_id).slug == "banmai"
    reply = standin.state.sends("reply")[-1]
    assert reply.headers["Authorization"] == f"Bearer {TOKEN_B}"  # answered as บ้านใหม่


def test_a_disabled_organization_gets_no_webhook(app, monkeypatch, capsys):
    _, _, client = app
    assert cli(monkeypatch, capsys, "org", "disable", "banmai")[0] == 0
    body = json.dumps({"destination": "U", "events": [event("วิธีใช้", "Ubbb", 3)]}).encode()
    assert post(client, "banmai", body, SECRET_B).status_code == 404
    assert cli(monkeypatch, capsys, "org", "enable", "banmai")[0] == 0
    assert post(client, "banmai", body, SECRET_B).status_code == 200


def test_a_webhook_secret_is_read_again_after_its_ttl_so_disabling_takes_effect(app, monkeypatch,
                                                                             capsys):
    """The webhook keeps each secret in memory (bot.channels.WEBHOOK_KEY_TTL); `org disable`,
    from another process, reaches it when that time is up."""
    from bot.channels import WEBHOOK_KEY_TTL

    rt, _, client = app
    clock = [1000.0]
    rt.channels.monotonic = lambda: clock[0]
    bodies = [json.dumps({"destination": "U", "events": [event("วิธีใช้", "Ubbb", 10 + i)]})
              .encode() for i in range(3)]
    assert post(client, "banmai", bodies[0], SECRET_B).status_code == 200
    assert cli(monkeypatch, capsys, "org", "disable", "banmai")[0] == 0
    clock[0] += WEBHOOK_KEY_TTL - 0.1
    assert post(client, "banmai", bodies[1], SECRET_B).status_code == 200  # still trusted
    clock[0] += 0.2
    assert post(client, "banmai", bodies[2], SECRET_B).status_code == 404
    assert WEBHOOK_KEY_TTL <= 10


@pytest.mark.parametrize("secret_key, says", [
    ("", "SECRET_KEY is not set"),
    (new_key(), "SECRET_KEY cannot decrypt"),
    ("not-a-key", "SECRET_KEY is not a list of Fernet keys"),
])
def test_a_missing_or_wrong_key_stops_start_up_with_one_line(two_orgs, monkeypatch, capsys,
                                                             secret_key, says):
    config = dataclasses.replace(load(), secret_key=secret_key or None)
    capsys.readouterr()
    with pytest.raises(SystemExit):
        prepare(config)
    err = capsys.readouterr().err.strip()
    assert says in err and len(err.splitlines()) == 1


def test_rotating_the_key_keeps_every_secret_readable(two_orgs, monkeypatch, capsys, app):
    newer = new_key()
    monkeypatch.setenv("SECRET_KEY", f"{newer},{KEY}")
    code, out, _ = cli(monkeypatch, capsys, "org", "rekey")
    assert code == 0 and "2 organization" in out
    monkeypatch.setenv("SECRET_KEY", newer)  # the old key is gone
    rt = prepare(load())
    body = json.dumps({"destination": "U", "events": [event("วิธีใช้", "Uaaa", 4)]}).encode()
    assert post(create_client(rt), "nongtakai", body, SECRET_A).status_code == 200


def test_rotate_token_replaces_the_access_token(app, monkeypatch, capsys, standin):
    code, _, err = cli(monkeypatch, capsys, "org", "rotate-token", "nongtakai",
                       "--access-token", "-", stdin="brand-new-token-0001\n")
    assert code == 0, err
    rt = prepare(load())
    rt.gateway_for(org_id(rt, "nongtakai")).push("Uaaa", [{"type": "text", "text": "x"}], "k1")
    assert standin.state.sends("push")[-1].headers["Authorization"] == "Bearer brand-new-token-0001"


def org_id(rt, slug: str) -> int:
    with rt.factory() as s:
        return s.scalar(select(Organization.id).where(Organization.slug == slug))


def test_short_lived_tokens_are_issued_and_renewed_before_they_expire(env, monkeypatch, capsys,
                                                                     standin, tmp_path):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    standin.state.assertion_keys["kid-1"] = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
    key_file = tmp_path / "assertion.jwk"
    key_file.write_text(RSAAlgorithm.to_jwk(private))
    code, _, err = cli(monkeypatch, capsys, "org", "add", "--slug", "napho", "--name",
                       "อบต.นาโพธิ์", "--channel-secret", "-", "--channel-id", "1650000001",
                       "--assertion-kid", "kid-1", "--assertion-key", f"@{key_file}",
                       stdin="napho-secret-000000000000000000\n")
    assert code == 0, err
    rt = prepare(load())
    clock = [rt.now()]
    rt.now = lambda: clock[0]
    rt._channels = None
    gateway = rt.gateway_for(org_id(rt, "napho"))
    gateway.push("Uaaa", [{"type": "text", "text": "x"}], "k1")
    assert standin.state.issued_tokens == ["standin-v21-1650000001-1"]
    assert standin.state.sends("push")[-1].headers["Authorization"] == \
        "Bearer standin-v21-1650000001-1"
    clock[0] += timedelta(days=10)  # still valid: the same token
    rt.gateway_for(org_id(rt, "napho")).push("Uaaa", [{"type": "text", "text": "y"}], "k2")
    assert len(standin.state.issued_tokens) == 1
    clock[0] += timedelta(days=19, hours=1)  # within a day of expiry: renewed
    rt.gateway_for(org_id(rt, "napho")).push("Uaaa", [{"type": "text", "text": "z"}], "k3")
    assert standin.state.sends("push")[-1].headers["Authorization"] == \
        "Bearer standin-v21-1650000001-2"
    rt.channels.wait_for_stores()
    assert "napho-secret" not in database_dump(rt.engine)
    assert "standin-v21" not in database_dump(rt.engine)


@pytest.mark.parametrize("disabled, reminded", [(False, True), (True, False)])
def test_a_disabled_organization_gets_no_reminders(factory, gateway, disabled, reminded):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from models import OutboxMessage
    from models.db import transaction
    from operations.organizations import set_disabled
    from scheduler.clock import run_jobs_at
    from scheduler.world import add_task, build_world

    now = datetime(2023, 1, 31, 8, 30, tzinfo=ZoneInfo("Asia/Bangkok"))
    with transaction(factory) as session:
        world = build_world(session, slug="napho", units=["กองคลัง"])
        add_task(session, world, "กองคลัง", "รายงานการเงิน", date(2023, 1, 31), refs=["o1"])
        set_disabled(session, "napho", disabled, now)
    run_jobs_at(factory, lambda org_id: gateway, now, load({}))
    with factory() as session:
        assert bool(session.scalars(select(OutboxMessage)).all()) is reminded
