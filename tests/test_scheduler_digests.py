"""Monthly digests, escalation notes and report-round notices, with a fixed clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from bot import chart_route
from bot.config import load
from models import StatusChange, Task
from models.db import transaction
from scheduler.clock import run_jobs_at
from scheduler.world import add_task, build_world

BKK = ZoneInfo("Asia/Bangkok")
CONFIG = load({"PUBLIC_BASE_URL": "https://ita.example"})


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BKK)


@pytest.fixture
def world(factory):
    with transaction(factory) as session:
        w = build_world(session, units=["กองคลัง", "สำนักปลัด"], groups_for=["กองคลัง"],
                        members=8)
        done = add_task(session, w, "กองคลัง", "ประกาศแผนจัดซื้อจัดจ้าง", date(2022, 12, 30),
                        refs=["o12"], indicator=9, tool="OIT", status="done")
        session.add(StatusChange(task_id=done.id, from_status="not_started", to_status="done",
                                 done_on=date(2022, 12, 20), source="postback",
                                 created_at=at("2022-12-20 10:00")))
        add_task(session, w, "กองคลัง", "รายงานผลการจัดซื้อจัดจ้างประจำปี", date(2022, 11, 30),
                 refs=["o13"], indicator=9, tool="OIT")
        add_task(session, w, "กองคลัง", "สรุปผลการจัดซื้อจัดจ้างเดือนมกราคม", date(2023, 1, 31),
                 refs=["o14"], indicator=9, tool="OIT")
        add_task(session, w, "สำนักปลัด", "ประเมินความเสี่ยงการทุจริต", date(2023, 3, 31),
                 refs=["o36"], indicator=10, tool="OIT")
    return w


def texts_to(standin, chat: str) -> list[str]:
    return [m.get("text") or m.get("originalContentUrl") or m.get("altText")
            for r in standin.state.sends("push") if r.body["to"] == chat for m in r.messages]


def run(factory, gateway, when: str) -> dict:
    return run_jobs_at(factory, lambda org_id: gateway, at(when), CONFIG)


def test_heads_get_their_units_digest_on_the_first_working_day_of_the_month(
        factory, gateway, standin, world):
    # 1 January 2023 is a Sunday, 2 and 3 January are holidays: the digest waits.
    assert run(factory, gateway, "2023-01-03 09:00").get("digests", 0) == 0
    assert run(factory, gateway, "2023-01-04 08:30")["digests"] == 4  # 2 heads, 2 executives
    [digest] = texts_to(standin, world.heads["กองคลัง"])
    assert digest.startswith("📊 สรุปงาน ITA ประจำเดือนมกราคม 2566\n"
                             "ช่วงที่สรุป: 1–31 ธันวาคม 2565 · สถานะ ณ 4 ม.ค. 2566\n\n【กองคลัง】")
    assert "เสร็จแล้ว 1 · กำลังทำ 0 · ยังไม่เริ่ม 2 · เลยกำหนด 1 (รวม 3)" in digest
    assert "เดือนที่ผ่านมา: เสร็จเพิ่ม 1 · เริ่มดำเนินการ 0" in digest
    assert "• o12 ประกาศแผนจัดซื้อจัดจ้าง (เสร็จแล้ว 20 ธ.ค. 2565)" in digest
    assert "ครบกำหนดเดือนนี้ 1 รายการ:\n• o14 สรุปผลการจัดซื้อจัดจ้างเดือนมกราคม (กำหนด 31 ม.ค. 2566)" \
        in digest
    assert "⚠️ เลยกำหนดเกิน 7 วันทำการ 1 รายการ:\n• o13" in digest
    assert run(factory, gateway, "2023-01-05 08:30").get("digests", 0) == 0  # once a month


def test_executives_see_the_organization_by_unit_and_indicator_with_a_chart_served_by_the_app(
        factory, gateway, standin, world):
    run(factory, gateway, "2023-01-04 08:30")
    text, url = texts_to(standin, world.executives[0])
    assert "📊 ภาพรวมมาตรการ ITA เทศบาลตำบลตัวอย่าง" in text
    assert "• กองคลัง: เสร็จ 1/3 · เลยกำหนด 1" in text and "• สำนักปลัด: เสร็จ 0/1" in text
    assert "• ตัวชี้วัดที่ 9 (OIT): เสร็จ 1/3" in text
    assert "⚠️ เลยกำหนดเกิน 14 วันทำการ 1 รายการ:\n• o13 รายงานผลการจัดซื้อจัดจ้างประจำปี — กองคลัง" in text
    assert url.startswith("https://ita.example/charts/") and url.endswith(".png")
    app = Flask(__name__)
    app.register_blueprint(chart_route.blueprint, session_factory=factory,
                           now_fn=lambda: at("2023-01-20 10:00"))
    client = app.test_client()
    response = client.get(url.removeprefix("https://ita.example"))
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG") and len(response.data) > 10_000
    assert client.get("/charts/" + "A" * 43 + ".png").status_code == 404
    expired = Flask(__name__)
    expired.register_blueprint(chart_route.blueprint, session_factory=factory,
                               now_fn=lambda: at("2023-03-01 10:00"))
    assert expired.test_client().get(url.removeprefix("https://ita.example")).status_code == 404


def test_an_item_overdue_seven_working_days_reaches_its_head_and_fourteen_the_executives(
        factory, gateway, standin, world):
    run(factory, gateway, "2023-02-01 08:30")  # February's digests
    standin.state.requests.clear()
    # o14 was due Tue 31 Jan: 7 working days later is Thu 9 Feb, 14 is Mon 20 Feb.
    run(factory, gateway, "2023-02-06 08:30")
    assert texts_to(standin, world.heads["กองคลัง"]) == []
    run(factory, gateway, "2023-02-13 08:30")
    [note] = texts_to(standin, world.heads["กองคลัง"])
    assert note.startswith("⚠️ งาน ITA ของหน่วยงานท่านที่เลยกำหนดเกิน 7 วันทำการ 1 รายการ\n• o14")
    assert texts_to(standin, world.executives[0]) == []
    run(factory, gateway, "2023-02-20 08:30")
    [to_executive] = texts_to(standin, world.executives[0])
    assert "เลยกำหนดเกิน 14 วันทำการ 1 รายการ\n• o14 สรุปผลการจัดซื้อจัดจ้างเดือนมกราคม — กองคลัง" \
        in to_executive
    assert texts_to(standin, world.heads["สำนักปลัด"]) == []


def test_before_the_six_month_round_the_coordinator_and_heads_are_reminded_to_report(
        factory, gateway, standin, world):
    run(factory, gateway, "2023-03-01 08:30")
    standin.state.requests.clear()
    run(factory, gateway, "2023-03-14 08:30")
    assert texts_to(standin, world.coordinator) == []
    run(factory, gateway, "2023-03-15 08:30")
    [notice] = texts_to(standin, world.coordinator)
    assert notice.startswith("📝 ใกล้ถึงการรายงานผลมาตรการ ITA รอบ 6 เดือน ปีงบประมาณ 2566")
    assert "ต้องรายงานภายในเดือนเมษายน 2566" in notice and "ทั้งองค์กร:" in notice
    assert any("สำนักปลัด:" in t for t in texts_to(standin, world.heads["สำนักปลัด"]))
    run(factory, gateway, "2023-03-16 08:30")
    assert len(texts_to(standin, world.coordinator)) == 1


def test_a_monthly_item_behind_several_months_is_one_line_in_digests(factory, gateway, standin):
    with transaction(factory) as session:
        w = build_world(session, units=["กองคลัง"], groups_for=["กองคลัง"], members=8)
        october = add_task(session, w, "กองคลัง", "สรุปผลการจัดซื้อจัดจ้างรายเดือน (ต.ค. 65)",
                           date(2022, 10, 31), refs=["o23"], indicator=9, tool="OIT")
        october.measure.title = "สรุปผลการจัดซื้อจัดจ้างรายเดือน"
        for n, (label, due) in enumerate([("พ.ย. 65", date(2022, 11, 30)),
                                          ("ธ.ค. 65", date(2022, 12, 30))]):
            session.add(Task(org_id=w.org_id, measure_id=october.measure_id,
                             unit_id=october.unit_id, key=f"o23-{n}",
                             title=f"สรุปผลการจัดซื้อจัดจ้างรายเดือน ({label})", due_on=due))
    run(factory, gateway, "2023-01-04 08:30")
    [head] = texts_to(standin, w.heads["กองคลัง"])
    text, _chart = texts_to(standin, w.executives[0])
    # 30 Dec is one working day late on 4 Jan (2 and 3 Jan are holidays); 31 Oct is 42,
    # counting 5, 12 and 30 Dec as holidays.
    assert ("⚠️ เลยกำหนดเกิน 7 วันทำการ 1 รายการ:\n"
            "• o23 สรุปผลการจัดซื้อจัดจ้างรายเดือน (ค้าง ต.ค.–พ.ย. 2 งวด, เลยนานสุด 42 วันทำการ)"
            ) in head
    assert ("⚠️ เลยกำหนดเกิน 14 วันทำการ 1 รายการ:\n"
            "• o23 สรุปผลการจัดซื้อจัดจ้างรายเดือน — กองคลัง (ค้าง ต.ค.–พ.ย. 2 งวด") in text
    assert "(ต.ค. 65)" not in head + text
