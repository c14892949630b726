"""The local /dev chat page goes through the real path, and exists only in local mode."""

from __future__ import annotations

import pytest

from bot.app import create_app
from bot.config import load
from bot.processes import prepare
from bot.worker import handle_next


@pytest.fixture
def local(db_url):
    rt = prepare(load({"DATABASE_URL": db_url}))
    yield rt, create_app(rt).test_client()
    rt.standin.stop()


def test_the_page_lets_you_pick_who_you_are_and_which_chat(local):
    _, client = local
    html = client.get("/dev").get_data(as_text=True)
    assert "เจ้าหน้าที่ กองคลัง" in html and "กลุ่มไลน์ กองคลัง" in html


def test_an_officer_reports_on_the_page_and_the_executive_then_sees_it(local):
    rt, client = local
    officer, executive = "Udemo0officer0finance", "Udemo0executive"
    assert client.post("/dev/say", json={"user": officer, "text": "o12 เสร็จแล้ว"}).status_code == 200
    while handle_next(rt):
        pass
    entries = client.get(f"/dev/log?user={officer}").json["entries"]
    assert "บันทึกแล้ว" in entries[-1]["messages"][0]["text"]
    client.post("/dev/say", json={"user": executive, "text": "สถานะ"})
    while handle_next(rt):
        pass
    summary = client.get(f"/dev/log?user={executive}").json["entries"][-1]["messages"][0]["text"]
    assert "เสร็จ 1" in summary


def test_the_page_and_the_stand_in_do_not_exist_with_real_credentials(db_url):
    rt = prepare(load({"DATABASE_URL": db_url, "LINE_CHANNEL_SECRET": "s",
                       "LINE_CHANNEL_ACCESS_TOKEN": "t"}))
    client = create_app(rt).test_client()
    assert client.get("/dev").status_code == 404
    assert client.post("/dev/say", json={}).status_code == 404
    assert rt.standin is None


def test_advancing_the_clock_on_the_page_brings_reminders_into_the_units_group(local):
    rt, client = local
    answer = client.post("/dev/clock", json={"days": 7}).json
    assert answer["now"]
    for _ in range(3):  # a working day within working hours comes within a week
        if rt.standin.state.sends("push"):
            break
        client.post("/dev/clock", json={"days": 1})
    pushes = rt.standin.state.sends("push")
    assert pushes, "no reminder arrived after a week of simulated days"
    finance = [p for p in pushes if p.body["to"] == "Cdemo0finance"]
    assert finance, "กองคลัง's group got no reminder"
    alt_texts = " ".join(m.get("altText", m.get("text", "")) for p in finance for m in p.messages)
    assert "o23" in alt_texts or "สรุปผลการจัดซื้อจัดจ้าง" in alt_texts
