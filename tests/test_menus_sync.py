"""`python -m bot menus sync`: every role's menu made right on LINE (the stand-in) and every
registered person linked to their role's menu; a second run changes nothing; a menu LINE lost
or a changed design is created again and the old one deleted; LINE's errors are retried when
temporary and reported clearly when not."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

import bot.menu_resync as menu_resync
from bot.cli import main
from menus.definitions import MENUS
from models import Person, RichMenu
from tests.evidence_support import EXECUTIVE, FINANCE
from tests.harness import SECRET


@pytest.fixture
def sync(demo_bot, monkeypatch, capsys):
    for name, value in {"DATABASE_URL": demo_bot.rt.config.database_url,
                        "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": "test-token",
                        "LINE_API_BASE_URL": demo_bot.standin.url}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(menu_resync, "PAUSES", (0.0, 0.0, 0.0))

    def run(*extra: str) -> tuple[int, list[str]]:
        code = main(["menus", "sync", *extra])
        out, err = capsys.readouterr()
        return code, (out + err).splitlines()
    return run


def created(bot) -> int:
    return sum(1 for r in bot.standin.state.requests
               if r.path == "/v2/bot/richmenu" and r.method == "POST" and r.status == 200)


def labels(bot, user: str) -> list[str]:
    menu = bot.standin.state.menu_of(user)
    return [a["action"]["label"] for a in menu["areas"]] if menu else []


def registered(bot) -> list[str]:
    with bot.rt.factory() as s:
        return list(s.scalars(select(Person.line_user_id).where(Person.active.is_(True))))


def test_sync_links_everyone_to_their_roles_menu_and_a_second_run_changes_nothing(demo_bot, sync):
    code, lines = sync()
    assert code == 0
    assert lines[0] == "default:"  # the organization's slug, then what was done
    assert created(demo_bot) == len(MENUS)
    assert all(any(line.strip().startswith(f"{role}: created menu ") for line in lines)
               for role in MENUS)
    assert labels(demo_bot, EXECUTIVE) == [b.label for b in MENUS["executive"]]
    assert labels(demo_bot, FINANCE) == [b.label for b in MENUS["officer"]]
    assert all(demo_bot.standin.state.menu_of(user) for user in registered(demo_bot))

    code, again = sync()
    assert code == 0 and created(demo_bot) == len(MENUS)  # nothing new on LINE
    assert all(f"  {role}: menu " in "\n".join(again) for role in MENUS)
    assert all("(0 changed)" in line for line in again if "linked" in line)
    assert [d for d in demo_bot.standin.state.requests if d.method == "DELETE"] == []


def test_a_menu_deleted_on_line_is_created_again_and_relinked(demo_bot, sync):
    sync()
    gone = demo_bot.standin.state.user_menus[EXECUTIVE]
    del demo_bot.standin.state.rich_menus[gone]  # someone deleted it in LINE's console
    demo_bot.standin.state.user_menus.pop(EXECUTIVE)
    code, lines = sync()
    assert code == 0
    assert any(line.strip().startswith("executive: created menu ")
               and f"LINE no longer had {gone}" in line for line in lines)
    assert labels(demo_bot, EXECUTIVE) == [b.label for b in MENUS["executive"]]


def test_a_changed_design_replaces_the_old_menu_and_deletes_it(demo_bot, sync):
    sync()
    old = demo_bot.standin.state.user_menus[FINANCE]
    with demo_bot.rt.factory.begin() as s:  # as if the officer menu's design had changed
        s.execute(update(RichMenu).where(RichMenu.line_rich_menu_id == old).values(digest="old"))
    code, lines = sync()
    assert code == 0
    new = demo_bot.standin.state.user_menus[FINANCE]
    assert new != old and old not in demo_bot.standin.state.rich_menus
    assert f"  officer: deleted the superseded menu {old}" in lines
    with demo_bot.rt.factory() as s:
        assert s.scalars(select(RichMenu.line_rich_menu_id)
                         .where(RichMenu.role == "officer")).all() == [new]


def test_temporary_line_errors_are_retried(demo_bot, sync):
    demo_bot.standin.state.fail_menus = [(500, {"message": "Internal error"}),
                                         (429, {"message": "Too many requests"})]
    code, lines = sync()
    assert code == 0 and not any(line.strip().startswith("error") for line in lines)
    assert "  (LINE API 500: Internal error; trying again in 0 s)" in lines
    assert labels(demo_bot, EXECUTIVE) == [b.label for b in MENUS["executive"]]


def test_a_refusal_is_reported_clearly_and_the_other_roles_still_sync(demo_bot, sync):
    demo_bot.standin.state.fail_menus = [(400, {"message": "The request body has 1 error(s)"})]
    code, lines = sync()
    assert code == 1
    [error] = [line for line in lines if "error:" in line]
    assert error.strip() == ("error: officer: LINE refused the menu (LINE API 400: The request "
                             "body has 1 error(s)); its people were not relinked")
    assert labels(demo_bot, FINANCE) == []
    assert labels(demo_bot, EXECUTIVE) == [b.label for b in MENUS["executive"]]
    code, _ = sync()  # run again once LINE accepts: all put right
    assert code == 0 and labels(demo_bot, FINANCE) == [b.label for b in MENUS["officer"]]


def test_an_unknown_organization_is_refused(demo_bot, sync):
    code, lines = sync("--org", "nowhere")
    assert code == 2 and lines == ["menus: no active organization 'nowhere'"]
