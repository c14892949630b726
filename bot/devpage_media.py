"""The /dev page's LINE-native parts (local mode only): send a photo or file picked from
disk, as LINE would deliver it (an image/file/video event whose bytes wait at the stand-in's
content API), and show the person's rich menu as buttons."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import tempfile
import time
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, request

from bot.devpage import devlog, runtime

blueprint = Blueprint("devmedia", __name__)
MAX_UPLOAD = 30 * 1024 * 1024  # above the bot's 20 MB cap, so the refusal can be tried too
KIND_THAI = {"image": "รูปภาพ", "video": "วิดีโอ", "file": "ไฟล์"}


def _kind(mimetype: str) -> str:
    if mimetype.startswith("image/"):
        return "image"
    if mimetype.startswith("video/"):
        return "video"
    return "file"


def _post_signed(event: dict) -> int:
    rt = runtime()
    body = json.dumps({"destination": "Udemo0bot", "events": [event]}, ensure_ascii=False).encode()
    signature = base64.b64encode(
        hmac.new(rt.local_secret.encode(), body, hashlib.sha256).digest()).decode()
    with current_app.test_client() as client:
        return client.post("/callback", data=body, headers={
            "X-Line-Signature": signature, "Content-Type": "application/json"}).status_code


@blueprint.post("/dev/media")
def send_media():
    rt = runtime()
    request.max_content_length = MAX_UPLOAD  # the app's 1 MB limit is for webhook bodies
    upload = request.files.get("file")
    user, chat = request.form.get("user", ""), request.form.get("chat", "")
    if upload is None or not user:
        abort(400)
    uploads = rt.config.evidence_dir.parent / "dev-uploads"  # the "phone's" copy, local only
    uploads.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=uploads)
    path = Path(name)
    with open(handle, "wb") as out:
        upload.save(out)  # streamed to disk by Werkzeug
    kind = _kind(upload.mimetype or "")
    message_id = str(time.time_ns())
    rt.standin.state.add_content(message_id, path, upload.mimetype or "application/octet-stream")
    message = {"id": message_id, "type": kind, "quoteToken": secrets.token_hex(8)}
    if kind == "file":
        message.update(fileName=upload.filename or "file", fileSize=path.stat().st_size)
    else:
        message["contentProvider"] = {"type": "line"}
    if request.form.get("quoted"):
        message["quotedMessageId"] = request.form["quoted"]
    source = {"type": "group", "groupId": chat, "userId": user} if chat else \
        {"type": "user", "userId": user}
    event = {"type": "message", "mode": "active", "message": message, "source": source,
             "timestamp": int(rt.now().timestamp() * 1000),
             "webhookEventId": "01DEV" + secrets.token_hex(10).upper(),
             "deliveryContext": {"isRedelivery": False}, "replyToken": secrets.token_hex(16)}
    log = devlog(rt)
    log.reply_chats[event["replyToken"]] = chat or user
    log.said(time.time(), user, chat or user, f"[{KIND_THAI[kind]}] {upload.filename or ''}".strip())
    return jsonify(status=_post_signed(event))


@blueprint.get("/dev/menu")
def menu():
    """The rich menu LINE would show this person (1:1 chat only, as in LINE)."""
    rt = runtime()
    found = rt.standin.state.menu_of(request.args.get("user", ""))
    if not found:
        return jsonify(menu=None)
    areas = [{"label": a["action"].get("label") or a["action"].get("displayText", ""),
              "data": a["action"]["data"], "displayText": a["action"].get("displayText")}
             for a in found["areas"]]
    return jsonify(menu={"chatBarText": found.get("chatBarText"), "areas": areas,
                         "image": f"/dev/menu-image/{found['richMenuId']}"})


@blueprint.get("/dev/menu-image/<menu_id>")
def menu_image(menu_id: str):
    image = runtime().standin.state.rich_menu_images.get(menu_id)
    if image is None:
        abort(404)
    return Response(image[0], mimetype=image[1])
