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

from bot.demo import GROUPS, NEWCOMER_NAMES, PEOPLE
from bot.devlog import DevLog, thai_clock
from bot.runtime import Runtime, ShiftableClock

blueprint = Blueprint("devpage", __name__, template_folder="templates")

# What the page suggests trying first, by who you are (the chips under "ลองพิมพ์").
TRIES = {
    "officer": ["งานของฉัน", "o12 เสร็จแล้ว https://example.go.th/o12.pdf",
                "o14 ติดปัญหา รอข้อมูลจากกองช่าง"],
    "head": ["สถานะ", "o14 ใครทำ", "วิธีใช้"],
    "executive": ["กองคลังถึงไหนแล้ว", "o12 ใครทำ", "งานค้าง"],
    "coordinator": ["สถานะ", "งานค้าง", "วิธีใช้"],
    "newcomer": ["วิธีใช้", "สวัสดีครับ", "ลงทะเบียน"],
}


def devlog(rt: Runtime) -> DevLog:
    """One transcript per running app (kept in the app's extensions)."""
    if "devlog" not in current_app.extensions:
        current_app.extensions["devlog"] = DevLog(rt.factory, rt.standin)
    return current_app.extensions["devlog"]


def runtime() -> Runtime:
    rt = current_app.extensions["runtime"]
    if not rt.config.local_mode:  # defence in depth: the blueprint is not even registered
        abort(404)
    return rt


@blueprint.get("/dev")
def page():
    runtime()
    people = [{"id": p.line_user_id, "label": f"{p.label} ({p.name})", "tries": TRIES[p.role]}
              for p in PEOPLE]
    people += [{"id": uid, "label": f"คนที่ยังไม่ลงทะเบียน ({name})", "tries": TRIES["newcomer"]}
               for uid, name in NEWCOMER_NAMES.items()]
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
    devlog(runtime()).reply_chats[event["replyToken"]] = chat or user
    return event


@blueprint.post("/dev/say")
def say():
    rt = runtime()
    data = request.get_json(force=True)
    chat = data.get("chat") or ""
    event = _event(data["user"], chat, data.get("text"), data.get("postback"),
                   data.get("quoted"), bool(data.get("mention")))
    shown = data.get("text") or f"[กดปุ่ม] {data.get('display') or ''}"
    devlog(rt).said(time.time(), data["user"], chat or data["user"], shown)
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
    local = rt.now().astimezone(rt.config.tz)
    return jsonify(entries=devlog(rt).entries(chat or user, user),
                   now=local.strftime("%Y-%m-%d %H:%M"), now_thai=thai_clock(local))


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
    data = request.get_json(force=True)
    if data.get("reset") and isinstance(rt.now, ShiftableClock):
        rt.now.reset()  # "back to today": the demo's records stay
        local = rt.now().astimezone(rt.config.tz)
        return jsonify(now=local.strftime("%Y-%m-%d %H:%M"), now_thai=thai_clock(local), ran={})
    days = int(data.get("days", 1))
    if data.get("month"):  # to the next month's first working day, when digests go out
        from scheduler.calendar import WorkCalendar

        today = rt.now().astimezone(rt.config.tz).date()
        first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        days = (WorkCalendar().on_or_after(first) - today).days
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
    local = rt.now().astimezone(rt.config.tz)
    return jsonify(now=local.strftime("%Y-%m-%d %H:%M"), now_thai=thai_clock(local), ran=ran)
