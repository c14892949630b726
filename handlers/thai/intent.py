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
# reported as a problem even if part of it is done. Waiting on someone (รอลงนาม) is work
# under way, unless the sender also says it has not started ("ยังไม่ได้เริ่ม รอข้อมูล").
UPDATE_PRECEDENCE = (
    ("problem", "problem"),
    ("in_progress", "in_progress"),
    ("not_started", "not_started"),
    ("waiting", "in_progress"),
    ("done", "done"),
)
UPDATE_INTENTS = frozenset(intent for _, intent in UPDATE_PRECEDENCE)


def update_kind(s: Signals) -> str | None:
    """The update a message states, if any, before asking whether it is about our work."""
    for kind, intent in UPDATE_PRECEDENCE:
        if kind in s.kinds:
            return intent
    if "plan" in s.kinds and s.refs:
        return "in_progress"  # "o12 จะเสร็จภายใน 30 มี.ค." is still under way
    return None


# Predicates the table below uses. Each takes the signals and the update they state.


def _anchored(s: Signals, u: str | None) -> bool:
    """The update is about something we track, or is a bare "เสร็จแล้วครับ". Work not done yet,
    under way or blocked may also just name doing or the work ("ยังไม่ได้ทำสักข้อ"): only a
    wrong "done" would close an item."""
    tracked = s.refs or s.urls or s.work_object or s.unit or s.indicator or s.bare
    return tracked or (u != "done" and s.about_work)


def _only_acknowledges(s: Signals, u: str | None) -> bool:
    return (s.ack or s.receipt) and s.bare and not (s.kinds or s.refs or s.asks)


def _chatter(s: Signals, u: str | None) -> bool:
    """Lunch, meetings, family: a done-word about them is not about our work."""
    return s.chatter and not (s.refs or s.urls or s.work_object)


def _wants_report(s: Signals, u: str | None) -> bool:
    """"ขอรายงาน 6 เดือน", but not "รายงาน 6 เดือนส่งแล้ว" or "…เสร็จหรือยัง"."""
    return ((s.report and u is None) or s.report_request) and not s.asks_yet


def _asks_own_tasks(s: Signals, u: str | None) -> bool:
    states_update = u is not None and not s.asks  # "งานของผมเสร็จแล้ว"
    return s.my_tasks and not (s.refs or s.unit or states_update)


def _asks_outstanding(s: Signals, u: str | None) -> bool:
    """"ยังค้างอะไรบ้าง", "ข้อที่เลยกำหนด", "งานค้าง"; not "o12 ยังไม่เสร็จ" (an update)."""
    asks_for_list = (s.outstanding and (s.list_query or s.asks)) or s.outstanding_noun
    says_done = "done" in s.kinds and not s.asks
    return asks_for_list and not (s.refs or says_done)


def _asks_status(s: Signals, u: str | None) -> bool:
    """A question about work: its own clause names work ("o21 เสร็จหรือยัง"), or the message
    states nothing and names an item, unit or indicator ("o40 ใครรับผิดชอบ")."""
    names_work = s.refs or s.unit or s.indicator or s.status_words
    return s.asks and (s.asks_about_work or (not s.kinds and names_work))


def _item_alone(s: Signals, u: str | None) -> bool:
    """"o12", "o12 ล่ะครับ": nothing but an item code or an indicator."""
    return (s.refs or s.indicator) and s.bare and not (s.kinds or s.status_words or s.urls)


@dataclass(frozen=True)
class Rule:
    """`applies(signals, update)`: `update` is update_kind(signals), worked out once."""

    name: str
    intent: str
    applies: Callable[[Signals, str | None], bool]


RULES: tuple[Rule, ...] = (
    Rule("nothing to read", "none", lambda s, u: not s.readable),
    Rule("gives a registration code", "register", lambda s, u: s.code),
    Rule("asks how to tell the bot something", "help", lambda s, u: s.how_to and not s.refs),
    Rule("asks how to use the bot", "help", lambda s, u: s.help and u is None),
    Rule("wants to register, no code", "help", lambda s, u: s.register_word and not s.kinds),
    Rule("acknowledgement or thanks", "none", _only_acknowledges),
    Rule("says something arrived", "none", lambda s, u: s.receipt and not (s.refs or s.urls)),
    Rule("thanks someone for their work", "none", lambda s, u: s.thanks_for and not s.refs),
    Rule("social chatter, even with a status word", "none", _chatter),
    Rule("asks for a report document", "report", _wants_report),
    Rule("asks what the sender must do", "my_tasks", _asks_own_tasks),
    Rule("asks what is late or still open", "outstanding", _asks_outstanding),
    Rule("asks how things stand", "status", _asks_status),
    Rule("names status or progress", "status", lambda s, u: s.status_keyword and not s.kinds),
    Rule("an item or indicator alone", "status", _item_alone),
    Rule("an update about nothing we track", "none", lambda s, u: u and not _anchored(s, u)),
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
