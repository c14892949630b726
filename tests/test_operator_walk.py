"""The operator's walk from the README's production section, end to end: two organizations
added with the command line, a plan imported and people registered in each, each
organization's webhook traffic signed with its own secret (the other's refused), reminders
brought due with `clock --once --at`, each sent to its own group with its own token, and
/metrics showing both. The web app, worker and clock run in-process against the test
database (SQLite, or PostgreSQL with TEST_DATABASE_URL) and the LINE stand-in."""

from __future__ import annotations

import base64
import gc
import hashlib
import hmac
import io
import itertools
import json
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.app import create_app
from bot.cli import main
from bot.config import load
from bot.processes import prepare
from bot.worker import handle_next
from operations.secrets import new_key
from tests.conftest import PG_URL, SHARED

REPO = Path(__file__).resolve().parents[1]
METRICS_TOKEN = "walk-metrics-token-0123456789"
_ids = itertools.count(1)


@dataclass(frozen=True)
class Org:
    slug: str
    name: str
    secret: str
    token: str
    seed: str  # a real measures report from shared/seeds
    group: str  # the LINE group of its กองคลัง


NONGTAKAI = Org("nongtakai", "อบต.หนองตะไก่", "aaaa1111aaaa1111aaaa1111aaaa1111",
                "tokenA-walk-long-lived-0123456789abcdef", "004_b92fa75181e7cfcb.txt",
                "Cfinance0nongtakai")
BANMAI = Org("banmai", "อบต.บ้านใหม่", "bbbb2222bbbb2222bbbb2222bbbb2222",
             "tokenB-walk-long-lived-fedcba9876543210", "001_7a7829a139f420d2.txt",
             "Cfinance0banmai")
ORGS = (NONGTAKAI, BANMAI)


def cli(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    """`python -m bot …` as the operator types it; (exit code, stdout, stderr)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def signed(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def text_event(text: str, user: str, group: str | None = None) -> bytes:
    n = next(_ids)
    source = {"type": "group", "groupId": group, "userId": user} if group else \
        {"type": "user", "userId": user}
    return json.dumps({"destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
        "source": source, "webhookEventId": f"01WALK{n:020d}",
        "deliveryContext": {"isRedelivery": False}, "replyToken": f"walk-reply-{n}",
        "message": {"id": str(10**12 + n), "type": "text", "text": text, "quoteToken": "q"},
    }]}, ensure_ascii=False).encode()


@pytest.fixture
def operator_env(monkeypatch, db_url, standin):
    """The environment of the README: DATABASE_URL, SECRET_KEY, METRICS_TOKEN, the LINE
    client pointed at the stand-in, no LINE_CHANNEL_* (every organization is `org add`ed)."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SECRET_KEY", new_key())
    monkeypatch.setenv("METRICS_TOKEN", METRICS_TOKEN)
    monkeypatch.setenv("LINE_API_BASE_URL", standin.url)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://bot.example.go.th")
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "ORG_SLUG", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    return db_url


