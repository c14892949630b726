"""Problems people report reach their unit's head promptly, and the digests list the open ones.

A head hears about new problems at most once a working day, in working hours (not at all
while the month's message budget is tight, as for escalation notes): the first
sweep after a report writes one message with every problem not yet told (others reported
later that day wait for the next one, so a busy day is one message, not ten); on the day
the head's monthly digest goes out, the digest carries them and no note is written. Open problems
are also in the head's and the executives' monthly digests (see digests.py).
Key `problems:{org}:{head}:{YYYY-MM-DD}`; counted in the month's budget as an escalation.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.track_record import problem_line
from models import BudgetMonth, MeasureRef, OutboxMessage, Problem, Task
from models.db import transaction
from scheduler.budget import month_key
from scheduler.due import Level
from scheduler.policy import load_calendars, load_policies
from scheduler.recipients import load_people
from scheduler.sends import Send, existing_keys, write_sends


def open_problem_lines(session: Session, task_ids: list[int], tz: ZoneInfo
                       ) -> dict[int, list[str]]:
    """task id → one line per open problem, for digests."""
    out: dict[int, list[str]] = defaultdict(list)
    if not task_ids:
        return out
    ids = sorted(set(task_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        refs = _refs_of_tasks(session, chunk)
        for problem in session.scalars(select(Problem).where(
                Problem.task_id.in_(chunk), Problem.resolved_at.is_(None)).order_by(Problem.id)):
            who = problem.person.display_name if problem.person else ""
            out[problem.task_id].append(problem_line(refs.get(problem.task_id, []),
                                                     problem.note, who, problem.created_at, tz))
    return out


def _refs_of_tasks(session: Session, task_ids: list[int]) -> dict[int, list[str]]:
    refs: dict[int, list[str]] = defaultdict(list)
    for task_id, ref in session.execute(
        select(Task.id, MeasureRef.ref).join(MeasureRef, MeasureRef.measure_id == Task.measure_id)
        .where(Task.id.in_(task_ids)).order_by(Task.id, MeasureRef.position)
    ):
        refs[task_id].append(ref)
    return refs


def _digests_today(session: Session, org_ids: set[int], now: datetime, tz: ZoneInfo
                   ) -> dict[tuple[int, str], datetime]:
    """(org, head's LINE id) → when today's monthly digest was written for them: it lists
    every problem open at that moment, so a note would only repeat those."""
    local = now.astimezone(tz)
    midnight = datetime.combine(local.date(), time(0), tzinfo=tz)
    out: dict[tuple[int, str], datetime] = {}
    for org_id, key, created in session.execute(
        select(OutboxMessage.org_id, OutboxMessage.idempotency_key, OutboxMessage.created_at)
        .where(OutboxMessage.org_id.in_(sorted(org_ids)), OutboxMessage.created_at >= midnight,
               OutboxMessage.idempotency_key.like("digest:%:head:%"))
    ):
        out[(org_id, key.split(":")[3])] = created
    return out


def sweep_problem_notes(factory: sessionmaker[Session], now: datetime, config) -> dict[str, int]:
    """Tell each head, once a working day, the problems reported in their units since."""
    local = now.astimezone(config.tz)
    day = local.date()
    with transaction(factory) as session:
        waiting = session.scalars(select(Problem).where(Problem.notified_at.is_(None))
                                  .order_by(Problem.id)).all()
        if not waiting:
            return {}
        org_ids = sorted({p.org_id for p in waiting})
        policies, cals = load_policies(session, org_ids), load_calendars(session, org_ids)
        ready = {o for o in org_ids if cals[o].is_working_day(day)
                 and policies[o].within_hours(local.time())}
        tight = set(session.scalars(select(BudgetMonth.org_id).where(
            BudgetMonth.org_id.in_(sorted(ready)), BudgetMonth.month == month_key(day),
            BudgetMonth.level >= int(Level.FORTNIGHTLY))))
        for problem in waiting:  # message budget tight: the monthly digest carries them
            if problem.org_id in tight:
                problem.notified_at = now
        ready -= tight
        people = load_people(session, ready)
        digested = _digests_today(session, ready, now, config.tz) if ready else {}
        sends: list[Send] = []
        told: list[tuple[Send, list[Problem]]] = []
        for org_id in sorted(ready):
            problems = [p for p in waiting if p.org_id == org_id]
            refs = _refs_of_tasks(session, [p.task_id for p in problems])
            for head, unit_ids in people[org_id].head_units().items():
                mine = [p for p in problems if p.task.unit_id in unit_ids
                        and p.person_id != head.id]
                digest_at = digested.get((org_id, head.line_user_id))
                if digest_at is not None:  # today's digest listed these already
                    for problem in [p for p in mine if p.created_at <= digest_at]:
                        problem.notified_at = now
                    mine = [p for p in mine if p.created_at > digest_at]
                if not mine:
                    continue
                lines = [problem_line(refs.get(p.task_id, []), p.note,
                                      p.person.display_name if p.person else "", p.created_at,
                                      config.tz) for p in mine]
                example = next((refs[p.task_id][0] for p in mine if refs.get(p.task_id)), "o12")
                text = "\n".join([f"🚧 มีการแจ้งปัญหาอุปสรรคในงาน ITA ของหน่วยงานท่าน "
                                  f"{len(lines)} รายการ", *[f"• {line}" for line in lines[:10]],
                                  "", "พิมพ์เลขข้อตามด้วย “ใครทำ” เพื่อดูรายละเอียด เช่น "
                                  f"“{example} ใครทำ”"])
                send = Send(org_id, f"problems:{org_id}:{head.line_user_id}:{day.isoformat()}",
                            head.line_user_id, "escalation", "problems", head.line_user_id, day, 1,
                            messages=[{"type": "text", "text": text[:5000]}], task_ids=[[]])
                told.append((send, mine))
        have = existing_keys(session, [s.key for s, _ in told])
        for send, mine in told:
            if send.key in have:
                continue  # already told today: these wait for tomorrow's note
            sends.append(send)
            for problem in mine:
                problem.notified_at = now
        for org_id in ready:  # problems no head needs to hear about (no head, or the head's own)
            for problem in waiting:
                if problem.org_id == org_id and problem.notified_at is None and not any(
                        problem in mine for s, mine in told):
                    problem.notified_at = now
        write_sends(session, sends, now)
        return {"problem_notes": len(sends)}
