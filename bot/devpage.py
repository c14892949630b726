"""The local chat page (/dev): be any demo person in any chat and talk to the bot.

Messages go through the real path: the page's server side signs a LINE-shaped event with the
local channel secret and posts it to /callback; the bot answers through the real SDK client
into the LINE stand-in, whose records this page shows. Registered only in local mode.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from datetime import timedelta

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from bot.demo import GROUPS, PEOPLE
from bot.runtime import Runtime

blueprint = Blueprint("devpage", __name__, template_folder="templates")
_reply_chats: dict[str, str] = {}  # reply token → chat id, to show replies in the right chat
_said: list[dict] = []  # what people typed on this page (the stand-in records only the bot's side)


def runtime() -> Runtime:
    rt = current_app.extensions["runtime"]
    if not rt.config.local_mode:  # defence in depth: the blueprint is not even registered
        abort(404)
    return rt


@blueprint.get("/dev")
def page():
    runtime()
    people = [{"id": p.line_user_id, "label": f"{p.label} ({p.name})"} for p in PEOPLE]
    people.append({"id": "Udemo0newcomer", "label": "คนที่ยังไม่ลงทะเบียน"})
    chats = [{"id": "", "label": "แชตส่วนตัวกับบอท"}]
    chats += [{"id": gid, "label": label} for gid, _, label in GROUPS]
    return render_template("dev.html", people=people, chats=chats)


def _event(user: str, chat: str, text: str | None, postback: str | None, quoted: str | None,
           mention: bool) -> dict:
    source = {"type": "group", "groupId": chat, "userId": user} if chat else \
        {"type": "user", "userId": user}
    event = {
        "type": "postback" if postback else "message",
        "mode": "active",
        "timestamp": int(runtime().now().timestamp() * 1000),
        "source": source,
        "webhookEventId": "01DEV" + secrets.token_hex(10).upper(),
        "deliveryContext": {"isRedelivery": False},
        "replyToken": secrets.token_hex(16),
    }
    if postback:
        event["postback"] = {"data": postback}
    else:
        message = {"id": str(time.time_ns()), "type": "text", "text": text or "",
                   "quoteToken": secrets.token_hex(8)}
        if quoted:
            message["quotedMessageId"] = quoted
        if mention:
            message["text"] = "@ITA บอท " + message["text"]
            message["mention"] = {"mentionees": [
                {"index": 0, "length": 8, "type": "user", "userId": "Ubot", "isSelf": True}]}
        event["message"] = message
    _reply_chats[event["replyToken"]] = chat or user
    return event


@blueprint.post("/dev/say")
def say():
    rt = runtime()
    data = request.get_json(force=True)
    chat = data.get("chat") or ""
    event = _event(data["user"], chat, data.get("text"), data.get("postback"),
                   data.get("quoted"), bool(data.get("mention")))
    shown = data.get("text") or f"[กดปุ่ม] {data.get('display') or ''}"
    _said.append({"at": time.time(), "user": data["user"], "chat": chat or data["user"],
                  "text": shown})
    body = json.dumps({"destination": "Udemo0bot", "events": [event]}, ensure_ascii=False).encode()
    signature = base64.b64encode(
        hmac.new(rt.local_secret.encode(), body, hashlib.sha256).digest()).decode()
    with current_app.test_client() as client:
        answer = client.post("/callback", data=body, headers={
            "X-Line-Signature": signature, "Content-Type": "application/json"})
    return jsonify(status=answer.status_code)


@blueprint.get("/dev/log")
def log():
    rt = runtime()
    chat, user = request.args.get("chat", ""), request.args.get("user", "")
    target = chat or user
    out = [{"kind": "me", "at": s["at"], "text": s["text"], "mine": s["user"] == user}
           for s in _said if s["chat"] == target]
    for record in rt.standin.state.sends():
        body = record.body or {}
        if record.path.endswith("/reply"):
            to, kind = _reply_chats.get(body.get("replyToken", ""), ""), "reply"
        else:
            to, kind = body.get("to", ""), "push"
        if to != target:
            continue
        out.append({"kind": kind, "at": record.at, "messages": record.messages,
                    "ids": record.sent_ids})
    out.sort(key=lambda entry: entry["at"])
    return jsonify(entries=out, now=rt.now().astimezone(rt.config.tz).strftime("%Y-%m-%d %H:%M"))


@blueprint.get("/dev/console")
def open_console():
    """The web console, signed in as the demo coordinator (one-time link, as from LINE)."""
    from flask import redirect
    from sqlalchemy import select

    from console.access import issue_link
    from models import Person
    from models.db import transaction

    rt = runtime()
    with transaction(rt.factory) as session:
        person = session.scalar(select(Person).where(Person.line_user_id == "Udemo0coordinator"))
        if person is None:
            abort(404)
        token = issue_link(session, person.org_id, person.id, rt.now())
    return redirect(f"/console/signin/{token}")


@blueprint.post("/dev/clock")
def advance_clock():
    """Move the simulated clock forward and let the scheduler catch up, as after a weekend."""
    rt = runtime()
    days = int(request.get_json(force=True).get("days", 1))
    # Land at 09:00 Bangkok time on the new day, inside working hours, as an office morning.
    local = rt.now().astimezone(rt.config.tz) + timedelta(days=days)
    morning = local.replace(hour=9, minute=0, second=0, microsecond=0)
    rt.now.shift(morning - local + timedelta(days=days))
    ran = {}
    try:
        from scheduler.clock import run_jobs_at
    except ImportError:
        run_jobs_at = None
    if run_jobs_at is not None:
        ran = run_jobs_at(rt.factory, rt.gateway_for, rt.now(), rt.config)
    return jsonify(now=rt.now().astimezone(rt.config.tz).strftime("%Y-%m-%d %H:%M"), ran=ran)
