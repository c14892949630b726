"""Asking for the report in chat: who gets which report, the link downloads it, and a link
that expired or was never made is a plain 404."""

from __future__ import annotations

import re
import secrets
from datetime import date
from io import BytesIO

import docx
import pytest

from handlers.registration import HOW_TO_REGISTER
from handlers.reports import which_report
from models.db import transaction
from tests.report_support import KK, build_plan

LINK = re.compile(r"https?://[^/\s]+(/reports/[A-Za-z0-9_-]+)\.(pdf|docx|xlsx)")


@pytest.fixture
def plan_bot(bot):
    with transaction(bot.rt.factory) as session:
        plan = build_plan(session, bot.org_id)
    bot.person("Uexec", "executive", None, "นายก")
    bot.person("Ucoord", "coordinator", None, "ผู้ประสานงาน")
    bot.person("Uhead", "head", plan.units[KK], "หัวหน้ากองคลัง")
    bot.plan = plan
    return bot


def links(replies: list[str]) -> dict[str, str]:
    return {fmt: path for path, fmt in LINK.findall("\n".join(replies))}


def download_docx(bot, path: str) -> docx.Document:
    response = bot.client.get(f"{path}.docx")
    assert response.status_code == 200
    return docx.Document(BytesIO(response.data))


@pytest.mark.parametrize(("who", "scope"), [("Uexec", "ทั้งองค์กร"), ("Ucoord", "ทั้งองค์กร"),
                                            ("Uhead", KK)])
def test_heads_coordinators_and_executives_get_a_link_that_downloads_their_report(plan_bot, who,
                                                                                 scope):
    replies = plan_bot.say("ขอรายงานรอบ 6 เดือน ปี 2566", user=who)
    assert replies[0].startswith(
        f"📄 รายงานผลการดำเนินการตามมาตรการ ITA ปีงบประมาณ 2566 รอบ 6 เดือน ({scope})")
    found = links(replies)
    assert set(found) == {"pdf", "docx", "xlsx"} and len(set(found.values())) == 1
    token = found["pdf"].rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 random bits, base64url
    document = download_docx(plan_bot, found["docx"])
    summary_units = [row.cells[0].text for row in document.tables[1].rows[1:-1]]
    assert summary_units == (["สำนักปลัด", KK] if scope == "ทั้งองค์กร" else [KK])
    pdf = plan_bot.client.get(f"{found['pdf']}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF") and "no-store" in pdf.headers["Cache-Control"]


@pytest.mark.parametrize(("who", "text", "group", "answer"), [
    ("Ureport-officer", "ขอรายงานรอบ 6 เดือน ปี 2566", None,
     "รายงานผลรอบ 6 และ 12 เดือนขอได้โดยหัวหน้าส่วนราชการ ผู้ประสานงาน ITA หรือผู้บริหารครับ"),
    ("Uexec", "ขอรายงานรอบ 6 เดือน ปี 2566", "Cgroup-kk",
     "ขอรายงานทางแชตส่วนตัวกับบอทนะครับ"),
    ("Uexec", "ขอรายงานรอบ 6 เดือน ปี 2569", None, "ยังไม่มีแผนมาตรการของปีงบประมาณ 2569 ในระบบครับ"),
    ("Ustranger", "ขอรายงานรอบ 6 เดือน", None, HOW_TO_REGISTER[:30]),
])
def test_others_get_a_polite_answer_and_no_link(plan_bot, who, text, group, answer):
    if group:
        plan_bot.group(group, plan_bot.plan.units[KK])
    replies = plan_bot.say(text, user=who, group=group, mention=bool(group))
    assert replies and replies[0].startswith(answer), replies
    assert links(replies) == {}


def test_an_expired_link_is_gone(plan_bot):
    path = links(plan_bot.say("ขอรายงานรอบ 12 เดือน ปี 2566", user="Uexec"))["pdf"]
    plan_bot.clock.advance(days=6)
    assert plan_bot.client.get(f"{path}.xlsx").status_code == 200
    plan_bot.clock.advance(days=2)
    assert plan_bot.client.get(f"{path}.xlsx").status_code == 404


@pytest.mark.parametrize("path", [
    f"/reports/{secrets.token_urlsafe(32)}.pdf",  # well formed, never issued
    "/reports/short.pdf",
    "/reports/../../etc/passwd.pdf",
])
def test_forged_links_get_404(plan_bot, path):
    plan_bot.say("ขอรายงานรอบ 6 เดือน ปี 2566", user="Uexec")  # a real link exists meanwhile
    assert plan_bot.client.get(path).status_code == 404


def test_a_real_token_with_another_format_is_404(plan_bot):
    path = links(plan_bot.say("ขอรายงานรอบ 6 เดือน ปี 2566", user="Uexec"))["pdf"]
    assert plan_bot.client.get(f"{path}.html").status_code == 404


@pytest.mark.parametrize(("text", "today", "expected"), [
    ("ขอรายงานรอบ 6 เดือน", date(2023, 3, 20), (2566, 6)),
    ("ขอรายงานรอบ ๑๒ เดือน", date(2023, 3, 20), (2566, 12)),
    ("ขอรายงานผลปี 2566", date(2024, 1, 10), (2566, 12)),
    ("รายงาน 6 เดือน ปี ๖๖", date(2024, 1, 10), (2566, 6)),
    ("report", date(2023, 4, 5), (2566, 6)),
    ("report", date(2023, 7, 5), (2566, 12)),
    ("report", date(2023, 10, 5), (2566, 12)),
    ("report", date(2023, 11, 5), (2567, 6)),
])
def test_which_report_a_message_asks_for(text, today, expected):
    assert which_report(text, today) == expected


def test_with_no_year_said_and_no_plan_this_year_the_latest_planned_year_is_reported(plan_bot):
    # The harness clock is in fiscal year 2570; only 2566 has a plan (an imported report).
    replies = plan_bot.say("ขอรายงานรอบ 6 เดือน", user="Uexec")
    assert replies[0].startswith("📄 รายงานผลการดำเนินการตามมาตรการ ITA ปีงบประมาณ 2566 รอบ 6 เดือน")


def test_the_local_demo_people_arrive_even_when_a_plan_was_imported_first(bot):
    from bot.demo import PEOPLE, load_demo
    from models import FiscalYear, Person

    with transaction(bot.rt.factory) as session:
        build_plan(session, bot.org_id)
    with transaction(bot.rt.factory) as session:
        assert load_demo(session, bot.org(session), date(2026, 12, 4)) is True
    with bot.rt.factory() as session:
        people = {p.line_user_id for p in session.query(Person).filter_by(org_id=bot.org_id)}
        years = {fy.year_be for fy in session.query(FiscalYear).filter_by(org_id=bot.org_id)}
    assert {p.line_user_id for p in PEOPLE} <= people and years == {2566}
    replies = bot.say("ขอรายงานรอบ 6 เดือน", user="Udemo0executive")
    assert "ปีงบประมาณ 2566 รอบ 6 เดือน (ทั้งองค์กร)" in replies[0]
