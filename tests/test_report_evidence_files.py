"""The official report cites the photos and files officers sent in LINE as evidence, through
the real webhook: type, name and day in the measure's evidence cell (no download link: a
published report outlives any link); a file its sender unsent is not cited."""

from __future__ import annotations

import re
from io import BytesIO

import docx

from tests.evidence_support import EXECUTIVE, FINANCE, media_event, unsend_event

LINK = re.compile(r"https?://[^/\s]+(/reports/[A-Za-z0-9_-]+)\.docx")
EVIDENCE_COLUMN = 6


def evidence_cell(bot, ref: str) -> str:
    [path] = LINK.findall("\n".join(bot.say("ขอรายงานรอบ 6 เดือน", user=EXECUTIVE)))
    response = bot.client.get(f"{path}.docx")
    assert response.status_code == 200
    table = docx.Document(BytesIO(response.data)).tables[0]
    [row] = [r for r in table.rows if r.cells[0].text.startswith(f"{ref} ")]
    return row.cells[EVIDENCE_COLUMN].text


def test_the_report_cites_sent_photos_and_files_and_not_withdrawn_ones(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    demo_bot.deliver(media_event(demo_bot))
    demo_bot.deliver(media_event(demo_bot, "file", data=b"%PDF-1.7 memo",
                                 content_type="application/pdf", file_name="บันทึกข้อความ.pdf"))
    wrong = media_event(demo_bot, "file", data=b"%PDF-1.7 wrong", content_type="application/pdf",
                        file_name="ผิดไฟล์.pdf")
    demo_bot.deliver(wrong)
    before = evidence_cell(demo_bot, "o12")
    assert "ผิดไฟล์.pdf" in before
    demo_bot.deliver(unsend_event(demo_bot, wrong["message"]["id"]))

    cell = evidence_cell(demo_bot, "o12")
    day = "๑๖ พ.ย. ๒๕๖๙"  # the harness's clock: Monday 16 November 2026
    assert f"รูปภาพ (ส่งทาง LINE {day})" in cell
    assert f"ไฟล์ PDF “บันทึกข้อความ.pdf” (ส่งทาง LINE {day})" in cell
    assert "ผิดไฟล์" not in cell and "/evidence/" not in cell
