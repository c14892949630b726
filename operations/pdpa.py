"""A person's requests under Thailand's PDPA: see everything stored about them (export)
and be forgotten (forget).

Forgetting removes what identifies the person — LINE user id, display name, their roles,
the webhook bodies they sent, the addresses of messages sent to them — and keeps the
anonymized history the organization's official records need: status changes still say
"a person (forgotten) marked o12 done on …" with the evidence links, because the ITA
assessment cites them. A forgotten person who writes to the bot again is a stranger and
registers anew.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from models import (
    InboxEvent,
    Invite,
    Membership,
    Organization,
    OutboxMessage,
    Person,
    ScheduledSend,
    StatusChange,
    Task,
    Unit,
)

FORGOTTEN = "forgotten:"


def _people(session: Session, line_user_id: str, org_slug: str | None) -> list[Person]:
    query = select(Person).where(Person.line_user_id == line_user_id)
    if org_slug:
        query = query.join(Organization, Organization.id == Person.org_id).where(
            Organization.slug == org_slug)
    return list(session.scalars(query.order_by(Person.id)))


def _when(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _events_of(line_user_id: str, org_id: int):
    """Webhook events this person sent (1:1 chat key, or their id in a group event's body)."""
    return (InboxEvent.org_id == org_id) & or_(
        InboxEvent.chat_key == line_user_id,
        InboxEvent.body.contains(f'"userId": "{line_user_id}"'))


def _readable(stored: str | None) -> Any:
    """Stored JSON as JSON in the export (not a string of escaped JSON); anything else,
    such as an unreadable body kept in base64, as it is."""
    try:
        return json.loads(stored) if stored else stored
    except ValueError:
        return stored


def export(session: Session, line_user_id: str, org_slug: str | None = None) -> dict[str, Any]:
    """Everything stored about one LINE user, by organization, as plain JSON data."""
    out: dict[str, Any] = {"line_user_id": line_user_id, "organizations": []}
    for person in _people(session, line_user_id, org_slug):
        org = session.get(Organization, person.org_id)
        roles = [{"role": m.role, "unit": session.get(Unit, m.unit_id).name if m.unit_id else None}
                 for m in person.memberships]
        changes = [{"task": title, "from": c.from_status, "to": c.to_status,
                    "percent": c.percent, "note": c.note, "evidence": c.urls,
                    "at": _when(c.created_at)}
                   for c, title in session.execute(
                       select(StatusChange, Task.title).join(Task, Task.id == StatusChange.task_id)
                       .where(StatusChange.person_id == person.id).order_by(StatusChange.id))]
        events = [{"type": e.event_type, "received_at": _when(e.received_at),
                   "body": _readable(e.body)}
                  for e in session.scalars(select(InboxEvent).where(
                      _events_of(line_user_id, org.id)).order_by(InboxEvent.id))]
        sent = [{"purpose": m.purpose, "status": m.status, "created_at": _when(m.created_at),
                 "sent_at": _when(m.sent_at), "messages": _readable(m.messages)}
                for m in session.scalars(select(OutboxMessage).where(
                    OutboxMessage.org_id == org.id, OutboxMessage.to == line_user_id)
                    .order_by(OutboxMessage.id))]
        invites = [{"purpose": i.purpose, "role": i.role, "used_at": _when(i.used_at)}
                   for i in session.scalars(select(Invite).where(
                       Invite.org_id == org.id, Invite.used_by == line_user_id))]
        out["organizations"].append({
            "organization": {"slug": org.slug, "name": org.name},
            "person": {"display_name": person.display_name, "active": person.active,
                       "registered_at": _when(person.created_at)},
            "roles": roles, "status_changes": changes, "invites_used": invites,
            "webhook_events": events, "messages_sent_to_them": sent,
        })
    return out


def forget(session: Session, line_user_id: str, now: datetime,
           org_slug: str | None = None) -> int:
    """Remove the person's name and LINE id everywhere; returns how many people (one per
    organization) were forgotten. Events still waiting to be handled are kept until they
    are (forgetting does not lose someone's last message mid-flight), then retention
    deletes them like every other."""
    people = _people(session, line_user_id, org_slug)
    for person in people:
        alias = FORGOTTEN + secrets.token_hex(8)
        org_id = person.org_id
        person.line_user_id, person.display_name, person.active = alias, "", False
        session.execute(delete(Membership).where(Membership.person_id == person.id))
        session.execute(delete(InboxEvent).where(_events_of(line_user_id, org_id),
                                                 InboxEvent.status != "pending"))
        session.execute(update(OutboxMessage).where(
            OutboxMessage.org_id == org_id, OutboxMessage.to == line_user_id,
            OutboxMessage.status.in_(("sent", "failed", "expired"))).values(
            to=alias, messages="[]", reply_token=None, line_response=None))
        session.execute(update(OutboxMessage).where(
            OutboxMessage.org_id == org_id, OutboxMessage.to == line_user_id).values(
            status="cancelled", to=alias, messages="[]", reply_token=None))
        session.execute(update(ScheduledSend).where(
            ScheduledSend.org_id == org_id, ScheduledSend.target == line_user_id).values(
            target=alias))
        session.execute(update(Invite).where(Invite.org_id == org_id,
                                             Invite.used_by == line_user_id).values(used_by=alias))
    return len(people)
