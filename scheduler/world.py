"""A small organization in the database: units, people, LINE groups, measures and tasks.
Used by `python -m bot simulate` and by the scheduler's tests, so both exercise the
same shapes the real app creates."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.thai.calendar_words import fiscal_year_bounds
from models import (
    ChatGroup,
    FiscalYear,
    Measure,
    MeasureRef,
    MeasureUnit,
    Membership,
    Organization,
    Person,
    Role,
    Task,
    Unit,
)


def line_id(prefix: str, *parts: object) -> str:
    """A stable LINE-shaped id: U… for users, C… for groups (33 characters)."""
    digest = hashlib.sha256("/".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return prefix + digest


@dataclass
class World:
    org_id: int
    slug: str
    fiscal_year_id: int
    units: dict[str, int] = field(default_factory=dict)  # name → id
    groups: dict[str, str] = field(default_factory=dict)  # unit name → LINE group id
    group_ids: dict[str, int] = field(default_factory=dict)  # unit name → chat_groups.id
    officers: dict[str, list[str]] = field(default_factory=dict)  # unit → LINE user ids
    heads: dict[str, str] = field(default_factory=dict)  # unit → LINE user id
    executives: list[str] = field(default_factory=list)
    coordinator: str | None = None
    person_ids: dict[str, int] = field(default_factory=dict)  # LINE user id → people.id
    _measures: int = 0


def add_person(session: Session, world: World, name: str, role: Role,
               unit: str | None = None) -> str:
    user = line_id("U", world.slug, name)
    person = session.scalar(select(Person).where(Person.org_id == world.org_id,
                                                 Person.line_user_id == user))
    if person is None:
        person = Person(org_id=world.org_id, line_user_id=user, display_name=name)
        session.add(person)
        session.flush()
    session.add(Membership(person_id=person.id, role=role.value,
                           unit_id=world.units[unit] if unit else None))
    session.flush()
    world.person_ids[user] = person.id
    return user


def add_unit(session: Session, world: World, name: str, officers: int = 2,
             head: bool = True) -> int:
    """A unit (or one the plan already created) with its officers and head."""
    unit = session.scalar(select(Unit).where(Unit.org_id == world.org_id, Unit.name == name))
    if unit is None:
        unit = Unit(org_id=world.org_id, name=name)
        session.add(unit)
        session.flush()
    world.units[name] = unit.id
    world.officers[name] = [add_person(session, world, f"เจ้าหน้าที่ {name} {n + 1}", Role.OFFICER,
                                       name) for n in range(officers)]
    if head:
        world.heads[name] = add_person(session, world, f"หัวหน้า {name}", Role.HEAD, name)
    return unit.id


def add_group(session: Session, world: World, unit: str, members: int | None = None) -> str:
    group_id = line_id("C", world.slug, unit)
    row = ChatGroup(org_id=world.org_id, line_group_id=group_id, unit_id=world.units[unit],
                    bound=True, active=True, member_count=members)
    session.add(row)
    session.flush()
    world.groups[unit] = group_id
    world.group_ids[unit] = row.id
    return group_id


def build_world(session: Session, *, slug: str = "demo",
                name: str = "เทศบาลตำบลตัวอย่าง", units: Sequence[str] = ("สำนักปลัด",),
                groups_for: Sequence[str] = (), members: int | None = None,
                officers: int = 2, executives: int = 2, coordinator: bool = True,
                fiscal_year: int = 2566) -> World:
    org = session.scalar(select(Organization).where(Organization.slug == slug))
    if org is None:
        org = Organization(slug=slug, name=name)
        session.add(org)
        session.flush()
    start, end = fiscal_year_bounds(fiscal_year)
    fy = session.scalar(select(FiscalYear).where(FiscalYear.org_id == org.id,
                                                 FiscalYear.year_be == fiscal_year))
    if fy is None:
        fy = FiscalYear(org_id=org.id, year_be=fiscal_year, starts_on=start, ends_on=end)
        session.add(fy)
        session.flush()
    world = World(org.id, slug, fy.id)
    for unit in units:
        add_unit(session, world, unit, officers)
    for unit in groups_for:
        add_group(session, world, unit, members)
    world.executives = [add_person(session, world, f"ผู้บริหาร {n + 1}", Role.EXECUTIVE)
                        for n in range(executives)]
    if coordinator:
        world.coordinator = add_person(session, world, "ผู้ประสานงาน ITA", Role.COORDINATOR)
    return world


def add_task(session: Session, world: World, unit: str, title: str, due_on: date | None, *,
             refs: Sequence[str] = (), status: str = "not_started", indicator: int | None = None,
             tool: str | None = None, key: str | None = None) -> Task:
    world._measures += 1
    measure = Measure(org_id=world.org_id, fiscal_year_id=world.fiscal_year_id,
                      key=key or f"m{world._measures}", title=title, tool=tool,
                      indicator=indicator)
    session.add(measure)
    session.flush()
    for position, ref in enumerate(refs):
        session.add(MeasureRef(measure_id=measure.id, ref=ref, position=position))
    session.add(MeasureUnit(measure_id=measure.id, unit_id=world.units[unit]))
    task = Task(org_id=world.org_id, measure_id=measure.id, unit_id=world.units[unit],
                key=f"t{world._measures}", title=title, due_on=due_on, status=status)
    session.add(task)
    session.flush()
    return task
