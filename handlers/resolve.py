"""From a parsed message to the task(s) it is about.

Certain matches come from item codes, a quote-reply on one of our messages, a title that
matches one open task clearly, or a bare update when the sender has one open task. Anything
less certain returns candidates, and the caller asks with buttons instead of guessing:
a wrong update corrupts an official record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pythainlp.tokenize import word_tokenize
from rapidfuzz import fuzz
from sqlalchemy import select

from handlers.context import Context
from models import Measure, MeasureRef, SentMessage, Status, Task
from models.queries import tasks_query

CERTAIN_SCORE = 80
CERTAIN_MARGIN = 10
CANDIDATE_SCORE = 55
MAX_CANDIDATES = 5
MAX_OWN_ITEMS = 10  # a quick reply holds 13 buttons


@dataclass
class Resolution:
    tasks: list[Task] = field(default_factory=list)  # certain: act on these
    candidates: list[Task] = field(default_factory=list)  # unsure: ask which one
    forbidden: list[Task] = field(default_factory=list)  # exist, but not the sender's to change
    already_done: list[Task] = field(default_factory=list)
    unknown_refs: list[str] = field(default_factory=list)


def _fiscal_year_id(ctx: Context) -> int | None:
    fy = ctx.fiscal_year()
    return fy.id if fy else None


def _all_tasks(ctx: Context, **filters) -> list[Task]:
    query = tasks_query(ctx.org.id, _fiscal_year_id(ctx), **filters)
    return list(ctx.session.scalars(query).unique())


def _scope_unit_ids(ctx: Context) -> set[int] | None:
    return None if ctx.org_wide else ctx.unit_ids


def by_refs(ctx: Context, refs: list[str]) -> Resolution:
    result = Resolution()
    for ref in refs:
        tasks = _all_tasks(ctx, refs=[ref])
        if not tasks:
            result.unknown_refs.append(ref)
            continue
        mine = [t for t in tasks if ctx.may_change(t.unit_id)]
        if not mine:
            result.forbidden.extend(tasks)
            continue
        open_tasks = [t for t in mine if t.status != Status.DONE]
        if not open_tasks:
            result.already_done.append(mine[-1])
            continue
        units = {t.unit_id for t in open_tasks}
        if len(units) > 1:
            # One task per unit: the earliest open period of each, then ask which unit.
            result.candidates.extend({t.unit_id: t for t in reversed(open_tasks)}.values())
            continue
        result.tasks.append(open_tasks[0])  # the oldest open period is the one people clear
    return result


def by_quote(ctx: Context, quoted_message_id: str) -> Resolution | None:
    """The task our quoted message was about; None when the quote is not one of ours."""
    task_ids = ctx.session.scalars(
        select(SentMessage.task_id).where(
            SentMessage.org_id == ctx.org.id, SentMessage.line_message_id == quoted_message_id
        )
    ).all()
    if not task_ids:
        return None
    tasks = [ctx.session.get(Task, tid) for tid in task_ids if tid is not None]
    result = Resolution()
    mine = [t for t in tasks if ctx.may_change(t.unit_id)]
    result.forbidden = [t for t in tasks if not ctx.may_change(t.unit_id)]
    open_tasks = [t for t in mine if t.status != Status.DONE]
    result.already_done = [t for t in mine if t.status == Status.DONE]
    if len(open_tasks) == 1:
        result.tasks = open_tasks
    else:
        result.candidates = open_tasks[:MAX_CANDIDATES]
    return result


@lru_cache(maxsize=4096)
def _words(text: str) -> str:
    return " ".join(w for w in word_tokenize(text.lower(), keep_whitespace=False) if w.strip())


def _score(query: str, task: Task) -> float:
    q = _words(query)
    return max(fuzz.token_set_ratio(q, _words(task.title)),
               fuzz.token_set_ratio(q, _words(task.measure.title)))


def by_title(ctx: Context, title_text: str) -> Resolution:
    open_tasks = _all_tasks(ctx, unit_ids=_scope_unit_ids(ctx), open_only=True)
    scored = sorted(((_score(title_text, t), t) for t in open_tasks), key=lambda p: -p[0])
    result = Resolution()
    if not scored:
        return result
    best, runner_up = scored[0][0], scored[1][0] if len(scored) > 1 else 0
    if best >= CERTAIN_SCORE and best - runner_up >= CERTAIN_MARGIN:
        result.tasks = [scored[0][1]]
    else:
        result.candidates = [t for s, t in scored if s >= CANDIDATE_SCORE][:MAX_CANDIDATES]
    return result


def by_sender_open_tasks(ctx: Context) -> Resolution:
    """A bare "เสร็จแล้ว": certain only when the sender has exactly one open task."""
    if ctx.org_wide:
        return Resolution()
    open_tasks = _all_tasks(ctx, unit_ids=ctx.unit_ids, open_only=True)
    if len(open_tasks) == 1:
        return Resolution(tasks=open_tasks)
    # One button per item (its earliest open period: the one people clear), so a monthly
    # item does not crowd the others out.
    first_open = {}
    for task in sorted(open_tasks, key=lambda t: (t.due_on is None, t.due_on, t.id)):
        first_open.setdefault((task.measure_id, task.unit_id), task)
    return Resolution(candidates=list(first_open.values())[:MAX_OWN_ITEMS])


def refs_for_numbers(ctx: Context, numbers: tuple[int, ...]) -> list[str]:
    """"ข้อ 12" → o12 when this year's plan has an item numbered 12 in exactly one tool
    (an o12 and no e12 or i12); numbers the plan makes ambiguous or does not know are left
    out, and the caller asks as for any message without an item."""
    wanted = {f"{letter}{n}": n for n in numbers for letter in "oei"}
    if not wanted:
        return []
    found = set(ctx.session.scalars(
        select(MeasureRef.ref).join(Measure, Measure.id == MeasureRef.measure_id)
        .where(Measure.org_id == ctx.org.id, Measure.fiscal_year_id == _fiscal_year_id(ctx),
               MeasureRef.ref.in_(list(wanted)))
    ))
    refs = []
    for n in numbers:
        tools = [f"{letter}{n}" for letter in "oei" if f"{letter}{n}" in found]
        if len(tools) == 1:
            refs.append(tools[0])
    return refs
