"""People and groups: who is registered where, who has never reported, deactivating a
person; invites with a QR code; which LINE groups are bound to which units."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from console.access import record
from console.invite_qr import qr_svg, register_link
from console.orgdata import units
from console.web import db, now, require_coordinator, settings, viewer
from handlers.registration import ROLE_THAI
from models import ChatGroup, Membership, Person, Role, StatusChange
from models.invites import create_invite

blueprint = Blueprint("people", __name__)


@blueprint.get("/console/people")
def people():
    who = viewer()
    session = db()
    everyone = session.scalars(select(Person).where(Person.org_id == who.org_id)
                               .options(selectinload(Person.memberships).selectinload(Membership.unit))
                               .order_by(Person.display_name)).all()
    if not who.sees_all:
        everyone = [p for p in everyone if any(m.unit_id in who.unit_ids for m in p.memberships)]
    reported = set(session.scalars(select(StatusChange.person_id).where(
        StatusChange.person_id.in_([p.id for p in everyone] or [-1])).distinct()))
    return render_template("console/people.html", people=everyone, reported=reported,
                           role_thai=ROLE_THAI, units=units(session, who.org_id), roles=list(Role))


@blueprint.post("/console/people/<int:person_id>/active")
def set_active(person_id: int):
    who = require_coordinator()
    person = db().get(Person, person_id)
    if person is None or person.org_id != who.org_id:
        abort(404)
    if person.id == who.person_id:  # nobody locks themselves out
        abort(400, description="ปิดการใช้งานบัญชีของตัวเองไม่ได้")
    person.active = request.form.get("active") == "1"
    record(db(), who, "person_active" if person.active else "person_deactivate",
           f"#{person.id} {person.display_name}")
    db().commit()
    return redirect(url_for("people.people"))


@blueprint.post("/console/invites")
def invite():
    who = require_coordinator()
    session = db()
    role = request.form.get("role", Role.OFFICER)
    unit_id = request.form.get("unit", type=int)
    bind = request.form.get("purpose") == "bind"
    if role not in list(Role):
        abort(400)
    if unit_id is not None and unit_id not in {u.id for u in units(session, who.org_id)}:
        abort(400)
    if not bind and role in (Role.OFFICER, Role.HEAD) and unit_id is None:
        return render_template("console/error.html", code=400,
                               message="รหัสของเจ้าหน้าที่และหัวหน้าต้องระบุหน่วยงาน"), 400
    code = create_invite(session, org_id=who.org_id, purpose="bind" if bind else "register",
                         role=None if bind else role, unit_id=unit_id, now=now())
    unit = next((u.name for u in units(session, who.org_id) if u.id == unit_id), None)
    record(session, who, "invite", f"{'ผูกกลุ่ม' if bind else ROLE_THAI.get(role, role)} {unit or 'ทั้งองค์กร'}")
    session.commit()
    link = None if bind else register_link(settings().line_basic_id, code)
    return render_template("console/invite.html", code=code, bind=bind, unit=unit,
                           role=ROLE_THAI.get(role, role), link=link,
                           qr=qr_svg(link) if link else None)


@blueprint.get("/console/groups")
def groups():
    who = viewer()
    session = db()
    rows = session.scalars(select(ChatGroup).where(ChatGroup.org_id == who.org_id)
                           .options(selectinload(ChatGroup.unit))
                           .order_by(ChatGroup.active.desc(), ChatGroup.id)).all()
    if not who.sees_all:
        rows = [g for g in rows if g.unit_id in who.unit_ids]
    return render_template("console/groups.html", groups=rows, units=units(session, who.org_id))


@blueprint.post("/console/groups/<int:group_id>/bind")
def bind(group_id: int):
    who = require_coordinator()
    group = db().get(ChatGroup, group_id)
    if group is None or group.org_id != who.org_id:
        abort(404)
    choice = request.form.get("unit", "")
    if choice == "none":
        group.bound, group.unit_id = False, None
        detail = "ยกเลิกการผูก"
    else:
        unit_id = int(choice) if choice.isdigit() else None
        if unit_id is not None and unit_id not in {u.id for u in units(db(), who.org_id)}:
            abort(400)
        group.bound, group.unit_id = True, unit_id
        detail = f"ผูกกับหน่วยงาน #{unit_id}" if unit_id else "ผูกกับทั้งองค์กร"
    record(db(), who, "group_bind", f"กลุ่ม #{group.id}: {detail}")
    db().commit()
    return redirect(url_for("people.groups"))
