"""The operator's full re-sync of rich menus with LINE (`python -m bot menus sync`).

The worker links menus one person at a time, after their own messages (`bot/menu_sync.py`).
This puts a whole organization right in one go: after a new menu design is deployed, after
someone deleted a menu in LINE's console, or after people were imported. For each role it
makes sure LINE has the current design (created, with its image, when it changed or
vanished), links every registered person to their role's menu (500 per call), and then
deletes the superseded designs. Running it twice changes nothing the second time, apart
from linking people to the menu they already have, which LINE accepts as a no-op.

LINE is called outside any transaction; temporary failures (429, 5xx, network) are tried
again after a pause, a refusal is reported in one clear line and that role is skipped.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from bot.line_api import LineError
from bot.runtime import Runtime
from menus.definitions import MENUS, digest, line_menu, menu_role
from menus.render import render_menu
from models import MenuLink, Person, RichMenu
from models.db import reading, transaction

BULK = 500  # LINE links at most 500 people per call
PAUSES = (1.0, 4.0, 10.0)  # before the 2nd, 3rd and 4th try of a temporary failure


@dataclass
class SyncReport:
    """What one organization's sync did, one line each, for the operator to read."""

    lines: list[str] = field(default_factory=list)
    failed: bool = False

    def say(self, line: str) -> None:
        self.lines.append(line)

    def fail(self, line: str) -> None:
        self.failed = True
        self.lines.append(f"error: {line}")


def _with_retries(call: Callable[[], object], sleep: Callable[[float], None],
                  report: SyncReport):
    """Run a LINE call, pausing and trying again while the failure is temporary."""
    for pause in PAUSES:
        try:
            return call()
        except LineError as err:
            if err.permanent:
                raise
            wait = err.retry_after or pause
            report.say(f"({err}; trying again in {wait:g} s)")
            sleep(wait)
    return call()  # the last try: its error is the one reported


def sync_organization(rt: Runtime, org_id: int,
                      sleep: Callable[[float], None] = time.sleep) -> SyncReport:
    report = SyncReport()
    try:
        gateway = rt.gateway_for(org_id)
    except LookupError as err:
        report.fail(f"no LINE channel to sync with ({err})")
        return report
    with reading(rt.engine) as session:
        people = session.scalars(select(Person).where(Person.org_id == org_id,
                                                      Person.active.is_(True))).all()
        wanted = {p.id: (p.line_user_id, menu_role({m.role for m in p.memberships})) for p in people}
        linked = dict(session.execute(select(MenuLink.person_id, MenuLink.line_rich_menu_id)
                                      .where(MenuLink.person_id.in_(list(wanted) or [0]))).all())
        menus = session.execute(select(RichMenu.role, RichMenu.digest, RichMenu.line_rich_menu_id)
                                .where(RichMenu.org_id == org_id)).all()
    by_role: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for person_id, (user_id, role) in wanted.items():
        if role is not None:
            by_role[role].append((person_id, user_id))

    for role in MENUS:
        current = next((m.line_rich_menu_id for m in menus
                        if m.role == role and m.digest == digest(role)), None)
        try:
            menu_id = _current_menu(rt, gateway, org_id, role, current, report, sleep)
        except LineError as err:
            report.fail(f"{role}: LINE refused the menu ({err}); its people were not relinked")
            continue
        members = by_role.get(role, [])
        try:
            for start in range(0, len(members), BULK):
                chunk = members[start:start + BULK]
                users = [user for _, user in chunk]
                _with_retries(lambda m=menu_id, u=users: gateway.link_rich_menu_to_users(m, u),
                              sleep, report)
                _remember_links(rt, role, menu_id, [person for person, _ in chunk])
        except LineError as err:
            report.fail(f"{role}: linking failed ({err}); run the sync again")
            continue
        changed = sum(1 for person, _ in members if linked.get(person) != menu_id)
        people = "person" if len(members) == 1 else "people"
        report.say(f"{role}: linked {len(members)} {people} ({changed} changed)")
        for old in (m for m in menus if m.role == role and m.line_rich_menu_id not in (menu_id, current)):
            try:
                _with_retries(lambda o=old: gateway.delete_rich_menu(o.line_rich_menu_id), sleep,
                              report)
            except LineError as err:
                report.fail(f"{role}: old menu {old.line_rich_menu_id} not deleted ({err})")
                continue
            with transaction(rt.factory) as session:
                session.execute(delete(RichMenu).where(
                    RichMenu.org_id == org_id, RichMenu.line_rich_menu_id == old.line_rich_menu_id))
            report.say(f"{role}: deleted the superseded menu {old.line_rich_menu_id}")
    return report


def _current_menu(rt: Runtime, gateway, org_id: int, role: str, known: str | None,
                  report: SyncReport, sleep) -> str:
    """The role's menu of the current design on LINE: the known one when LINE still has it,
    else a new one (created and its image uploaded)."""
    if known and _with_retries(lambda: gateway.rich_menu_exists(known), sleep, report):
        report.say(f"{role}: menu {known} is up to date")
        return known
    menu_id = _with_retries(lambda: gateway.create_rich_menu(line_menu(role), render_menu(role)),
                            sleep, report)
    with transaction(rt.factory) as session:
        if known:  # LINE lost it: forget it, so nothing links to it again
            session.execute(delete(RichMenu).where(RichMenu.org_id == org_id,
                                                   RichMenu.line_rich_menu_id == known))
        session.add(RichMenu(org_id=org_id, role=role, digest=digest(role),
                             line_rich_menu_id=menu_id, created_at=rt.now()))
    reason = "LINE no longer had " + known if known else "new design"
    report.say(f"{role}: created menu {menu_id} ({reason})")
    return menu_id


def _remember_links(rt: Runtime, role: str, menu_id: str, person_ids: list[int]) -> None:
    with transaction(rt.factory) as session:
        existing = {link.person_id: link for link in session.scalars(
            select(MenuLink).where(MenuLink.person_id.in_(person_ids)))}
        for person_id in person_ids:
            link = existing.get(person_id) or MenuLink(person_id=person_id, role=role,
                                                       line_rich_menu_id=menu_id)
            link.role, link.line_rich_menu_id, link.linked_at = role, menu_id, rt.now()
            session.add(link)
