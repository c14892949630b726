"""Unsending a photo or file that was attached as evidence withdraws it, through the real
webhook: the status answer stops listing it, its links stop opening, its bytes leave storage
(unless the same bytes are still evidence elsewhere), the row stays as the record, and the
sender is told in 1:1 chat."""

from __future__ import annotations

from openpyxl import load_workbook
from sqlalchemy import select

from bot.cli import main
from models import Evidence
from tests.evidence_support import (
    FINANCE,
    FINANCE_GROUP,
    WORKS,
    attached,
    last_buttons,
    last_message_id,
    links_in,
    media_event,
    tap,
    unsend_event,
)


def stored_files(bot) -> list:
    return [p for p in bot.rt.config.evidence_dir.rglob("*") if p.is_file() and ".incoming" not in p.parts]


def pushed_since(bot, before: int) -> list[tuple[str, str]]:
    return [(r.body["to"], m["text"]) for r in bot.standin.state.sends("push")[before:]
            for m in r.messages]


def test_unsending_an_attached_photo_withdraws_it_and_tells_the_sender(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    photo = media_event(demo_bot)
    assert demo_bot.deliver(photo) == ["แนบหลักฐานให้ o12 แล้วครับ"]
    [answer] = demo_bot.say("o12 ใครทำ", user=FINANCE)
    [link] = links_in(answer)
    assert len(stored_files(demo_bot)) == 1

    before = len(demo_bot.standin.state.sends("push"))
    demo_bot.deliver(unsend_event(demo_bot, photo["message"]["id"]))
    [(to, told)] = pushed_since(demo_bot, before)
    assert to == FINANCE
    assert told == "คุณยกเลิกการส่งรูปที่แนบเป็นหลักฐานของงานข้อ o12 จึงนำออกจากหลักฐานแล้วครับ"

    [answer] = demo_bot.say("o12 ใครทำ", user=FINANCE)
    assert "📎" not in answer and links_in(answer) == []
    assert demo_bot.client.get(link).status_code == 404  # the link sent earlier no longer opens
    assert stored_files(demo_bot) == []  # the bytes are gone from storage …
    with demo_bot.rt.factory() as s:  # … the record that it was sent and taken back stays
        [row] = s.scalars(select(Evidence)).all()
        assert row.withdrawn_at is not None and row.attached_at is not None
        assert row.sha256 and row.file_name is None and row.task_id is not None


def test_a_file_unsent_in_the_group_is_explained_in_1to1_with_its_name(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE, group=FINANCE_GROUP)
    memo = media_event(demo_bot, "file", data=b"%PDF-1.7 memo", content_type="application/pdf",
                       group=FINANCE_GROUP, quoted=last_message_id(demo_bot),
                       file_name="บันทึกข้อความ.pdf")
    demo_bot.deliver(memo)
    before = len(demo_bot.standin.state.sends("push"))
    assert demo_bot.deliver(unsend_event(demo_bot, memo["message"]["id"], group=FINANCE_GROUP)) == [
        "คุณยกเลิกการส่งไฟล์ “บันทึกข้อความ.pdf” ที่แนบเป็นหลักฐานของงานข้อ o12 "
        "จึงนำออกจากหลักฐานแล้วครับ"]
    assert [to for to, _ in pushed_since(demo_bot, before)] == [FINANCE]  # not the group


def test_the_same_bytes_still_attached_elsewhere_stay_in_storage(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    first, second = media_event(demo_bot), media_event(demo_bot)
    demo_bot.deliver(first)
    demo_bot.deliver(second)
    demo_bot.deliver(unsend_event(demo_bot, first["message"]["id"]))
    with demo_bot.rt.factory() as s:
        [kept] = s.scalars(select(Evidence).where(Evidence.withdrawn_at.is_(None))).all()
        assert kept.line_message_id == second["message"]["id"]
    assert [p.name for p in stored_files(demo_bot)] == [kept.sha256]
    [answer] = demo_bot.say("o12 ใครทำ", user=FINANCE)
    [link] = links_in(answer)
    assert demo_bot.client.get(link).status_code == 200


def test_a_photo_unsent_before_it_found_its_item_is_never_attached(demo_bot):
    photo = media_event(demo_bot, group=FINANCE_GROUP)
    demo_bot.deliver(photo)  # waits quietly for its item code
    assert demo_bot.deliver(unsend_event(demo_bot, photo["message"]["id"], group=FINANCE_GROUP)) == []
    texts = demo_bot.say("o12 ครับ", user=FINANCE, group=FINANCE_GROUP)
    assert not any("แนบหลักฐาน" in t for t in texts)
    assert attached(demo_bot) == [] and stored_files(demo_bot) == []


def test_a_withdrawn_photos_buttons_attach_nothing(demo_bot):
    photo = media_event(demo_bot)
    [question] = demo_bot.deliver(photo)
    assert "ข้อไหน" in question
    buttons = last_buttons(demo_bot)
    demo_bot.deliver(unsend_event(demo_bot, photo["message"]["id"]))
    [answer] = tap(demo_bot, buttons[0])
    assert "ใช้ไปแล้ว" in answer and attached(demo_bot) == []


def test_unsending_someone_elses_photo_id_changes_nothing(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    photo = media_event(demo_bot)
    demo_bot.deliver(photo)
    assert demo_bot.deliver(unsend_event(demo_bot, photo["message"]["id"], user=WORKS)) == []
    assert len(attached(demo_bot)) == 1 and len(stored_files(demo_bot)) == 1


def test_the_export_lists_sent_files_and_drops_a_withdrawn_one(demo_bot, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_bot.rt.config.database_url)
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    memo = media_event(demo_bot, "file", data=b"%PDF-1.7 memo", content_type="application/pdf",
                       file_name="บันทึกข้อความ.pdf")
    demo_bot.deliver(media_event(demo_bot))
    demo_bot.deliver(memo)

    def o12_notes() -> str:
        out = tmp_path / "plan.xlsx"
        assert main(["export", str(out)]) == 0
        sheet = load_workbook(out).worksheets[0]
        return "\n".join(str(row[-1] or "") for row in sheet.iter_rows(values_only=True)
                         if row[5] == "o12")

    assert "ไฟล์หลักฐานที่ส่งทาง LINE: รูปภาพ (16 พ.ย. 2569), ไฟล์ PDF “บันทึกข้อความ.pdf” " \
           "(16 พ.ย. 2569)" in o12_notes()
    demo_bot.deliver(unsend_event(demo_bot, memo["message"]["id"]))
    assert "ไฟล์หลักฐานที่ส่งทาง LINE: รูปภาพ (16 พ.ย. 2569)" in o12_notes()
    assert "บันทึกข้อความ" not in o12_notes()
