"""Which events deserve LINE's loading animation: in 1:1 chat, the ones whose answer takes
a moment (a file to download, a summary over many units, a report)."""

from __future__ import annotations

from urllib.parse import parse_qs

from handlers.context import Context

SLOW_INTENTS = frozenset({"status", "outstanding", "report", "my_tasks"})
SLOW_MENU_KEYS = frozenset({"status", "late", "report", "mytasks"})


def takes_a_while(ctx: Context) -> bool:
    event = ctx.event
    if event.source_type != "user" or not event.user_id:
        return False  # LINE shows the animation in 1:1 chats only
    if event.type == "message":
        if event.message_type in ("image", "file", "video"):
            return True
        return event.message_type == "text" and ctx.parsed().intent in SLOW_INTENTS
    if event.type == "postback":
        fields = parse_qs(event.postback_data or "")
        return fields.get("m", [""])[0] in SLOW_MENU_KEYS or fields.get("a", [""])[0] == "attach"
    return False
