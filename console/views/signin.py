"""Signing in with a one-time link, and signing out.

Opening the link shows a button; only pressing it (a POST) spends the link. LINE and other
chat apps fetch links to draw previews, and a preview must not use up someone's sign-in.
"""

from __future__ import annotations

from flask import Blueprint, make_response, redirect, render_template, request, url_for

from console import access
from console.web import COOKIE, db, now, set_session_cookie

blueprint = Blueprint("signin", __name__)

REFUSED = {
    "unknown": "ลิงก์นี้ใช้ไม่ได้ กรุณาพิมพ์ “เปิดหน้าจัดการ” ในแชตส่วนตัวกับบอทเพื่อขอลิงก์ใหม่",
    "used": "ลิงก์นี้ถูกใช้ไปแล้ว (ลิงก์ใช้ได้ครั้งเดียว) กรุณาขอลิงก์ใหม่จากบอท",
    "expired": "ลิงก์นี้หมดอายุแล้ว (ใช้ได้ภายใน 10 นาที) กรุณาขอลิงก์ใหม่จากบอท",
    "no_role": "บัญชีนี้ไม่มีสิทธิ์เข้าหน้าจัดการ",
}


@blueprint.get("/console/signin/<token>")
def confirm(token: str):
    try:
        access.peek_link(db(), token, now())
    except access.SignInRefused as refused:
        return render_template("console/error.html", message=REFUSED[refused.reason], code=410), 410
    return render_template("console/signin.html", token=token)


@blueprint.post("/console/signin/<token>")
def sign_in(token: str):
    session = db()
    try:
        cookie, _ = access.redeem_link(session, token, now())
    except access.SignInRefused as refused:
        session.commit()
        return render_template("console/error.html", message=REFUSED[refused.reason], code=410), 410
    session.commit()
    response = make_response(redirect(url_for("board.board")))
    set_session_cookie(response, cookie)
    return response


@blueprint.post("/console/signout")
def sign_out():
    access.end_session(db(), request.cookies.get(COOKIE), now())
    db().commit()
    response = make_response(redirect(url_for("signin.signed_out")))
    response.delete_cookie(COOKIE, path="/console")
    return response


@blueprint.get("/console/signed-out")
def signed_out():
    return render_template("console/error.html", message="ออกจากระบบแล้ว", code=200)
