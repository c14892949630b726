"""Local mode keeps one "now" and the /dev chat across restarts, and the command line says
how to start (issue 12, items 4 and 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import create_app
from bot.config import load
from bot.local_clock import local_now
from bot.processes import prepare
from bot.worker import handle_next

ROOT = Path(__file__).resolve().parents[1]
OFFICER = "Udemo0officer0finance"


def start(db_url):
    rt = prepare(load({"DATABASE_URL": db_url}))
    return rt, create_app(rt).test_client()


def test_the_moved_clock_and_the_chat_survive_a_restart(db_url):
    rt, client = start(db_url)
    try:
        moved = client.post("/dev/clock", json={"month": 1}).json
        client.post("/dev/say", json={"user": OFFICER, "text": "งานของฉัน"})
        while handle_next(rt):
            pass
        before = client.get(f"/dev/log?user={OFFICER}").json
        assert [e["kind"] for e in before["entries"]] == ["me", "reply"]
    finally:
        rt.standin.stop()
    rt, client = start(db_url)  # a restart: a new process would start just like this
    try:
        after = client.get(f"/dev/log?user={OFFICER}").json
        assert after["now"][:10] == moved["now"][:10]  # still the moved day, not today
        assert [e["kind"] for e in after["entries"]] == ["me", "reply"]
        assert after["entries"][0]["text"] == "งานของฉัน" and after["entries"][0]["mine"]
        assert "พ.ศ." not in after["now_thai"] and " 25" in after["now_thai"]  # B.E. year
        # The command line reads the same clock: a code it prints now is not "expired".
        assert abs(local_now(rt.factory, True) - rt.now()) < timedelta(seconds=5)
        back = client.post("/dev/clock", json={"reset": True}).json
        assert back["now"][:10] != moved["now"][:10]
    finally:
        rt.standin.stop()


def test_an_invite_printed_after_moving_the_clock_is_accepted_on_the_page(db_url):
    rt, client = start(db_url)
    try:
        client.post("/dev/clock", json={"days": 40})
        env = {k: v for k, v in os.environ.items() if not k.startswith("LINE_")}
        env["DATABASE_URL"] = db_url
        code = subprocess.run([sys.executable, "-m", "bot", "invite", "--unit", "กองคลัง"],
                              cwd=ROOT, env=env, capture_output=True, text=True,
                              check=True).stdout.split()[0]
        client.post("/dev/say", json={"user": "Udemo0newcomer", "text": f"ลงทะเบียน {code}"})
        while handle_next(rt):
            pass
        [reply] = client.get("/dev/log?user=Udemo0newcomer").json["entries"][-1]["messages"]
        assert "ลงทะเบียนเรียบร้อยครับ คุณมานพ ศรีสุข" in reply["text"]
    finally:
        rt.standin.stop()


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "http://127.0.0.1:8000/dev"),
    ({"PORT": "8123"}, "http://127.0.0.1:8123/dev"),
    ({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}, "/callback"),
])
def test_python_m_bot_alone_says_how_to_start(env, expected):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LINE_") and k != "PORT"}
    out = subprocess.run([sys.executable, "-m", "bot"], cwd=ROOT, env={**clean, **env},
                         capture_output=True, text=True)
    assert out.returncode == 2 and expected in out.stdout
