"""Photos and files as evidence, through the real webhook: the three ways a file finds its
task (a quote-reply, right after one's own update, an item code in the next text), the
buttons when it is unclear, refusals, and the status answer's expiring download links."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Evidence, EvidenceLink
from tests.evidence_support import (
    FINANCE,
    FINANCE_GROUP,
    PNG,
    WORKS,
    attached,
    last_buttons,
    last_message_id,
    links_in,
    send_media,
    sha,
    tap,
)


def test_a_photo_right_after_an_update_is_attached_and_listed_in_the_status_answer(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    demo_bot.clock.advance(minutes=3)
    assert send_media(demo_bot) == ["แนบหลักฐานให้ o12 แล้วครับ"]
    [row] = attached(demo_bot)
    assert row.task.measure.ref_codes == ["o12"]
    assert (row.size, row.sha256, row.content_type) == (len(PNG), sha(PNG), "image/jpeg")
    assert row.status_change_id is not None and row.line_message_id

    [answer] = demo_bot.say("o12 เสร็จหรือยัง", user=FINANCE)
    [link] = links_in(answer)
    assert "📎 o12" in answer
    download = demo_bot.client.get(link)
    assert download.status_code == 200 and download.data == PNG
    assert download.headers["Cache-Control"] == "private, no-store"


def test_a_quote_reply_to_the_bots_confirmation_attaches_to_that_item(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE, group=FINANCE_GROUP)
    confirmation = last_message_id(demo_bot)
    demo_bot.clock.advance(hours=2)  # long past the ten minutes: only the quote says which item
    texts = send_media(demo_bot, "file", data=b"%PDF-1.7 memo", content_type="application/pdf",
                       group=FINANCE_GROUP, quoted=confirmation, file_name="บันทึกข้อความ.pdf")
    assert texts == ["แนบหลักฐานให้ o12 แล้วครับ"]
    [row] = attached(demo_bot)
    assert (row.file_name, row.content_type) == ("บันทึกข้อความ.pdf", "application/pdf")


def test_a_photo_in_a_group_waits_quietly_for_its_item_code_in_the_next_text(demo_bot):
    assert send_media(demo_bot, group=FINANCE_GROUP) == []
    assert attached(demo_bot) == []
    assert demo_bot.standin.state.contents and not any(
        r.path.endswith("/content") for r in demo_bot.standin.state.requests)  # not fetched yet
    assert demo_bot.say("o12 ครับ", user=FINANCE, group=FINANCE_GROUP) == [
        "แนบหลักฐานให้ o12 แล้วครับ"]
    assert [r.task.measure.ref_codes for r in attached(demo_bot)] == [["o12"]]


def test_an_update_with_its_code_right_after_a_photo_records_both(demo_bot):
    send_media(demo_bot, group=FINANCE_GROUP)
    texts = demo_bot.say("o12 เสร็จแล้วครับ", user=FINANCE, group=FINANCE_GROUP)
    assert "บันทึกแล้ว" in texts[0] and texts[1] == "แนบหลักฐานให้ o12 แล้วครับ"


def test_an_unclear_photo_in_1to1_is_asked_about_with_buttons_and_a_tap_attaches_it(demo_bot):
    [question] = send_media(demo_bot)
    assert "ข้อไหน" in question
    buttons = last_buttons(demo_bot)
    assert buttons and all(b["type"] == "postback" for b in buttons)
    assert attached(demo_bot) == []
    [done] = tap(demo_bot, buttons[0])
    assert done.startswith("แนบหลักฐานให้ ") and done.endswith(" แล้วครับ")
    assert len(attached(demo_bot)) == 1
    [again] = tap(demo_bot, buttons[0])  # a second tap changes nothing
    assert "ใช้ไปแล้ว" in again and len(attached(demo_bot)) == 1


def test_an_unclear_photo_then_an_item_code_in_1to1(demo_bot):
    send_media(demo_bot)
    assert demo_bot.say("o12", user=FINANCE) == ["แนบหลักฐานให้ o12 แล้วครับ"]


def test_an_item_code_long_after_the_photo_does_not_attach_it(demo_bot):
    send_media(demo_bot, group=FINANCE_GROUP)
    demo_bot.clock.advance(minutes=30)
    texts = demo_bot.say("o12 ครับ", user=FINANCE, group=FINANCE_GROUP)
    assert not any("แนบหลักฐาน" in t for t in texts)  # answered as a plain question instead
    assert attached(demo_bot) == []


def test_an_officer_cannot_attach_evidence_to_another_units_item(demo_bot):
    send_media(demo_bot, user=WORKS)
    texts = demo_bot.say("o12", user=WORKS)
    assert attached(demo_bot) == []
    assert not any("แนบหลักฐานให้" in t for t in texts)


@pytest.mark.parametrize("kind, name, size, data, content_type, says", [
    ("file", "setup.zip", None, b"PK\x03\x04", "application/zip", "เฉพาะรูปภาพ"),
    ("file", "big.pdf", 25 * 1024 * 1024, b"%PDF", "application/pdf", "ใหญ่เกิน 20 MB"),
    ("image", None, None, b"<html>", "text/html", "เฉพาะรูปภาพ"),  # served as something else
])
def test_refused_files_get_a_polite_reason_and_nothing_is_stored(demo_bot, kind, name, size, data,
                                                                  content_type, says):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    [text] = send_media(demo_bot, kind, data=data, content_type=content_type, file_name=name,
                        file_size=size)
    assert says in text and "ครับ" in text
    with demo_bot.rt.factory() as s:
        assert s.scalar(select(func.count()).select_from(Evidence)) == 0
    assert not any(p.is_file() for p in demo_bot.rt.config.evidence_dir.rglob("*"))


def test_download_links_are_unguessable_and_expire(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    send_media(demo_bot)
    [answer] = demo_bot.say("o12 เสร็จหรือยัง", user=FINANCE)
    [link] = links_in(answer)
    assert len(link.rsplit("/", 1)[1]) >= 32  # 24 random bytes → 32 characters (192 bits)
    assert demo_bot.client.get(link[:-1] + ("A" if link[-1] != "A" else "B")).status_code == 404
    with demo_bot.rt.factory() as s:
        stored = s.scalars(select(EvidenceLink.token_hash)).all()
    assert link.rsplit("/", 1)[1] not in stored  # only the hash is kept
    demo_bot.clock.advance(days=8)
    assert demo_bot.client.get(link).status_code == 404


def test_a_person_who_cannot_see_the_unit_gets_no_link(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    send_media(demo_bot)
    [answer] = demo_bot.say("o12 เสร็จหรือยัง", user=WORKS)
    assert links_in(answer) == []


def test_the_same_file_sent_twice_is_stored_once(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    send_media(demo_bot)
    send_media(demo_bot)
    rows = attached(demo_bot)
    assert len(rows) == 2 and rows[0].storage_key == rows[1].storage_key
    files = [p for p in demo_bot.rt.config.evidence_dir.rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].read_bytes() == PNG


def test_a_link_still_opens_just_before_its_week_is_up(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    send_media(demo_bot)
    demo_bot.clock.advance(days=6, hours=23)
    [answer] = demo_bot.say("o12 เสร็จหรือยัง", user=FINANCE)
    assert demo_bot.client.get(links_in(answer)[0]).status_code == 200
    assert "7 วัน" in answer  # the window the answer promises
