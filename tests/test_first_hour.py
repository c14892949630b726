"""What a coordinator, an officer and an executive meet in their first hour (issue 12), at the
handler level: problems that reach the people the reply promised, who did an item, help that
fits the person, recurring work on one line, buttons that can be told apart, digests that
count a change once."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from documents.report import build_report
from handlers.help import help_text
from handlers.recurring import choice_labels
from models import Organization, Problem
from models.db import transaction
from scheduler.clock import run_jobs_at

FINANCE = "Udemo0officer0finance"
WORKS = "Udemo0officer0works"
HEAD = "Udemo0head0finance"
EXECUTIVE = "Udemo0executive"
COORDINATOR = "Udemo0coordinator"


def run_clock(bot, when: datetime) -> dict:
    bot.clock.value = when
    return run_jobs_at(bot.rt.factory, bot.rt.gateway_for, when, bot.rt.config)


def pushes_to(bot, chat: str) -> list[str]:
    return [m.get("text") or m.get("originalContentUrl") or m.get("altText") or ""
            for r in bot.standin.state.sends("push") if r.body["to"] == chat for m in r.messages]


# -- 1. reported problems ----------------------------------------------------------------

def test_a_reported_problem_shows_in_the_item_and_unit_status(demo_bot):
    demo_bot.say("o14 ติดปัญหา รอข้อมูลจากกองช่าง", user=FINANCE)
    [item] = demo_bot.say("o14 ใครทำ", user=EXECUTIVE)
    assert "⚠️ ปัญหา: o14 ติดปัญหา รอข้อมูลจากกองช่าง (คุณสมศรี ใจดี 16 พ.ย. 2569)" in item
    [unit] = demo_bot.say("กองคลังถึงไหนแล้ว", user=EXECUTIVE)
    assert "ปัญหาที่แจ้งไว้:" in unit and "รอข้อมูลจากกองช่าง" in unit


def test_a_problem_reported_in_chat_is_in_the_official_reports_problems_column(demo_bot):
    demo_bot.say("o14 ติดปัญหา รอข้อมูลจากกองช่าง", user=FINANCE)
    with demo_bot.rt.factory() as s:
        org_id = s.scalar(select(Organization.id))
        report = build_report(s, org_id, 2570, 6)
    [row] = [r for r in report.rows if "o14" in r.refs]
    assert any("รอข้อมูลจากกองช่าง" in p for p in row.problems)


def test_finishing_the_task_closes_its_problem(demo_bot):
    demo_bot.say("o12 ติดปัญหา ยังไม่ได้ลายเซ็น", user=FINANCE)
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    [item] = demo_bot.say("o12 ใครทำ", user=EXECUTIVE)
    assert "ปัญหา" not in item
    with demo_bot.rt.factory() as s:
        assert s.scalar(select(Problem)).resolved_at is not None


def test_the_head_hears_of_new_problems_once_a_working_day_in_one_message(demo_bot):
    run_clock(demo_bot, datetime(2026, 11, 16, 3, 0, tzinfo=UTC))  # November's digest goes out
    demo_bot.clock.advance(minutes=5)
    demo_bot.say("o14 ติดปัญหา รอข้อมูลจากกองช่าง", user=FINANCE)
    demo_bot.say("o18 ติดปัญหา งบยังไม่อนุมัติ", user=FINANCE)
    run_clock(demo_bot, datetime(2026, 11, 16, 3, 30, tzinfo=UTC))  # Mon 10:30 Bangkok
    [note] = [t for t in pushes_to(demo_bot, HEAD) if t.startswith("🚧")]
    assert "2 รายการ" in note and "o14" in note and "o18" in note and "สมศรี ใจดี" in note
    demo_bot.say("o21 ติดปัญหา รอใบเสนอราคา", user=FINANCE)
    run_clock(demo_bot, datetime(2026, 11, 16, 6, 0, tzinfo=UTC))  # same day: waits
    assert len([t for t in pushes_to(demo_bot, HEAD) if t.startswith("🚧")]) == 1
    run_clock(demo_bot, datetime(2026, 11, 17, 2, 30, tzinfo=UTC))  # next working day
    assert len([t for t in pushes_to(demo_bot, HEAD) if t.startswith("📊")]) == 1
    notes = [t for t in pushes_to(demo_bot, HEAD) if t.startswith("🚧")]
    assert len(notes) == 2 and "o21" in notes[1] and "o14" not in notes[1]
    assert not any(t.startswith("🚧") for t in pushes_to(demo_bot, WORKS))


def test_open_problems_are_in_the_heads_and_executives_digests_and_the_export(demo_bot):
    from documents.importer.template import export_rows
    from models import FiscalYear

    demo_bot.say("o14 ติดปัญหา รอข้อมูลจากกองช่าง", user=FINANCE)
    demo_bot.say("o12 เสร็จแล้ว https://example.go.th/o12.pdf", user=FINANCE)
    run_clock(demo_bot, datetime(2026, 12, 1, 2, 30, tzinfo=UTC))  # Tue 1 Dec, 09:30
    [head] = [t for t in pushes_to(demo_bot, HEAD) if t.startswith("📊")]
    assert "🚧 ปัญหาอุปสรรคที่แจ้งไว้ 1 รายการ" in head and "รอข้อมูลจากกองช่าง" in head
    assert not [t for t in pushes_to(demo_bot, HEAD) if t.startswith("🚧")]  # digest carries it
    executive = pushes_to(demo_bot, EXECUTIVE)
    assert "รอข้อมูลจากกองช่าง – สมศรี ใจดี" in executive[0]
    assert "หน่วยงานของฉัน" not in executive[0]
    assert executive[1].startswith("http://127.0.0.1")  # the chart image follows
    with demo_bot.rt.factory() as s:
        org = s.scalar(select(Organization))
        rows = export_rows(s, org, s.scalar(select(FiscalYear)))
    notes = {(row[5], row[1]): row[-1] for row in rows}
    o14 = [note for (ref, _), note in notes.items() if ref == "o14" and note]
    assert len(o14) == 1 and o14[0].startswith("ปัญหา: o14 ติดปัญหา รอข้อมูลจากกองช่าง – สมศรี ใจดี")
    assert [n for (ref, _), n in notes.items() if ref == "o12"] == [
        "หลักฐาน: https://example.go.th/o12.pdf"]


# -- 2. who did it -------------------------------------------------------------------------

def test_asking_who_did_an_item_names_the_person_the_date_and_the_evidence(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว https://example.go.th/o12.pdf", user=FINANCE)
    [answer] = demo_bot.say("o12 ใครทำ", user=EXECUTIVE)
    assert "ดำเนินการแล้ว 16 พ.ย. 2569" in answer
    assert "รายงานโดย คุณสมศรี ใจดี เมื่อ 16 พ.ย. 2569" in answer
    assert "หลักฐาน: https://example.go.th/o12.pdf" in answer


# -- 5. help follows the role and the chat -------------------------------------------------

HELP_CASES = [
    # (who, in a group, must show, must not show)
    ({"officer"}, False, ["o12 เสร็จแล้ว", "งานของฉัน", "ติดปัญหา"], ["ผูกกลุ่ม", "ลงทะเบียน รหัส"]),
    ({"head"}, False, ["ผูกกลุ่ม รหัส", "o12 เสร็จแล้ว", "สรุปงาน"], ["ลงทะเบียน รหัส"]),
    ({"executive"}, False, ["กองคลังถึงไหนแล้ว", "o12 ใครทำ", "สรุปงาน"],
     ["o12 เสร็จแล้ว", "งานของฉัน", "ได้ 50%", "ผูกกลุ่ม"]),
    ({"coordinator"}, False, ["ผูกกลุ่ม รหัส", "ภาพรวม"], ["o12 เสร็จแล้ว", "งานของฉัน"]),
    (set(), False, ["ลงทะเบียน รหัส", "ลงทะเบียนแล้วจะพิมพ์ได้ เช่น “o12 เสร็จแล้ว”"],
     ["ผูกกลุ่ม", "ในกลุ่มของหน่วยงาน"]),
    (set(), True, ["แชตส่วนตัวกับบอทเท่านั้น"], ["ผูกกลุ่ม", "• o12 เสร็จแล้ว"]),
    ({"officer"}, True, ["ในกลุ่มนี้", "o12 เสร็จแล้ว"], ["ลงทะเบียน"]),
]


@pytest.mark.parametrize(("roles", "in_group", "shown", "hidden"), HELP_CASES)
def test_help_lists_what_this_person_can_do_here(roles, in_group, shown, hidden):
    text = help_text(roles, in_group)
    for phrase in shown:
        assert phrase in text, phrase
    for phrase in hidden:
        assert phrase not in text, phrase


def test_an_executive_typing_help_gets_the_executives_help(demo_bot):
    [text] = demo_bot.say("วิธีใช้", user=EXECUTIVE)
    assert "กองคลังถึงไหนแล้ว" in text and "o12 เสร็จแล้ว" not in text


@pytest.mark.parametrize(("text", "group", "expected"), [
    ("ผูกกลุ่ม", None, "ใช้ในกลุ่ม LINE ของหน่วยงาน"),
    ("ผูกกลุ่ม", "Cdemo0finance", "กรุณาพิมพ์รหัสต่อท้าย"),
    ("ผูกกลุ่ม AB12CD34", None, "ต้องพิมพ์ในกลุ่ม"),
])
def test_bind_typed_without_a_code_or_in_one_to_one_says_how(demo_bot, text, group, expected):
    [answer] = demo_bot.say(text, user=HEAD, group=group)
    assert expected in answer


# -- 7. recurring work on one line; buttons told apart -------------------------------------

def test_my_tasks_shows_a_monthly_item_once_with_its_late_months(demo_bot):
    demo_bot.clock.value = datetime(2027, 1, 5, 3, 0, tzinfo=UTC)
    [text] = demo_bot.say("งานของฉัน", user=FINANCE)
    o23 = [line for line in text.splitlines() if "o23" in line]
    assert len(o23) == 1
    assert "ค้าง ต.ค.–ธ.ค. ⚠️" in o23[0] and "ถัดไป 31 ม.ค. 2570" in o23[0]


def _task(ref, unit_id, unit, due, title="สรุปผลการจัดซื้อจัดจ้างรายเดือน"):
    return SimpleNamespace(measure=SimpleNamespace(ref_codes=[ref] if ref else []),
                           unit_id=unit_id, unit=SimpleNamespace(name=unit), due_on=due,
                           title=title)


D = datetime(2026, 10, 31).date()
N = datetime(2026, 11, 30).date()
LABEL_CASES = [
    ("two months of one item", [_task("o23", 1, "กองคลัง", D), _task("o23", 1, "กองคลัง", N)],
     ["o23 ต.ค. 69", "o23 พ.ย. 69"]),
    ("one item, two units", [_task("o6", 1, "กองคลัง", D), _task("o6", 2, "กองช่าง", D)],
     ["o6 กองคลัง", "o6 กองช่าง"]),
    ("different items", [_task("o12", 1, "กองคลัง", D), _task("o14", 1, "กองคลัง", D)],
     ["o12", "o14"]),
    ("no code, two titles", [_task(None, 1, "กองคลัง", D, "คู่มือการปฏิบัติงาน"),
                             _task(None, 1, "กองคลัง", D, "คู่มือการให้บริการ")],
     ["คู่มือการปฏิบัติงาน", "คู่มือการให้บริการ"]),
    ("twins", [_task("o1", 1, "กองคลัง", D), _task("o1", 1, "กองคลัง", D)],
     ["o1 สรุปผลการจัดซื #1", "o1 สรุปผลการจัดซื #2"]),
]


@pytest.mark.parametrize(("case", "tasks", "expected"), LABEL_CASES, ids=[c[0] for c in LABEL_CASES])
def test_choice_buttons_are_unique_and_say_what_differs(case, tasks, expected):
    labels = choice_labels(tasks)
    assert labels == expected
    assert len(set(labels)) == len(labels) and all(len(lb) <= 20 for lb in labels)


# -- 8. a change is counted in one month's digest ------------------------------------------

def test_a_completion_is_in_the_next_digest_only_and_the_digest_says_what_it_covers(demo_bot):
    demo_bot.clock.value = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
    demo_bot.say("o12 เสร็จแล้ว", user=FINANCE)
    run_clock(demo_bot, datetime(2026, 12, 8, 2, 30, tzinfo=UTC))  # December's digest was due
    run_clock(demo_bot, datetime(2027, 1, 4, 2, 30, tzinfo=UTC))  # Mon 4 Jan
    digests = [t for t in pushes_to(demo_bot, HEAD) if t.startswith("📊")]
    assert len(digests) == 2
    december, january = digests
    assert "ช่วงที่สรุป: 1–30 พฤศจิกายน 2569" in december and "o12" not in december.split(
        "เดือนที่ผ่านมา")[1].split("\n")[1]
    assert "ช่วงที่สรุป: 1–31 ธันวาคม 2569" in january
    assert "เสร็จเพิ่ม 1" in january and "• o12 รายงานผลการดำเนินงาน" in january


# -- 6. the demo has a real name ------------------------------------------------------------

def test_the_demo_replaces_the_placeholder_organization_name(demo_bot):
    with transaction(demo_bot.rt.factory) as s:
        assert s.scalar(select(Organization)).name == "อบต.หนองตะไก่"