def test_two_organizations_from_a_fresh_database_to_reminders_and_metrics(
        operator_env, monkeypatch, capsys, standin):
    # release: the schema (already there in a test database: it says so and succeeds)
    code, out, err = cli(monkeypatch, capsys, "db", "upgrade")
    assert code == 0 and "latest" in out, err

    # org add: secrets from standard input, never echoed; the webhook URL to paste in LINE
    for org in ORGS:
        code, out, err = cli(monkeypatch, capsys, "org", "add", "--slug", org.slug, "--name",
                             org.name, "--channel-secret", "-", "--access-token", "-",
                             stdin=f"{org.secret}\n{org.token}\n")
        assert code == 0, err
        assert f"webhook URL: https://bot.example.go.th/callback/{org.slug}" in out
        assert org.secret not in out + err and org.token not in out + err
        assert "note:" not in err  # a well-formed secret and an https URL: nothing to warn

    # a plan for each, from a real measures report
    for org in ORGS:
        code, out, err = cli(monkeypatch, capsys, "import", str(SHARED / "seeds" / org.seed),
                             "--org", org.slug)
        assert code == 0, err
        assert "บันทึกแล้ว" in out

    # invite codes for a head of กองคลัง and for binding its group, in each organization
    codes = {}
    for org in ORGS:
        for kind, extra in (("head", ["--role", "head"]), ("bind", ["--bind"])):
            code, out, err = cli(monkeypatch, capsys, "invite", "--org", org.slug,
                                 "--unit", "กองคลัง", *extra)
            assert code == 0, err
            codes[org.slug, kind] = out.split()[0]

    # web + worker in-process, as gunicorn's bot.wsgi and `python -m bot worker` build them
    rt = prepare(load())
    client = create_app(rt).test_client()

    def post(org: Org, body: bytes, secret: str | None = None):
        return client.post(f"/callback/{org.slug}", data=body, headers={
            "Content-Type": "application/json",
            "X-Line-Signature": signed(body, secret or org.secret)})

    other = {NONGTAKAI.slug: BANMAI, BANMAI.slug: NONGTAKAI}
    for org in ORGS:
        head = f"Uhead0{org.slug}"
        refused = post(org, text_event(f"ลงทะเบียน {codes[org.slug, 'head']}", head),
                       secret=other[org.slug].secret)
        assert refused.status_code == 400  # the other organization's secret
        assert post(org, text_event(f"ลงทะเบียน {codes[org.slug, 'head']}", head)).status_code == 200
        assert post(org, text_event(f"ผูกกลุ่ม {codes[org.slug, 'bind']}", head,
                                    group=org.group)).status_code == 200
    while handle_next(rt):
        pass

    replies = standin.state.sends("reply")
    for org in ORGS:
        mine = [r for r in replies if r.headers["Authorization"] == f"Bearer {org.token}"]
        texts = [m.get("text", "") for r in mine for m in r.messages]
        assert any(t.startswith("ลงทะเบียนเรียบร้อย") for t in texts), texts
        assert any(t.startswith("ผูกกลุ่มนี้กับกองคลัง") for t in texts), texts
    assert len(replies) == 4  # nothing answered for the refused bodies

    # the clock, moved into the plans' fiscal year so reminders come due
    standin.state.clear()
    code, out, err = cli(monkeypatch, capsys, "clock", "--once", "--at", "2023-01-26T09:00")
    assert code == 0, err
    counts = json.loads(out)
    assert counts["reminders"] == 2 and counts["sent"] >= 2, counts
    pushes = standin.state.sends("push")
    for org in ORGS:
        to_group = [r for r in pushes if r.body["to"] == org.group]
        assert to_group, f"no reminder reached {org.slug}'s group"
        for r in to_group:
            assert r.headers["Authorization"] == f"Bearer {org.token}"
            assert any("เตือนงาน" in (m.get("text") or m.get("altText") or "")
                       for m in r.messages)
    assert {r.body["to"] for r in pushes if r.body["to"].startswith("C")} == \
        {org.group for org in ORGS}

    # /metrics with the token names both organizations; /healthz is well
    assert client.get("/metrics").status_code == 401
    scraped = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert scraped.status_code == 200
    samples = [s for family in text_string_to_metric_families(scraped.get_data(as_text=True))
               for s in family.samples]
    handled = {s.labels["org"]: s.value for s in samples
               if s.name == "ita_inbox_events" and s.labels.get("status") == "handled"}
    assert handled == {"nongtakai": 2, "banmai": 2}
    received = {s.labels["org"] for s in samples if s.name == "ita_webhook_events_received_total"}
    assert received >= {"nongtakai", "banmai"}
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["database"] == "ok"
    assert health.json["inbox_backlog"] == 0


@pytest.mark.parametrize("stdin, exit_code, says", [
    ("tokenA-walk-long-lived-0123456789abcdef" * 3 + "\nsecret\n", 2,
     "looks like the access token"),  # the two lines swapped: refused
    ("short-secret\ntoken-0001\n", 0, "note: a LINE channel secret is 32 characters"),
])
def test_org_add_catches_a_secret_that_cannot_be_right(operator_env, monkeypatch, capsys,
                                                       stdin, exit_code, says):
    code, out, err = cli(monkeypatch, capsys, "org", "add", "--slug", "napho", "--name", "นาโพธิ์",
                         "--channel-secret", "-", "--access-token", "-", stdin=stdin)
    assert code == exit_code
    assert says in err and len(err.strip().splitlines()) == 1
    assert stdin.split()[0] not in out + err


def test_org_add_says_when_the_webhook_url_is_not_https(operator_env, monkeypatch, capsys):
    monkeypatch.delenv("PUBLIC_BASE_URL")
    code, out, err = cli(monkeypatch, capsys, "org", "add", "--slug", "napho", "--name", "นาโพธิ์",
                         "--channel-secret", "-", "--access-token", "-",
                         stdin=f"{NONGTAKAI.secret}\n{NONGTAKAI.token}\n")
    assert code == 0 and "webhook URL: http://127.0.0.1:8000/callback/napho" in out
    assert "PUBLIC_BASE_URL" in err and "https://" in err


