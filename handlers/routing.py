"""The routing tables: event type → handler, and for text, command or intent → action.

Read this file to know everything the bot reacts to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs

from sqlalchemy import select

from handlers.actions import report_update
from handlers.answers import QUICK, help_, my_tasks, outstanding, status
from handlers.confirm import CONFIDENT
from handlers.console_signin import console_link
from handlers.context import Context
from handlers.evidence import attach_named, on_attach_choice, on_media
from handlers.help import BIND_NEEDS_CODE, BIND_WHERE
from handlers.menu_taps import on_menu_tap
from handlers.messages import say, text
from handlers.outcome import Outcome, UserMistake, silence
from handlers.postbacks import on_postback
from handlers.registration import HOW_TO_REGISTER, bind_group, greet_follower, greet_group, register
from handlers.reports import report
from handlers.unsend import on_keep, on_undo, on_unsend
from models import ChatGroup, Person, SentMessage
from models.db import writes_so_far

UPDATE_INTENTS = frozenset({"done", "in_progress", "not_started", "problem"})

# The texts of the bot's own quick-reply chips (handlers' say(...) buttons). A tap sends the
# chip's text with no mention; in a group it answers the bot's own suggestion, so it is
# meant for the bot.
CHIP_TEXTS = frozenset(chip["action"]["text"] for chip in QUICK)

# Commands with an exact form, checked before the parser.
COMMANDS: list[tuple[re.Pattern[str], Callable[[Context, re.Match], Outcome]]] = [
    (re.compile(r"^\s*(?:ผูกกลุ่ม|bind)\s*[:：]?\s*([A-Za-z0-9-]{4,16})\s*$", re.I),
     lambda ctx, m: bind_group(ctx, m.group(1))),
    (re.compile(r"^\s*(?:ผูกกลุ่ม|bind)\s*[:：]?\s*$", re.I),
     lambda ctx, m: Outcome().add(text(BIND_NEEDS_CODE if ctx.event.in_group else BIND_WHERE))),
    (re.compile(r"^\s*เปิด\s*หน้า\s*จัดการ\s*$"), lambda ctx, m: console_link(ctx)),
]

INTENT_ACTIONS: dict[str, Callable[[Context, object], Outcome]] = {
    "done": report_update,
    "in_progress": report_update,
    "not_started": report_update,
    "problem": report_update,
    "status": status,
    "outstanding": outstanding,
    "my_tasks": my_tasks,
    "report": report,
    "help": help_,
    "register": lambda ctx, parsed: register(ctx, parsed.code),
}


def _meant_for_bot(ctx: Context, parsed) -> bool:
    """In a group the bot speaks only when spoken to: a mention, a quote of one of our
    messages, a tap on one of its chips, or a confident update or question naming an item."""
    if not ctx.event.in_group or ctx.event.mentions_bot:
        return True
    if ctx.event.text.strip() in CHIP_TEXTS:
        return True
    if ctx.event.quoted_message_id and ctx.session.scalar(
        select(SentMessage.id).where(SentMessage.org_id == ctx.org.id,
                                     SentMessage.line_message_id == ctx.event.quoted_message_id)
    ):
        return True
    return bool(parsed.refs) and parsed.intent != "none" and parsed.confidence >= CONFIDENT


def on_text(ctx: Context) -> Outcome:
    if ctx.event.message_type != "text":
        return silence()
    for pattern, action in COMMANDS:
        if match := pattern.match(ctx.event.text):
            return action(ctx, match)
    parsed = ctx.parsed()
    if parsed.intent not in UPDATE_INTENTS and (named := attach_named(ctx, parsed)):
        return named  # "o12" just after a photo or file: that file is o12's evidence
    if not _meant_for_bot(ctx, parsed):
        return silence()
    if parsed.intent == "none":
        return _not_understood(ctx)
    if ctx.sender is None and parsed.intent not in ("register", "help"):
        return Outcome().add(text(HOW_TO_REGISTER))
    outcome = INTENT_ACTIONS[parsed.intent](ctx, parsed)
    if parsed.intent in UPDATE_INTENTS and (named := attach_named(ctx, parsed)):
        for message, task_ids in zip(named.messages, named.task_ids, strict=True):
            outcome.add(message, task_ids)  # "o12 เสร็จแล้ว" just after a photo attaches it too
    return outcome


# Message types → handler; stickers, audio and locations get no answer.
MESSAGE_HANDLERS: dict[str, Callable[[Context], Outcome]] = {
    "text": on_text,
    "image": on_media,
    "file": on_media,
    "video": on_media,
}


def on_message(ctx: Context) -> Outcome:
    handler = MESSAGE_HANDLERS.get(ctx.event.message_type or "")
    return handler(ctx) if handler else silence()


# Postback `a=` actions beyond the status buttons of handlers/postbacks.py.
POSTBACK_ACTIONS: dict[str, Callable[[Context], Outcome]] = {
    "attach": on_attach_choice,  # which task a photo or file proves
    "undo": on_undo,  # undo an update whose message was unsent
    "keep": on_keep,
}


def on_any_postback(ctx: Context) -> Outcome:
    fields = {k: v[0] for k, v in parse_qs(ctx.event.postback_data or "").items()}
    if "m" in fields:
        return on_menu_tap(ctx, fields["m"])  # a rich menu button
    action = POSTBACK_ACTIONS.get(fields.get("a", ""))
    return action(ctx) if action else on_postback(ctx)


def _not_understood(ctx: Context) -> Outcome:
    if ctx.sender is None and not ctx.event.in_group:
        return Outcome().add(text(HOW_TO_REGISTER))
    if ctx.event.in_group and not ctx.event.mentions_bot:
        return silence()
    return Outcome().add(text("ผมช่วยติดตามงาน ITA ครับ ลองพิมพ์ “วิธีใช้” เพื่อดูสิ่งที่พิมพ์ได้",
                              quick=[say("วิธีใช้"), say("งานของฉัน"), say("สถานะ")]))


def on_follow(ctx: Context) -> Outcome:
    if ctx.sender is None and ctx.event.user_id:
        returning = ctx.session.scalar(select(Person).where(
            Person.org_id == ctx.org.id, Person.line_user_id == ctx.event.user_id))
        if returning is not None:
            returning.active = True
            ctx.sender = returning
    return greet_follower(ctx)


def on_unfollow(ctx: Context) -> Outcome:
    if ctx.sender is not None:
        ctx.sender.active = False  # blocked: pushes to them would fail and cost nothing useful
    return silence()


def on_join(ctx: Context) -> Outcome:
    if ctx.group is None:
        ctx.session.add(ChatGroup(org_id=ctx.org.id, line_group_id=ctx.event.chat_id,
                                  kind=ctx.event.source_type, joined_at=ctx.now))
    elif not ctx.group.active:
        ctx.group.active, ctx.group.left_at = True, None
    return greet_group(ctx)


def on_leave(ctx: Context) -> Outcome:
    if ctx.group is not None:
        ctx.group.active, ctx.group.left_at = False, ctx.now
    return silence()


EVENT_HANDLERS: dict[str, Callable[[Context], Outcome]] = {
    "message": on_message,
    "postback": on_any_postback,
    "follow": on_follow,
    "unfollow": on_unfollow,
    "join": on_join,
    "leave": on_leave,
    # Recorded in the inbox; nothing to say.
    "memberJoined": lambda ctx: silence(),
    "memberLeft": lambda ctx: silence(),
    "unsend": on_unsend,
}


def _writes_then_fetches(ctx: Context) -> bool:
    """A photo or file, or a tap choosing what one proves: their handlers write and then,
    as a rule, ask for the file's bytes (which the worker fetches outside its transaction).
    They keep their savepoint, so asking undoes only their own changes."""
    if ctx.event.type == "message":
        return ctx.event.message_type in ("image", "file", "video")
    return (ctx.event.type == "postback"
            and parse_qs(ctx.event.postback_data or "").get("a") == ["attach"])


class UndoNeeded(Exception):
    """The handler failed after writing, with no savepoint to undo it: the caller must roll
    back and handle the event again with one (the cause is the handler's exception)."""


def dispatch(ctx: Context, savepoint: bool = True) -> Outcome:
    """Run the handler for the event; a UserMistake becomes a polite reply, and whatever
    the handler had changed is undone. With `savepoint` the database undoes it. Without
    one (two round trips fewer, for a worker that can redo a whole batch) a failure that
    wrote nothing needs no undo, and one that did raises UndoNeeded."""
    handler = EVENT_HANDLERS.get(ctx.event.type)
    if handler is None:
        return silence()
    if not savepoint and not _writes_then_fetches(ctx):
        return _without_savepoint(ctx, handler)
    try:
        with ctx.session.begin_nested():
            return handler(ctx)
    except UserMistake as mistake:
        return Outcome().add(text(mistake.thai_message))


def _without_savepoint(ctx: Context, handler: Callable[[Context], Outcome]) -> Outcome:
    session = ctx.session
    session.flush()  # what came before is not this handler's
    before = writes_so_far(session)
    try:
        return handler(ctx)
    except Exception as failure:
        if writes_so_far(session) != before or session.new or session.dirty or session.deleted:
            raise UndoNeeded from failure
        if isinstance(failure, UserMistake):
            return Outcome().add(text(failure.thai_message))
        raise
