"""What a coordinator does in the console, through the app as a browser would: import a
plan from a file, fix it, confirm it; correct an update; invite people with a QR code; bind
a group; change the reminder policy. Each change is checked where a user would notice it."""

from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import quote

from sqlalchemy import func, select

from models import (
    ChatGroup,
    ConsoleAudit,
    Measure,
    OrgHoliday,
    Person,
    ReminderPolicy,
    StatusChange,
    Task,
    Unit,
)
from tests.console_support import COORDINATOR, HEAD_FINANCE, csrf, post, signed_in
from tests.import_support import seed_path, seed_to_docx


def _upload(client, path, name):
    token = csrf(client.get("/console/plan"))
    return client.post("/console/plan/upload", data={"csrf_token": token,
                       "file": (io.BytesIO(path.read_bytes()), name)},
                       content_type="multipart/form-data")


def _count(bot, model, *where) -> int:
    with bot.rt.factory() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_upload_review_fix_a_due_date_confirm_and_the_board_shows_the_plan(bot, tmp_path):
    bot.person("Ucoord", "coordinator", None, name="กตัญญา")
    client = signed_in(bot, "Ucoord")
    docx = seed_to_docx(seed_path("001"), tmp_path / "plan.docx")
    answer = _upload(client, docx, "แผน 001.docx")
    assert answer.status_code == 302
    review_path = answer.location
    page = client.get(review_path).get_data(as_text=True)
    assert 'id="found">13<' in page and "ใหม่" in page  # new units are marked
    assert _count(bot, Measure) == 0  # nothing stored before the confirmation

    token = review_path.rsplit("/", 1)[1]
    fixed = post(client, review_path, f"/console/plan/review/{token}/task",
                 {"measure": "0", "task": "0", "title": "ข้อมูลพื้นฐาน", "due": "2023-02-15",
                  "status": "not_started"})
    assert fixed.status_code == 302
    assert "15 ก.พ. 2566" in client.get(review_path).get_data(as_text=True)
    download = client.get(f"/console/plan/review/{token}.xlsx")
    assert download.data.startswith(b"PK")

    confirmed = post(client, review_path, f"/console/plan/review/{token}/confirm")
    assert confirmed.status_code == 302
    board = client.get(confirmed.location).get_data(as_text=True)
    assert 'id="measure-count">13<' in board
    with bot.rt.factory() as session:
        assert session.scalar(select(func.count()).select_from(Task).where(
            Task.due_on == date(2023, 2, 15))) >= 1
    tasks = _count(bot, Task)

    post(client, review_path, f"/console/plan/review/{token}/confirm")  # pressed twice
    again = _upload(client, docx, "แผน 001.docx")  # the same file again
    post(client, again.location, f"/console/plan/review/{again.location.rsplit('/', 1)[1]}/confirm")
    assert _count(bot, Measure) == 13 and _count(bot, Task) == tasks
    assert _count(bot, ConsoleAudit, ConsoleAudit.action == "plan_import") == 2


def test_a_file_that_is_not_a_plan_gets_a_clear_message(bot):
    bot.person("Ucoord", "coordinator", None)
    client = signed_in(bot, "Ucoord")
    token = csrf(client.get("/console/plan"))
    answer = client.post("/console/plan/upload", data={"csrf_token": token,
                         "file": (io.BytesIO(b"\x00\x01\x02binary"), "plan.docx")},
                         content_type="multipart/form-data", follow_redirects=True)
    assert "อ่านไฟล์ไม่ได้" in answer.get_data(as_text=True)
    assert _count(bot, Measure) == 0


def test_a_correction_is_a_new_history_row_with_who_and_from_where(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user="Udemo0officer0finance")
    with demo_bot.rt.factory() as session:
        task = session.scalar(select(Task).where(Task.status == "done"))
    client = signed_in(demo_bot, HEAD_FINANCE)
    post(client, f"/console/tasks/{task.id}", f"/console/tasks/{task.id}/correct",
         {"status": "in_progress", "percent": "60", "note": "ยังไม่ได้เผยแพร่บนเว็บไซต์"})
    page = client.get(f"/console/tasks/{task.id}").get_data(as_text=True)
    assert "ข้อความ LINE" in page and "หน้าจัดการ" in page and "ยังไม่ได้เผยแพร่" in page
    with demo_bot.rt.factory() as session:
        rows = session.scalars(select(StatusChange).where(StatusChange.task_id == task.id)
                               .order_by(StatusChange.id)).all()
        assert [r.source for r in rows] == ["line", "console"]
        assert rows[0].to_status == "done" and rows[1].to_status == "in_progress"
        assert session.get(Task, task.id).status == "in_progress"
        head = session.scalar(select(Person).where(Person.line_user_id == HEAD_FINANCE))
        assert rows[1].person_id == head.id