def test_rotate_secret_makes_webhooks_signed_with_the_new_one_accepted(operator_env, monkeypatch,
                                                                       capsys):
    cli(monkeypatch, capsys, "org", "add", "--slug", NONGTAKAI.slug, "--name", NONGTAKAI.name,
        "--channel-secret", "-", "--access-token", "-",
        stdin=f"{NONGTAKAI.secret}\n{NONGTAKAI.token}\n")
    client = create_app(prepare(load())).test_client()
    new_secret = "cccc3333cccc3333cccc3333cccc3333"
    code, out, err = cli(monkeypatch, capsys, "org", "rotate-secret", NONGTAKAI.slug,
                         "--channel-secret", "-", stdin=f"{new_secret}\n")
    assert code == 0 and new_secret not in out + err, err
    body = text_event("วิธีใช้", "Uanyone")
    for secret, status in ((NONGTAKAI.secret, 400), (new_secret, 200)):
        assert client.post(f"/callback/{NONGTAKAI.slug}", data=body, headers={
            "X-Line-Signature": signed(body, secret)}).status_code == status


@pytest.mark.parametrize("argv", [
    ("org", "list"),
    ("person", "export", "--line-user", "Uanyone"),
    ("invite", "--role", "coordinator"),
])
def test_commands_on_a_database_never_migrated_say_what_to_run(monkeypatch, capsys, tmp_path,
                                                               argv):
    if PG_URL:
        pytest.skip("an empty database of its own: a new SQLite file")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.sqlite3'}")
    monkeypatch.setenv("SECRET_KEY", new_key())
    code, out, err = cli(monkeypatch, capsys, *argv)
    assert code == 1 and out == ""
    assert err.strip() == ("error: the database has no tables yet (or is older than this code):"
                           " run `python -m bot db upgrade` first")


def test_import_refuses_an_organization_that_was_never_added(operator_env, monkeypatch, capsys):
    code, out, err = cli(monkeypatch, capsys, "import", str(SHARED / "seeds" / BANMAI.seed),
                         "--org", "banmia")
    assert code == 2 and "org add" in err and "บันทึกแล้ว" not in out
    assert cli(monkeypatch, capsys, "org", "list")[1] == ""  # no organization was made


def test_a_second_restore_keeps_the_first_ones_copy(monkeypatch, capsys, tmp_path):
    if PG_URL:
        pytest.skip("SQLite backup and restore")
    live = tmp_path / "ita.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{live}")
    monkeypatch.setenv("SECRET_KEY", new_key())
    assert cli(monkeypatch, capsys, "db", "upgrade")[0] == 0
    assert cli(monkeypatch, capsys, "backup", str(tmp_path / "empty.sqlite3"))[0] == 0
    code, _, err = cli(monkeypatch, capsys, "org", "add", "--slug", "napho", "--name", "นาโพธิ์",
                       "--channel-secret", "-", "--access-token", "-",
                       stdin=f"{NONGTAKAI.secret}\n{NONGTAKAI.token}\n")
    assert code == 0, err
    kept = []
    for _ in range(2):
        gc.collect()  # the bot is stopped: no connection of an earlier command stays open
        code, out, err = cli(monkeypatch, capsys, "restore", str(tmp_path / "empty.sqlite3"))
        assert code == 0, err
        kept.append(out.split("kept as ")[1].split(")")[0])
        with sqlite3.connect(live) as restored:
            assert restored.execute("SELECT slug FROM organizations").fetchall() == []
        restored.close()
    assert kept == [f"{live}.before", f"{live}.before-2"]
    with sqlite3.connect(kept[0]) as first:  # still the database from before any restore
        assert first.execute("SELECT slug FROM organizations").fetchall() == [("napho",)]


def test_metrics_add_up_what_the_worker_and_clock_processes_counted(operator_env, monkeypatch,
                                                                    tmp_path):
    """Under the Procfile the worker and the clock call LINE, not web: with
    PROMETHEUS_MULTIPROC_DIR shared, web's /metrics shows what they counted."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    counting = ("from operations.metrics import EVENTS_HANDLED, line_call\n"
                "EVENTS_HANDLED.labels('handled').inc(3)\n"
                "line_call('push', 0.2, 429, False)\n")
    for _ in range(2):  # a worker and a clock, each its own process
        subprocess.run([sys.executable, "-c", counting], check=True, cwd=REPO)
    client = create_app(prepare(load())).test_client()
    scraped = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(scraped.get_data(as_text=True))
               for s in family.samples}
    assert samples[("ita_events_handled_total", (("outcome", "handled"),))] == 6
    assert samples[("ita_line_errors_total", (("status", "429"),))] == 2
    assert samples[("ita_line_send_seconds_count", (("kind", "push"),))] == 2


def test_a_secret_typed_on_the_command_line_is_accepted_with_a_warning(operator_env,
                                                                       monkeypatch, capsys):
    code, out, err = cli(monkeypatch, capsys, "org", "add", "--slug", "napho", "--name", "นาโพธิ์",
                         "--channel-secret", NONGTAKAI.secret, "--access-token", "-",
                         stdin=f"{NONGTAKAI.token}\n")
    assert code == 0
    assert "shell history" in err and NONGTAKAI.secret not in out + err
