"""Reminder cards are drawn when they are sent, not when the sweep decides them.

At a national month end the sweep decides some 38,000 reminders in one go; drawing each
Flex card (titles, Thai dates, two one-time button tokens per item) there cost most of
the sweep's time. So the sweep stores a short *draft* in the outbox row instead — the
day, the heading and, per item, the task and the stage it is in — and whoever sends
the row (delivery's claim, or the worker handing it over in a reply) draws the card
from the draft first and stores it in place of the draft, in a transaction that commits
before anything goes to LINE. A retry then sends the very same card (and tokens), and
the card a unit receives looks exactly as it did when the sweep drew it.

A draft is a JSON object; drawn messages are a JSON list (what every other row holds).
"""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from handlers.cards.reminder import ReminderEntry, reminder_messages
from models import ActionToken, MeasureRef, OutboxMessage, Task, Unit
from models.tokens import DEFAULT_TTL as TOKEN_TTL
from models.tokens import postback_data
from scheduler.sends import IN_CHUNK, batched

DRAFT = "reminder"


def draft(day: date, heading: str, show_unit: bool,
          items: list[tuple[int, int, date, str, int]]) -> dict:
    """What the sweep stores: items as (task id, unit id, due on, stage, overdue days),
    most urgent first."""
    return {"draw": DRAFT, "day": day.isoformat(), "heading": heading, "show_unit": show_unit,
            "items": [[t, u, d.isoformat(), stage, days] for t, u, d, stage, days in items]}


def is_draft(messages_json: str) -> bool:
    return messages_json.lstrip().startswith("{")


def draw_row(session: Session, row: OutboxMessage, now: datetime) -> bool:
    """Replace the row's draft by the drawn card (and write its button tokens); False when
    none of its tasks exists any more (nothing to send). A drawn row is left as it is.
    Only the first to draw a row stores its card (a conditional update): delivery and a
    worker's reply may meet on the same row, and both then use that one card."""
    if not is_draft(row.messages):
        return True
    tokens = ButtonTokens(now)
    messages, task_ids = draw(session, row.org_id, json.loads(row.messages), tokens)
    if not messages:
        return False
    drawn, ids = json.dumps(messages, ensure_ascii=False), json.dumps(task_ids)
    table = OutboxMessage.__table__
    stored = session.execute(update(table).where(table.c.id == row.id,
                                                 table.c.messages == row.messages)
                             .values(messages=drawn, task_ids=ids)).rowcount == 1
    if not stored:  # someone else drew it first: theirs is the card
        session.refresh(row, ["messages", "task_ids"])
        return True
    tokens.write(session)
    set_committed_value(row, "messages", drawn)
    set_committed_value(row, "task_ids", ids)
    return True


def draw(session: Session, org_id: int, plan: dict, tokens: ButtonTokens
         ) -> tuple[list[dict], list[list[int]]]:
    """The LINE messages of a draft and the task ids each is about; the buttons' tokens
    are collected in `tokens` (written by the caller)."""
    items = plan["items"]
    details = task_details(session, [item[0] for item in items])
    unit_ids = sorted({item[1] for item in items})
    unit_names = dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids)))
                      .all()) if unit_ids else {}
    return draw_from(plan, details, unit_names, tokens.buttons(org_id))


def draw_from(plan: dict, details: dict[int, tuple], unit_names: dict[int, str], buttons
              ) -> tuple[list[dict], list[list[int]]]:
    """`draw` with the tasks' details (`task_details`) and unit names at hand."""
    entries = []
    for task_id, unit_id, due_on, stage, days in plan["items"]:
        if task_id not in details:
            continue
        title, status, percent, refs = details[task_id]
        entries.append(ReminderEntry(
            task_id=task_id, title=title, refs=refs, unit_name=unit_names.get(unit_id, ""),
            due_on=date.fromisoformat(due_on), stage=stage,
            overdue_days=days if stage == "overdue" else 0, status=status, percent=percent))
    if not entries:
        return [], []
    built = reminder_messages(entries, heading=plan["heading"],
                              today=date.fromisoformat(plan["day"]),
                              show_unit=plan["show_unit"], buttons=buttons)
    return [m for m, _ in built], [ids for _, ids in built]


def task_details(session: Session, task_ids: list[int]) -> dict[int, tuple]:
    """task id → (title, status, percent, refs) for the tasks a message names."""
    out: dict[int, tuple] = {}
    measure_of: dict[int, int] = {}
    for chunk in batched(sorted(set(task_ids)), IN_CHUNK):
        for tid, title, status, percent, measure_id in session.execute(
            select(Task.id, Task.title, Task.status, Task.percent, Task.measure_id)
            .where(Task.id.in_(chunk))
        ):
            out[tid] = (title, status, percent)
            measure_of[tid] = measure_id
    refs: dict[int, list[str]] = defaultdict(list)
    for chunk in batched(sorted(set(measure_of.values())), IN_CHUNK):
        for measure_id, ref in session.execute(
            select(MeasureRef.measure_id, MeasureRef.ref).where(MeasureRef.measure_id.in_(chunk))
            .order_by(MeasureRef.measure_id, MeasureRef.position)
        ):
            refs[measure_id].append(ref)
    return {tid: (*v, tuple(refs[measure_of[tid]])) for tid, v in out.items()}


class ButtonTokens:
    """The buttons' one-time tokens, made like models.tokens.new_action_token makes them
    (16 random URL-safe characters, the same lifetime) but written in one executemany."""

    def __init__(self, now: datetime) -> None:
        self.now, self.rows = now, []

    def buttons(self, org_id: int):
        def make(task_id: int) -> tuple[str, str]:
            data = []
            for action in ("done", "progress"):
                token = secrets.token_urlsafe(12)
                self.rows.append({"org_id": org_id, "token": token, "task_id": task_id,
                                  "action": action, "percent": None, "evidence_urls": "",
                                  "expires_at": self.now + TOKEN_TTL, "used_at": None})
                data.append(postback_data(action, task_id, token))
            return data[0], data[1]
        return make

    def write(self, session: Session) -> None:
        if self.rows:
            session.execute(insert(ActionToken), self.rows)
