"""Helpers for the console tests: a browser-like client signed in as a demo person, and the
CSRF token of the page it is on."""

from __future__ import annotations

import re

from sqlalchemy import select

from console.access import issue_link
from models import Person
from models.db import transaction

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def link_for(bot, line_user_id: str) -> str:
    with transaction(bot.rt.factory) as session:
        person = session.scalar(select(Person).where(Person.line_user_id == line_user_id))
        return f"/console/signin/{issue_link(session, bot.org_id, person.id, bot.clock())}"


def csrf(page) -> str:
    return CSRF.search(page.get_data(as_text=True)).group(1)


def signed_in(bot, line_user_id: str):
    """A new client (its own cookies) that opened a sign-in link and pressed the button."""
    client = bot.app.test_client()
    path = link_for(bot, line_user_id)
    answer = client.post(path, data={"csrf_token": csrf(client.get(path))})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client


def post(client, page_path: str, action: str, data: dict | None = None, **kwargs):
    """Submit a form of `page_path` to `action` with that page's CSRF token."""
    token = csrf(client.get(page_path))
    return client.post(action, data={"csrf_token": token, **(data or {})}, **kwargs)


COORDINATOR = "Udemo0coordinator"
HEAD_FINANCE = "Udemo0head0finance"
EXECUTIVE = "Udemo0executive"
OFFICER = "Udemo0officer0finance"
