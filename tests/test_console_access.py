"""Signing in to the console: one-time links from LINE or the command line, sessions that
end, CSRF on every form, and what each role may see and change."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import ConsoleAudit, Task, Unit
from tests.console_support import (
    COORDINATOR,
    EXECUTIVE,
    HEAD_FINANCE,
    OFFICER,
    csrf,
    link_for,
    post,
    signed_in,
)


def test_a_coordinator_asks_the_bot_for_a_link_and_it_signs_in_once(demo_bot):
    replies = demo_bot.say("เปิดหน้าจัดการ", user=COORDINATOR)
    link = next(line for line in replies[-1].splitlines() if "/console/signin/" in line)
    path = link[link.index("/console/"):]
    assert len(path.rsplit("/", 1)[1]) >= 43  # 256 bits in URL-safe base64
    client = demo_bot.app.test_client()
    page = client.get(path)
    assert page.status_code == 200  # a link preview only sees the button
    assert client.post(path, data={"csrf_token": csrf(page)}).status_code == 302
    assert client.get("/console/board").status_code == 200
    refused = client.post(path, data={"csrf_token": csrf(client.get("/console/board"))})
    assert refused.status_code == 410
    assert "ถูกใช้ไปแล้ว" in demo_bot.app.test_client().get(path).get_data(as_text=True)


@pytest.mark.parametrize(("user", "group", "answer"), [
    (OFFICER, None, "เฉพาะผู้ประสานงาน"),
    (COORDINATOR, "Cdemo0finance", "แชตส่วนตัว"),
    ("Unobody", None, "เฉพาะผู้ประสานงาน"),
])
def test_who_cannot_get_a_link_is_told_why(demo_bot, user, group, answer):
    replies = demo_bot.say("เปิดหน้าจัดการ", user=user, group=group, mention=bool(group))
    assert answer in replies[-1] and "/console/signin/" not in replies[-1]


def test_an_expired_link_is_refused(demo_bot):
    path = link_for(demo_bot, COORDINATOR)
    demo_bot.clock.advance(minutes=11)
    client = demo_bot.app.test_client()
    assert client.get(path).status_code == 410
    assert "หมดอายุ" in client.get(path).get_data(as_text=True)


def test_a_session_ends_after_eight_idle_hours(demo_bot):
    client = signed_in(demo_bot, COORDINATOR)
    demo_bot.clock.advance(hours=7, minutes=59)
    assert client.get("/console/board").status_code == 200
    demo_bot.clock.advance(hours=8, minutes=1)
    assert client.get("/console/board").status_code == 401


def test_the_session_cookie_is_httponly_and_lax(demo_bot):
    client = demo_bot.app.test_client()
    path = link_for(demo_bot, COORDINATOR)
    answer = client.post(path, data={"csrf_token": csrf(client.get(path))})
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/console" in cookie


def test_a_form_without_its_csrf_token_changes_nothing(demo_bot):
    client = signed_in(demo_bot, COORDINATOR)
    answer = client.post("/console/settings/policy", data={"days_before": "3", "overdue_every": "5",
                         "escalate_after": "7", "work_start": "08:30", "work_end": "16:30",
                         "budget": "300", "share": "50"})
    assert answer.status_code == 400
    assert "3" not in client.get("/console/settings").get_data(as_text=True).split('id="days_before"')[1][:40]


def _task_of(bot, unit_name: str) -> int:
    with bot.rt.factory() as session:
        return session.scalar(select(Task.id).join(Unit, Task.unit_id == Unit.id)
                              .where(Unit.name == unit_name).order_by(Task.id).limit(1))


# who, whose task, may open it, may correct it
ROLES = [
    (HEAD_FINANCE, "กองคลัง", 200, 302),
    (HEAD_FINANCE, "กองช่าง", 403, 403),
    (EXECUTIVE, "กองช่าง", 200, 403),
    (COORDINATOR, "กองช่าง", 200, 302),
]


@pytest.mark.parametrize(("who", "unit", "opens", "corrects"), ROLES)
def test_each_role_sees_and_changes_what_it_may(demo_bot, who, unit, opens, corrects):
    client = signed_in(demo_bot, who)
    task_id = _task_of(demo_bot, unit)
    assert client.get(f"/console/tasks/{task_id}").status_code == opens
    answer = post(client, "/console/board", f"/console/tasks/{task_id}/correct",
                  {"status": "done", "note": "ส่งแล้ว"})
    assert answer.status_code == corrects


def test_officers_cannot_sign_in_even_with_a_link(demo_bot):
    client = demo_bot.app.test_client()
    path = link_for(demo_bot, OFFICER)
    assert client.post(path, data={"csrf_token": csrf(client.get(path))}).status_code == 410
    assert client.get("/console/board").status_code == 401


def test_sign_ins_are_recorded(demo_bot):
    signed_in(demo_bot, EXECUTIVE)
    with demo_bot.rt.factory() as session:
        assert session.scalar(select(func.count()).select_from(ConsoleAudit)
                              .where(ConsoleAudit.action == "signin")) == 1


def test_the_command_line_link_signs_in_the_first_coordinator_of_a_new_org(db_url, monkeypatch, capsys):
    from bot.app import create_app
    from bot.cli import main
    from bot.config import load
    from bot.runtime import Runtime
    from tests.harness import SECRET

    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://ita.example.go.th")
    assert main(["console-link", "--org", "default"]) == 0
    link = capsys.readouterr().out.strip()
    assert link.startswith("https://ita.example.go.th/console/signin/")
    rt = Runtime.create(load({"DATABASE_URL": db_url, "LINE_CHANNEL_SECRET": SECRET,
                              "LINE_CHANNEL_ACCESS_TOKEN": "t",
                              "PUBLIC_BASE_URL": "https://ita.example.go.th"}))
    client = create_app(rt).test_client()
    path = link.removeprefix("https://ita.example.go.th")
    answer = client.post(path, data={"csrf_token": csrf(client.get(path))}, base_url="https://localhost")
    assert answer.status_code == 302 and "Secure" in answer.headers["Set-Cookie"]
    page = client.get("/console/people", base_url="https://localhost").get_data(as_text=True)
    assert "สร้างรหัสเชิญ" in page  # the set-up coordinator can invite the real one
    rt.engine.dispose()
