"""Who hears what: a unit's bound LINE group, or its officers one by one when it has no
group the bot is still in; heads, executives and the coordinator for digests and notices.
Loaded for many organizations at once, a few queries per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import ChatGroup, Membership, Person, Role, Unit
from scheduler.sends import orgs_in


class PersonRef(NamedTuple):
    """A person as the sweeps need them (a tuple: a national sweep makes 150,000)."""

    id: int
    line_user_id: str


@dataclass
class GroupRef:
    id: int
    line_group_id: str
    kind: str
    unit_id: int
    member_count: int | None
    checked_at: datetime | None


@dataclass
class OrgPeople:
    officers: dict[int, list[PersonRef]] = field(default_factory=lambda: defaultdict(list))
    heads: dict[int, list[PersonRef]] = field(default_factory=lambda: defaultdict(list))
    executives: list[PersonRef] = field(default_factory=list)
    coordinators: list[PersonRef] = field(default_factory=list)
    groups: dict[int, GroupRef] = field(default_factory=dict)  # unit id → its group
    unit_names: dict[int, str] = field(default_factory=dict)
    _head_units: dict[PersonRef, list[int]] | None = field(default=None, repr=False)

    def head_units(self) -> dict[PersonRef, list[int]]:
        """Each head and their units (asked once per forecast level: kept)."""
        if self._head_units is None:
            out: dict[PersonRef, list[int]] = defaultdict(list)
            for unit_id, heads in sorted(self.heads.items()):
                for head in heads:
                    out[head].append(unit_id)
            self._head_units = out
        return self._head_units


def load_people(session: Session, org_ids: Iterable[int]) -> dict[int, OrgPeople]:
    """Groups, units and people with a role, for many organizations at once. Officers of a
    unit whose group the bot is in are left out: the group hears for them."""
    ids = sorted(org_ids)
    out = {org_id: OrgPeople() for org_id in ids}
    connection = session.connection()  # plain rows: no ORM work for thousands of them
    in_group = (select(ChatGroup.id).where(ChatGroup.unit_id == Membership.unit_id,
                                           ChatGroup.bound.is_(True), ChatGroup.active.is_(True))
                .exists())
    rows = connection.execute(
        select(Person.org_id, Person.id, Person.line_user_id, Membership.role,
               Membership.unit_id)
        .join(Membership, Membership.person_id == Person.id)
        .where(orgs_in(Person.org_id, ids), Person.active.is_(True),
               or_(Membership.role != Role.OFFICER.value, ~in_group))
        .order_by(Person.id)
    ).all()
    officer, head, executive, coordinator = (Role.OFFICER.value, Role.HEAD.value,
                                             Role.EXECUTIVE.value, Role.COORDINATOR.value)
    for org_id, pid, line_id, role, unit_id in rows:
        people = out.get(org_id)
        if people is None:
            continue
        ref = PersonRef(pid, line_id)
        if role == officer and unit_id is not None:
            people.officers[unit_id].append(ref)
        elif role == head and unit_id is not None:
            people.heads[unit_id].append(ref)
        elif role == executive and ref not in people.executives:
            people.executives.append(ref)
        elif role == coordinator and ref not in people.coordinators:
            people.coordinators.append(ref)
    groups = connection.execute(
        select(ChatGroup.org_id, ChatGroup.id, ChatGroup.line_group_id, ChatGroup.kind,
               ChatGroup.unit_id, ChatGroup.member_count, ChatGroup.member_count_checked_at)
        .where(orgs_in(ChatGroup.org_id, ids), ChatGroup.bound.is_(True),
               ChatGroup.active.is_(True), ChatGroup.unit_id.is_not(None))
        .order_by(ChatGroup.id)
    ).all()
    for org_id, gid, line_id, kind, unit_id, count, checked in groups:
        if org_id in out:
            out[org_id].groups.setdefault(unit_id, GroupRef(gid, line_id, kind, unit_id, count,
                                                            checked))
    for org_id, unit_id, name in connection.execute(
        select(Unit.org_id, Unit.id, Unit.name).where(orgs_in(Unit.org_id, ids))
    ).all():
        if org_id in out:
            out[org_id].unit_names[unit_id] = name
    return out


@dataclass
class ReminderTarget:
    """One chat that gets one reminder message a day: a group, or a person 1:1."""

    key: str  # LINE group or user id
    kind: str  # group or person
    unit_ids: list[int]
    group: GroupRef | None = None
    person: PersonRef | None = None

    def heading(self, unit_names: dict[int, str]) -> str:
        if self.kind == "group":
            return f"เตือนงาน ITA · {unit_names.get(self.unit_ids[0], '')}"
        return "เตือนงาน ITA ของคุณ"


def reminder_targets(people: OrgPeople, unit_ids: Iterable[int]) -> list[ReminderTarget]:
    """The unit's bound, active group; else each of its officers; else its head."""
    targets: dict[str, ReminderTarget] = {}
    for unit_id in sorted(set(unit_ids)):
        group = people.groups.get(unit_id)
        if group is not None:
            targets[group.line_group_id] = ReminderTarget(group.line_group_id, "group",
                                                          [unit_id], group=group)
            continue
        for person in people.officers.get(unit_id) or people.heads.get(unit_id) or []:
            target = targets.setdefault(person.line_user_id, ReminderTarget(
                person.line_user_id, "person", [], person=person))
            target.unit_ids.append(unit_id)
    return list(targets.values())
