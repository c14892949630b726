"""Which intent a message has: one ordered table of rules, first match wins.

The order is the policy. Leaving the bot alone comes first (acknowledgements, chatter),
then requests and questions, and updates come last, so that a question containing เสร็จ or a
lunch invitation containing เสร็จแล้ว can never be recorded as progress: a wrong update
corrupts an official record, a missed one only costs the sender a retry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handlers.thai.signals import Signals

# When a message says several things, the most cautious reading wins: a blocked item is
# reported as a problem even if part of it is done.
UPDATE_PRECEDENCE = ("problem", "in_progress", "not_started", "done")
UPDATE_INTENTS = frozenset(UPDATE_PRECEDENCE)


def update_kind(s: Signals) -> str | None:
    """The update a message states, if any, before asking whether it is about our work."""
    for kind in UPDATE_PRECEDENCE:
        if kind in s.kinds:
            return kind
    if "plan" in s.kinds and (s.refs or s.work_object):
        return "in_progress"  # "o12 จะเสร็จภายใน 30 มี.ค." is still under way
    return None


def _anchored(s: Signals) -> bool:
    """The update is about something we track, or is a bare "เสร็จแล้วครับ"."""
    return s.refs or s.urls or s.work_object or s.unit or s.indicator or s.bare


@dataclass(frozen=True)
class Rule:
    """`applies(signals, update)`: `update` is update_kind(signals), worked out once."""

    name: str
    intent: str
    applies: Callable[[Signals, str | None], bool]


RULES: tuple[Rule, ...] = (
    Rule("nothing to read", "none", lambda s, u: not s.readable),
    Rule("gives a registration code", "register", lambda s, u: s.code),
    Rule("asks how to use the bot", "help", lambda s, u: s.help and u is None),
    Rule(
        "wants to register but gave no code",
        "help",
        lambda s, u: s.register_word and not s.kinds and not s.refs,
    ),
    Rule(
        "acknowledgement or thanks",
        "none",
        lambda s, u: (s.ack or s.receipt) and s.bare and not s.kinds and not s.refs and not s.asks,
    ),
    Rule("says something arrived", "none", lambda s, u: s.receipt and not (s.refs or s.urls)),
    Rule(
        "social chatter, even with a status word",
        "none",
        lambda s, u: s.chatter and not (s.refs or s.urls or s.work_object),
    ),
    Rule("social invitation", "none", lambda s, u: s.chatter and s.asks and not s.refs),
    Rule(
        "asks for a report document",
        "report",
        lambda s, u: s.report and u is None and not s.asks_yet,
    ),
    Rule(
        "asks what the sender must do",
        "my_tasks",
        lambda s, u: s.my_tasks and not (s.refs or s.unit) and not (u is not None and not s.asks),
    ),
    Rule(
        "asks what is late or still open",
        "outstanding",
        lambda s, u: not s.refs
        and ((s.outstanding and (s.list_query or s.asks)) or s.outstanding_noun)
        and not ("done" in s.kinds and not s.asks),
    ),
    Rule(
        "asks how things stand",
        "status",
        lambda s, u: s.asks
        and (
            s.asks_about_work
            or (
                not s.kinds
                and (s.refs or s.unit or s.indicator or s.work_object or s.status_words)
            )
        ),
    ),
    Rule("names status or progress", "status", lambda s, u: s.status_keyword and not s.kinds),
    Rule(
        "an item or indicator alone",
        "status",
        lambda s, u: (s.refs or s.indicator) and s.bare and not s.kinds and not s.urls,
    ),
    Rule(
        "an update about nothing we track",
        "none",
        lambda s, u: u is not None and not _anchored(s),
    ),
    Rule("reports a problem", "problem", lambda s, u: u == "problem"),
    Rule("reports work under way", "in_progress", lambda s, u: u == "in_progress"),
    Rule("reports work not started", "not_started", lambda s, u: u == "not_started"),
    Rule("reports work done", "done", lambda s, u: u == "done"),
    Rule("nothing for the bot", "none", lambda s, u: True),
)


def deciding_rule(s: Signals) -> Rule:
    """The first rule that applies (its name explains a decision when debugging)."""
    update = update_kind(s)
    for rule in RULES:
        if rule.applies(s, update):
            return rule
    raise AssertionError("the last rule always applies")


def classify(s: Signals) -> str:
    """The intent of the first rule that applies."""
    return deciding_rule(s).intent
