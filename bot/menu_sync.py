"""Gives each person their role's rich menu on LINE: creates a role's menu (and uploads its
image) the first time it is needed, and links it when someone registers or their role
changes. `menu_links` remembers what each person has, so nothing is relinked needlessly
and a failed call is simply tried again after their next message."""

from __future__ import annotations

import logging
from collections import defaultdict

from sqlalchemy import and_, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.line_api import LineError
from bot.runtime import Runtime
from menus.definitions import digest, line_menu, menu_role
from menus.render import render_menu
from models import Membership, MenuLink, Person, RichMenu
from models.db import reading, transaction

log = logging.getLogger(__name__)


def _menu_id(rt: Runtime, org_id: int, role: str) -> str:
    """The role's current menu on LINE, created (with its image) the first time. LINE is
    called outside any transaction, so the webhook never waits on SQLite's write lock."""
    wanted = digest(role)
    query = select(RichMenu.line_rich_menu_id).where(
        RichMenu.org_id == org_id, RichMenu.role == role, RichMenu.digest == wanted)
    with reading(rt.engine) as session:
        if existing := session.scalar(query):
            return existing
    menu_id = rt.gateway_for(org_id).create_rich_menu(line_menu(role), render_menu(role))
    try:
        with transaction(rt.factory) as session:
            session.add(RichMenu(org_id=org_id, role=role, digest=wanted,
                                 line_rich_menu_id=menu_id, created_at=rt.now()))
    except IntegrityError:  # another worker created it meanwhile: use theirs
        with reading(rt.engine) as session:
            return session.scalar(query)
    return menu_id


def menus_outdated(session: Session, people: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of these (organization, LINE user) are active, registered and linked to a menu
    that is not their role's current one. One query for a worker's whole batch, after its
    changes (a registration, a role change), so the usual answer, "none", costs no LINE
    call and one round trip."""
    if not people:
        return set()
    rows = session.execute(
        select(Person.org_id, Person.line_user_id, Membership.role, RichMenu.role,
               RichMenu.digest)
        .join(Membership, Membership.person_id == Person.id)
        .outerjoin(MenuLink, MenuLink.person_id == Person.id)
        .outerjoin(RichMenu, and_(RichMenu.org_id == Person.org_id,
                                  RichMenu.line_rich_menu_id == MenuLink.line_rich_menu_id))
        .where(Person.org_id.in_({org for org, _ in people}),
               Person.line_user_id.in_({user for _, user in people}), Person.active)
    ).all()
    held: dict[tuple[int, str], set[str]] = defaultdict(set)
    linked: dict[tuple[int, str], tuple[str | None, str | None]] = {}
    for org_id, user, role, linked_role, linked_digest in rows:
        held[(org_id, user)].add(role)
        linked[(org_id, user)] = (linked_role, linked_digest)
    outdated = set()
    for person in held.keys() & people:
        role = menu_role(held[person])
        if role is not None and linked[person] != (role, digest(role)):
            outdated.add(person)
    return outdated


def sync_person_menu(rt: Runtime, org_id: int, line_user_id: str) -> str | None:
    """Link the person's menu if it is not the one they have; the role linked, or None."""
    try:
        with reading(rt.engine) as session:
            person = session.scalar(select(Person).where(Person.org_id == org_id,
                                                         Person.line_user_id == line_user_id))
            if person is None or not person.active:
                return None
            person_id, role = person.id, menu_role({m.role for m in person.memberships})
            linked = session.scalar(select(MenuLink.line_rich_menu_id)
                                    .where(MenuLink.person_id == person_id))
        if role is None:
            return None
        menu_id = _menu_id(rt, org_id, role)
        if linked == menu_id:
            return role  # the usual case: nothing to do
        rt.gateway_for(org_id).link_rich_menu(line_user_id, menu_id)
        with transaction(rt.factory) as session:
            link = session.scalar(select(MenuLink).where(MenuLink.person_id == person_id))
            if link is None:
                link = MenuLink(person_id=person_id, role=role, line_rich_menu_id=menu_id)
                session.add(link)
            link.role, link.line_rich_menu_id, link.linked_at = role, menu_id, rt.now()
        return role
    except (LineError, LookupError) as err:
        log.warning("rich menu not linked (%s); will try after the next message", err)
        return None


def sync_all_menus(rt: Runtime, org_id: int) -> int:
    """Link every active person's menu (after an import of people, or on a new stand-in)."""
    with reading(rt.engine) as session:
        users = session.scalars(select(Person.line_user_id).where(
            Person.org_id == org_id, Person.active.is_(True))).all()
    return sum(1 for user in users if sync_person_menu(rt, org_id, user))


def forget_menus(rt: Runtime, org_id: int) -> None:
    """Local mode starts a fresh LINE stand-in that knows no menus: forget ours too."""
    with transaction(rt.factory) as session:
        people = select(Person.id).where(Person.org_id == org_id)
        session.execute(delete(MenuLink).where(MenuLink.person_id.in_(people)))
        session.execute(delete(RichMenu).where(RichMenu.org_id == org_id))
