"""The round notice before the 6-month report carries links to the draft report, and the
link downloads that person's scope: the whole organization for the coordinator, the unit
for a head."""

from __future__ import annotations

import re
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import docx
from flask import Flask

from bot import report_route
from bot.config import load
from models.db import transaction
from scheduler.clock import run_jobs_at
from scheduler.world import add_task, build_world

BKK = ZoneInfo("Asia/Bangkok")
CONFIG = load({"PUBLIC_BASE_URL": "https://ita.example"})
LINK = re.compile(r"https://ita\.example(/reports/[A-Za-z0-9_-]+\.docx)")


def test_round_notices_link_the_draft_report(factory, gateway, standin):
    with transaction(factory) as session:
        world = build_world(session, units=["กองคลัง", "สำนักปลัด"], groups_for=["กองคลัง"], members=3)
        add_task(session, world, "กองคลัง", "ประกาศแผนจัดซื้อจัดจ้าง", date(2022, 12, 30), refs=["o21"],
                 indicator=9, tool="OIT")
        add_task(session, world, "สำนักปลัด", "ประเมินความเสี่ยงการทุจริต", date(2023, 3, 31),
                 refs=["o36"], indicator=10, tool="OIT")
    now = datetime(2023, 3, 15, 8, 30, tzinfo=BKK)
    run_jobs_at(factory, lambda org_id: gateway, now, CONFIG)
    texts = {r.body["to"]: m["text"] for r in standin.state.sends("push") for m in r.messages
             if m.get("text", "").startswith("📝")}
    app = Flask(__name__)
    app.register_blueprint(report_route.blueprint, session_factory=factory, now_fn=lambda: now)
    client = app.test_client()

    def units_in(notice: str) -> list[str]:
        assert "ร่างรายงาน (ข้อมูลล่าสุดทุกครั้งที่เปิด):" in notice
        [path] = LINK.findall(notice)
        response = client.get(path)
        assert response.status_code == 200
        document = docx.Document(BytesIO(response.data))
        assert "(ข้อมูล ณ วันที่ ๑๕ มีนาคม พ.ศ. ๒๕๖๖)" in [p.text for p in document.paragraphs]
        return [row.cells[0].text for row in document.tables[1].rows[1:-1]]

    assert units_in(texts[world.coordinator]) == ["กองคลัง", "สำนักปลัด"]
    assert units_in(texts[world.heads["กองคลัง"]]) == ["กองคลัง"]
