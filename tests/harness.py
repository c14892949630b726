"""Drives the bot the way LINE does: signed webhook bodies in, the real SDK client out to
the local LINE stand-in. Tests read what the stand-in received, as a person would."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import tempfile
from datetime import UTC, datetime, timedelta

from bot.app import create_app
from bot.config import load
from bot.runtime import Runtime
from bot.worker import handle_next
from models import ChatGroup, Membership, Organization, Person, Unit
from models.db import transaction
from models.queries import org_by_slug

SECRET = "0123456789abcdef0123456789abcdef"
_ids = itertools.count(1)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value

    def advance(self, **kwargs) -> None:
        self.value += timedelta(**kwargs)


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


class Harness:
    def __init__(self, db_url: str, standin, start: datetime | None = None) -> None:
        self.clock = Clock(start or datetime(2026, 11, 16, 3, 0, tzinfo=UTC))  # Mon 10:00 BKK
        config = load({"DATABASE_URL": db_url, "LINE_CHANNEL_SECRET": SECRET,
                       "LINE_CHANNEL_ACCESS_TOKEN": "test-token", "LINE_API_BASE_URL": standin.url,
                       "EVIDENCE_DIR": tempfile.mkdtemp(prefix="evidence-")})
        self.rt = Runtime.create(config, now=self.clock)
        self.org_id = self.rt.ensure_default_org()
        self.app = create_app(self.rt)
        self.client = self.app.test_client()
        self.standin = standin

    # -- what LINE sends -----------------------------------------------------------------
    def post(self, payload: dict | bytes, signature: str | None = "auto", path: str = "/callback"):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "auto":
            signature = sign(body)
        if signature is not None:
            headers["X-Line-Signature"] = signature
        return self.client.post(path, data=body, headers=headers)

    def event(self, kind: str = "message", *, user: str | None = "Uofficer1", group: str | None = None,
              text: str | None = None, quoted: str | None = None, mention: bool = False,
              data: str | None = None, event_id: str | None = None) -> dict:
        source = {"type": "group", "groupId": group} if group else {"type": "user"}
        if user:
            source["userId"] = user
        event = {
            "type": kind, "mode": "active",
            "timestamp": int(self.clock().timestamp() * 1000),
            "source": source,
            "webhookEventId": event_id or f"01TEST{next(_ids):020d}",
            "deliveryContext": {"isRedelivery": False},
            "replyToken": f"reply-{next(_ids)}",
        }
        if kind == "message":
            message = {"id": str(next(_ids) + 10**12), "type": "text", "text": text or "",
                       "quoteToken": "q"}
            if quoted:
                message["quotedMessageId"] = quoted
            if mention:
                message["text"] = "@บอท " + message["text"]
                message["mention"] = {"mentionees": [{"index": 0, "length": 4, "type": "user",
                                                      "userId": "Ubot", "isSelf": True}]}
            event["message"] = message
        if kind == "follow":
            event["follow"] = {"isUnblocked": False}
        if kind == "postback":
            event["postback"] = {"data": data or ""}
        return event

    def deliver(self, *events: dict) -> list[str]:
        """Post the events in one body, let the worker handle them, return the texts sent."""
        before = len(self.standin.state.sends())
        response = self.post({"destination": "Ubot", "events": list(events)})
        assert response.status_code == 200, response.data
        self.work()
        return [m.get("text") or m.get("altText") or ""
                for r in self.standin.state.sends()[before:] for m in r.messages]

    def say(self, text: str, **kwargs) -> list[str]:
        return self.deliver(self.event(text=text, **kwargs))

    def work(self) -> int:
        handled = 0
        while handle_next(self.rt):
            handled += 1
        return handled

    # -- people and groups ---------------------------------------------------------------
    def unit(self, name: str) -> int:
        with transaction(self.rt.factory) as s:
            unit = Unit(org_id=self.org_id, name=name)
            s.add(unit)
            s.flush()
            return unit.id

    def person(self, line_id: str, role: str, unit_id: int | None, name: str = "ทดสอบ") -> int:
        with transaction(self.rt.factory) as s:
            person = Person(org_id=self.org_id, line_user_id=line_id, display_name=name)
            person.memberships.append(Membership(unit_id=unit_id, role=role))
            s.add(person)
            s.flush()
            return person.id

    def group(self, line_group_id: str, unit_id: int | None, bound: bool = True) -> None:
        with transaction(self.rt.factory) as s:
            s.add(ChatGroup(org_id=self.org_id, line_group_id=line_group_id, unit_id=unit_id,
                            bound=bound))

    def org(self, session) -> Organization:
        return org_by_slug(session, self.rt.config.org_slug)