def test_an_invite_shows_a_qr_code_and_the_code_registers_in_chat(demo_bot):
    client = signed_in(demo_bot, COORDINATOR)
    with demo_bot.rt.factory() as session:
        unit_id = session.scalar(select(Unit.id).where(Unit.name == "กองช่าง"))
    page = post(client, "/console/people", "/console/invites",
                {"role": "officer", "unit": str(unit_id)}).get_data(as_text=True)
    code = re.search(r'id="code">([0-9A-Z]{8})<', page).group(1)
    assert "<svg" in page and "https://line.me/R/oaMessage/%40ita-bot/?" in page
    assert quote(f"ลงทะเบียน {code}", safe="") in page
    replies = demo_bot.say(f"ลงทะเบียน {code}", user="Unewcomer")
    assert "กองช่าง" in replies[-1]
    assert "ยังไม่เคยรายงาน" in client.get("/console/people").get_data(as_text=True)


def test_binding_a_group_and_deactivating_a_person(demo_bot):
    demo_bot.group("Cnewgroup", None, bound=False)
    client = signed_in(demo_bot, COORDINATOR)
    with demo_bot.rt.factory() as session:
        group = session.scalar(select(ChatGroup).where(ChatGroup.line_group_id == "Cnewgroup"))
        unit_id = session.scalar(select(Unit.id).where(Unit.name == "กองการศึกษา"))
        officer = session.scalar(select(Person).where(Person.line_user_id == "Udemo0officer0works"))
    assert "ยังไม่ผูก" in client.get("/console/groups").get_data(as_text=True)
    post(client, "/console/groups", f"/console/groups/{group.id}/bind", {"unit": str(unit_id)})
    post(client, "/console/people", f"/console/people/{officer.id}/active", {"active": "0"})
    with demo_bot.rt.factory() as session:
        me = session.scalar(select(Person.id).where(Person.line_user_id == COORDINATOR))
    assert post(client, "/console/people", f"/console/people/{me}/active",
                {"active": "0"}).status_code == 400
    with demo_bot.rt.factory() as session:
        group = session.get(ChatGroup, group.id)
        assert group.bound and group.unit_id == unit_id
        assert not session.get(Person, officer.id).active


def test_changing_the_policy_and_adding_a_holiday(demo_bot):
    client = signed_in(demo_bot, COORDINATOR)
    post(client, "/console/settings", "/console/settings/policy",
         {"days_before": "5,2", "overdue_every": "2", "escalate_after": "4", "work_start": "08:00",
          "work_end": "16:00", "budget": "500", "share": "60"})
    refused = post(client, "/console/settings", "/console/settings/policy",
                   {"days_before": "99", "overdue_every": "2", "escalate_after": "4",
                    "work_start": "08:00", "work_end": "16:00", "budget": "500", "share": "60"},
                   follow_redirects=True)
    assert "บันทึกไม่ได้" in refused.get_data(as_text=True)
    post(client, "/console/settings", "/console/settings/holidays",
         {"day": "2026-12-30", "name": "วันหยุดพิเศษ"})
    with demo_bot.rt.factory() as session:
        row = session.scalar(select(ReminderPolicy))
        assert (row.days_before, row.overdue_every, row.monthly_budget) == ("5,2", 2, 500)
        assert session.scalar(select(OrgHoliday.name)) == "วันหยุดพิเศษ"
    assert "30 ธันวาคม 2569" in client.get("/console/settings").get_data(as_text=True)


def test_an_executive_sees_settings_but_cannot_change_them(demo_bot):
    client = signed_in(demo_bot, "Udemo0executive")
    assert client.get("/console/settings").status_code == 200
    answer = post(client, "/console/settings", "/console/settings/policy", {"days_before": "2"})
    assert answer.status_code == 403


def test_a_task_with_history_cannot_be_deleted_but_can_be_moved(demo_bot):
    demo_bot.say("o12 เสร็จแล้ว", user="Udemo0officer0finance")
    client = signed_in(demo_bot, COORDINATOR)
    with demo_bot.rt.factory() as session:
        task = session.scalar(select(Task).where(Task.status == "done"))
        works = session.scalar(select(Unit.id).where(Unit.name == "กองช่าง"))
    measure_page = f"/console/plan/measures/{task.measure_id}"
    refused = post(client, measure_page, f"/console/plan/tasks/{task.id}/delete", follow_redirects=True)
    assert "ลบไม่ได้" in refused.get_data(as_text=True)
    post(client, measure_page, f"/console/plan/tasks/{task.id}",
         {"title": task.title, "due": "2027-04-30", "unit": str(works)})
    with demo_bot.rt.factory() as session:
        moved = session.get(Task, task.id)
        assert moved.unit_id == works and str(moved.due_on) == "2027-04-30"
        assert session.scalar(select(func.count()).select_from(StatusChange)
                              .where(StatusChange.task_id == task.id)) == 1


def test_every_page_answers_for_every_role(demo_bot):
    for who in (COORDINATOR, HEAD_FINANCE, "Udemo0executive"):
        client = signed_in(demo_bot, who)
        for page in ("/console/board", "/console/plan", "/console/people", "/console/groups",
                     "/console/settings", "/console/reports", "/console/board?state=overdue",
                     "/console/board?month=2027-01&indicator=9"):
            assert client.get(page).status_code == 200, (who, page)
