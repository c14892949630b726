"""The /dev page's photo/file sending and rich menu (local mode): the issue's "done when"
walked through the page's own routes, the real webhook and the LINE stand-in."""

from __future__ import annotations

import io

import pytest

from bot.app import create_app
from bot.config import load
from bot.processes import prepare
from bot.worker import handle_next
from menus.definitions import MENUS
from tests.evidence_support import EXECUTIVE, FINANCE, PNG


@pytest.fixture
def local(db_url, tmp_path):
    rt = prepare(load({"DATABASE_URL": db_url, "EVIDENCE_DIR": str(tmp_path / "evidence")}))
    yield rt, create_app(rt).test_client()
    rt.standin.stop()


def _work(rt) -> None:
    while handle_next(rt):
        pass


def _last_text(client, user: str) -> str:
    return client.get(f"/dev/log?user={user}").json["entries"][-1]["messages"][0]["text"]


def test_an_officer_reports_then_sends_a_photo_and_the_status_answer_lists_it(local):
    rt, client = local
    client.post("/dev/say", json={"user": FINANCE, "text": "o12 เสร็จแล้ว"})
    _work(rt)
    answer = client.post("/dev/media", data={"user": FINANCE, "chat": "",
                                             "file": (io.BytesIO(PNG), "ป้ายประกาศ.png", "image/png")},
                         content_type="multipart/form-data")
    assert answer.status_code == 200
    _work(rt)
    assert _last_text(client, FINANCE) == "แนบหลักฐานให้ o12 แล้วครับ"
    client.post("/dev/say", json={"user": FINANCE, "text": "o12 เสร็จหรือยัง"})
    _work(rt)
    status = _last_text(client, FINANCE)
    assert "📎 o12" in status
    link = status.split("/evidence/")[1].split()[0]
    assert client.get(f"/evidence/{link}").data == PNG


def test_an_unsupported_file_from_the_page_is_refused(local):
    rt, client = local
    client.post("/dev/media", data={"user": FINANCE, "chat": "",
                                    "file": (io.BytesIO(b"MZ"), "setup.exe", "application/x-msdownload")},
                content_type="multipart/form-data")
    _work(rt)
    assert "เฉพาะรูปภาพ" in _last_text(client, FINANCE)


def test_the_executive_sees_the_executive_menu_and_its_buttons_work(local):
    rt, client = local
    menu = client.get(f"/dev/menu?user={EXECUTIVE}").json["menu"]
    assert [a["label"] for a in menu["areas"]] == [b.label for b in MENUS["executive"]]
    image = client.get(menu["image"])
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    [overview] = [a for a in menu["areas"] if a["label"] == "ภาพรวม"]
    client.post("/dev/say", json={"user": EXECUTIVE, "postback": overview["data"],
                                  "display": overview["displayText"]})
    _work(rt)
    assert _last_text(client, EXECUTIVE).startswith("📊 ภาพรวม")
