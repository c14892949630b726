"""What a normalized message contains, as plain facts the intent rules can read.

Each fact comes from the word lists in lexicon.py. Status words are read with their
left context, because Thai marks negation, plans and near-completion in front of the verb:
ยังไม่ได้|ส่ง, จะ|เสร็จ, เกือบ|เสร็จ, ร่าง|เสร็จ. Actions (ส่ง, ลงเว็บ, ดำเนินการ) count as
finished only with a perfect marker after them (แล้ว, เรียบร้อย, เมื่อ…).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate

from handlers.thai import lexicon as lx
from handlers.thai.normalize import blank
from handlers.thai.phrases import PhraseScanner, Span
from handlers.thai.phrases import compile_phrases as _compile

_SCANNER = PhraseScanner({
    "problem": lx.PROBLEM,
    "no_problem": lx.NO_PROBLEM,
    "problem_detail": lx.PROBLEM_DETAILS,
    "in_progress": lx.IN_PROGRESS,
    "waiting": lx.WAITING,
    "not_started": lx.NOT_STARTED,
    "perfective": lx.PERFECTIVE,
    "completion": lx.COMPLETION_ACTIONS,
    "activity": lx.ACTIVITY_ACTIONS,
    "status_keyword": lx.STATUS_KEYWORDS,
    "outstanding": lx.OUTSTANDING,
    "outstanding_noun": lx.OUTSTANDING_NOUNS,
    "list_query": lx.LIST_QUERY,
    "my_tasks": lx.MY_TASKS,
    "report": lx.REPORT,
    "help": lx.HELP,
    "how_to": lx.HOW_TO,
    "report_request": lx.REPORT_REQUESTS,
    "work_problem": lx.WORK_PROBLEMS,
    "register": lx.REGISTER_WORDS,
    "ack": lx.ACK,
    "receipt": lx.RECEIPT,
    "thanks_for": lx.THANKS_FOR,
    "work_object": (*lx.WORK_OBJECTS, *lx.DEADLINE_REQUESTS),
    "request": lx.REQUEST,
    "not_asking": lx.NOT_ASKING,
})
_NEGATION_BEFORE_RE = _compile(lx.NEGATION_BEFORE, anchor_end=True)
_NEAR_BEFORE_RE = _compile(lx.NEAR_BEFORE, anchor_end=True)
_DRAFT_BEFORE_RE = _compile(lx.DRAFT_BEFORE, anchor_end=True)
_FUTURE_RE = _compile(lx.FUTURE_BEFORE)
_PERFECT_AFTER_RE = re.compile(lx.PERFECT_AFTER)
_PERFECT_BLOCKERS = ("ไม่", "รอ", "จะ", "?", "แต่")
_CONDITIONAL_RE = re.compile(r"(?:ถ้า|หาก|กรณี|\bif\b)\s*\S{0,6}\s*$")
_CLAUSE_BREAK_RE = re.compile(r"[,\n!?]|แต่|\.\s")
_WINDOW = 16
_CLAUSE_RE = re.compile(r"\S+")
_TAG_LENGTH = 10

_FINAL_YET_RE = re.compile(lx.FINAL_YET.replace(" ", r"\s*"))
_ASKS_YET_RE = re.compile(r"หรือยัง|แล้ว\s*ยัง(?!\s*ไม่)")
_ENGLISH_QUESTION_RE = re.compile(r"(?:is|are|did|has|have|does|do|any)\b")
_LETTER_RE = re.compile(r"[\u0e01-\u0e4ea-z]")
_IGNORABLE = lx.FILLERS | lx.PARTICLES | lx.PRONOUNS | lx.ASK_TOKENS
_YET = frozenset({"ยัง", "ยังง", "ยังงง", "not yet"})


@dataclass(slots=True)
class Signals:
    """Facts about one message. Booleans unless noted; see intent.py for how they combine."""

    readable: bool  # has any letter at all
    code: bool
    register_word: bool
    refs: bool
    urls: bool
    unit: bool
    indicator: bool
    percent: int | None
    asks: bool  # asks the bot something (not a polite request)
    asks_about_work: bool  # the asking clause itself names work, status or an item
    asks_yet: bool  # "…หรือยัง", "…แล้วยัง": asks whether something is finished
    is_question: bool
    help: bool
    how_to: bool  # asks how to tell the bot something, whatever else it names
    report: bool
    report_request: bool  # asks for a report document by its form or file
    my_tasks: bool
    outstanding: bool  # names lateness or open work (ค้าง, เลยกำหนด, ยังไม่เสร็จ)
    outstanding_noun: bool  # "งานค้าง", "overdue" as a thing to list
    list_query: bool
    status_keyword: bool
    ack: bool
    receipt: bool
    thanks_for: bool  # thanks someone for their work ("ขอบคุณที่ช่วย…")
    chatter: bool
    work_object: bool
    about_work: bool  # names the work (งาน, ข้อ, ดำเนินการ) or a problem only work has
    bare: bool  # nothing but status words, particles and fillers
    kinds: frozenset[str]  # done / in_progress / waiting / not_started / problem / plan
    status_words: bool  # any status vocabulary, even without a perfect marker
    # A word the rules do not know comes before the first status word: the clause has a
    # subject of its own ("ผู้รับจ้างทำฝาย…เสร็จ", "กองช่างกำลังออกแบบสะพาน"), where an
    # officer's own report leaves the subject out ("ส่งแล้วครับ", "กำลังทำอยู่ค่ะ").
    subject_first: bool = False


@dataclass(slots=True)
class Reading:
    signals: Signals
    leftover: list[list[str]]  # words not read as anything, in phrases (for the title)


def read(
    text: str, tokens: list[str], facts: dict[str, object], entity_spans: list[Span]
) -> Reading:
    """Signals for `text` (normalized, with refs, dates, URLs and percents already blanked).

    `facts` holds what the entity extractors found (code, refs, urls, unit, indicator,
    percent, date) and `entity_spans` where they were; `tokens` are the word tokens of `text`.
    """
    offsets = _offsets(tokens)
    hits = defaultdict(list, _SCANNER.scan(text, frozenset(offsets)))
    spans: list[Span] = []  # words read, removed from the title
    kinds: set[str] = set()
    status_words = _status_kinds(text, hits, facts["date"] is not None, kinds, spans)
    first_status = min((start for start, _ in spans), default=None)
    if "?" not in text and _YET.intersection(tokens) and all(
        t in _YET or t in lx.PARTICLES or t in lx.PRONOUNS or not _LETTER_RE.search(t)
        for t in tokens
    ):
        kinds.add("not_started")  # "ยังค่ะ" alone answers "done yet?": not yet
    percent = facts["percent"] if isinstance(facts["percent"], int) else None
    if percent is not None:
        kinds.add("done" if percent == 100 else "not_started" if percent == 0 else "in_progress")
    fraction = facts["fraction"]
    if isinstance(fraction, tuple):  # "3 ใน 4"
        kinds.add("done" if fraction[0] == fraction[1] else "in_progress")
    if facts["refs"] and any(mark in text for mark in lx.CHECK_MARKS):
        kinds.add("done")
    # Words that make a question about our work (see _clause_names).
    domain = [*spans, *entity_spans, *hits["status_keyword"], *hits["outstanding"]]

    def found(name: str) -> bool:
        spans.extend(hits[name])
        return bool(hits[name])

    status_keyword = found("status_keyword")
    outstanding = found("outstanding")

    not_asking, requests = hits["not_asking"], hits["request"]
    asked_at = []
    for tok, off in zip(tokens, offsets, strict=True):
        if tok in lx.ASK_TOKENS:
            asked_at.append(off)
            spans.append((off, off + len(tok)))
    if "?" in text:
        asked_at += [i for i, ch in enumerate(text) if ch == "?"]
    final_yet = _FINAL_YET_RE.search(text) if "ยัง" in text else None
    if final_yet:
        asked_at.append(final_yet.start())
        spans.append(final_yet.span())
    asked_at = [a for a in asked_at if not _inside(a, not_asking)]
    real_asks = [a for a in asked_at if not _inside(a, requests)]
    english_question = _ENGLISH_QUESTION_RE.match(text) is not None
    asks = english_question or bool(real_asks)
    spans += not_asking + requests

    token_set = set(tokens)
    signals = Signals(
        readable=_LETTER_RE.search(text) is not None or bool(facts["refs"] or facts["code"]),
        code=bool(facts["code"]),
        register_word=found("register"),
        refs=bool(facts["refs"]),
        urls=bool(facts["urls"]),
        unit=bool(facts["unit"]),
        indicator=facts["indicator"] is not None,
        percent=percent,
        asks=asks,
        asks_about_work=english_question
        or (bool(real_asks) and _clause_names(text, real_asks, domain)),
        asks_yet=final_yet is not None or (asks and _ASKS_YET_RE.search(text) is not None),
        is_question=asks or bool(asked_at),
        help=found("help"),
        how_to=found("how_to"),
        report=found("report"),
        report_request=bool(hits["report_request"]),
        my_tasks=found("my_tasks"),
        outstanding=outstanding,
        outstanding_noun=found("outstanding_noun"),
        list_query=found("list_query") or _asks_for_list(tokens, offsets, not_asking),
        status_keyword=status_keyword,
        ack=found("ack"),
        receipt=found("receipt"),
        thanks_for=found("thanks_for"),
        chatter=not token_set.isdisjoint(lx.CHATTER),
        work_object=bool(hits["work_object"]),  # kept in the title, so not in `spans`
        about_work=bool(hits["work_problem"]) or not token_set.isdisjoint(lx.WORK_TOKENS),
        bare=True,
        kinds=frozenset(kinds),
        status_words=status_words,
    )
    leftover = leftover_phrases(text, tokens, offsets, spans)
    if first_status is not None:
        signals.subject_first = _unknown_word_before(tokens, offsets, spans, first_status)
    signals.bare = all(
        piece in _IGNORABLE or not _LETTER_RE.search(piece) for chunk in leftover for piece in chunk
    )
    return Reading(signals, leftover)


_STATUS_LISTS = (
    "problem", "no_problem", "problem_detail", "in_progress", "waiting", "not_started", "perfective",
    "completion", "activity",
)


def _status_kinds(
    text: str,
    hits: dict[str, list[Span]],
    dated: bool,
    kinds: set[str],
    spans: list[Span],
) -> bool:
    """Collect update kinds from status words in their context; True if any status word.

    `dated`: the message states a past day of work, which finishes an action as แล้ว does
    ("ลงเว็บเมื่อวาน").
    """
    for name in _STATUS_LISTS:
        spans.extend(hits[name])
    no_problem = hits["no_problem"]
    for start, _ in hits["problem"]:
        if not _inside(start, no_problem) and not _conditional(text, start):
            kinds.add("problem")
    for name in ("in_progress", "waiting", "not_started"):
        for start, _ in hits[name]:
            if _modifier(text, start) != "negated":
                kinds.add(name)
    for start, _ in hits["perfective"]:
        kinds.add(_PERFECTIVE_READING[_modifier(text, start)])
    for name, negated_kind in (("completion", "in_progress"), ("activity", "not_started")):
        for start, end in hits[name]:
            modifier = _modifier(text, start)
            if modifier == "negated":
                kinds.add(negated_kind)
            elif modifier is not None:
                kinds.add(_PERFECTIVE_READING[modifier])
            elif dated or _finished_after(text, end):
                starting = text.startswith(("เริ่ม", "ลงมือ", "start"), start)
                kinds.add("in_progress" if starting else "done")
    return any(hits[name] for name in _STATUS_LISTS if name not in ("no_problem", "problem_detail"))


# How a finished-word reads after each kind of left context.
_PERFECTIVE_READING = {
    None: "done",
    "negated": "in_progress",
    "progressive": "in_progress",
    "near": "in_progress",
    "draft": "in_progress",
    "future": "plan",
}


def _modifier(text: str, start: int) -> str | None:
    """What the words just before a status word do to it (same clause, a few words back)."""
    window = text[max(0, start - _WINDOW) : start]
    for brk in _CLAUSE_BREAK_RE.finditer(window):
        window = window[brk.end() :]
    if not window.strip():
        return None
    if _NEGATION_BEFORE_RE.search(window):
        return "negated"
    if "กำลัง" in window or "ระหว่าง" in window:
        return "progressive"
    if _NEAR_BEFORE_RE.search(window):
        return "near"
    if _DRAFT_BEFORE_RE.search(window):
        return "draft"
    if _FUTURE_RE.search(window):
        return "future"
    return None


def _conditional(text: str, start: int) -> bool:
    """"ถ้ามีปัญหาจะแจ้ง", "หากติดขัด…": a problem that may happen is not one reported."""
    return _CONDITIONAL_RE.search(text, max(0, start - _WINDOW), start) is not None


def _finished_after(text: str, end: int) -> bool:
    m = _PERFECT_AFTER_RE.match(text, end)
    return m is not None and not any(b in m.group(0) for b in _PERFECT_BLOCKERS)


def _clause_names(text: str, positions: list[int], domain: list[tuple[int, int]]) -> bool:
    """Does the clause around any of `positions` overlap a domain word?

    Clauses are runs between spaces. A short clause ("ใช่ไหม", "ล่ะ", "ทำไม") leans on its
    neighbours, so it is read together with the clauses on either side.
    """
    clauses = [m.span() for m in _CLAUSE_RE.finditer(text)]
    for pos in positions:
        for i, (start, end) in enumerate(clauses):
            if start <= pos < end:
                if end - start <= _TAG_LENGTH:
                    start = clauses[max(0, i - 1)][0]
                    end = clauses[min(len(clauses) - 1, i + 1)][1]
                if any(s < end and e > start for s, e in domain):
                    return True
                break
    return False


def _asks_for_list(tokens: list[str], offsets: list[int], not_asking: list[Span]) -> bool:
    """A list word (อะไร, ไหน, บ้าง) that is not part of "ไม่มีอะไร", "ไม่ได้ติดปัญหาอะไร"."""
    return any(
        tok in lx.LIST_QUERY_TOKENS and not _inside(off, not_asking)
        for tok, off in zip(tokens, offsets, strict=True)
    )


def _offsets(tokens: list[str]) -> list[int]:
    return list(accumulate((len(t) for t in tokens[:-1]), initial=0)) if tokens else []


def _unknown_word_before(tokens: list[str], offsets: list[int], spans: list[Span],
                         limit: int) -> bool:
    """Whether a word that no span covers and no word list ignores starts before `limit`."""
    for tok, off in zip(tokens, offsets, strict=True):
        if off >= limit:
            return False
        if tok in _IGNORABLE or not _LETTER_RE.search(tok) or _inside(off, spans):
            continue
        return True
    return False


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in spans)


def masked(text: str, spans: list[Span]) -> str:
    """`text` with every span replaced by NUL characters."""
    return blank(text, spans, "\0")


def leftover_phrases(
    text: str, tokens: list[str], offsets: list[int], spans: list[Span]
) -> list[list[str]]:
    """The words no span covers, grouped into phrases: a space or a covered word ends one.

    A token partly covered keeps its uncovered rest (คู่|มือขึ้น|เว็บ minus ขึ้นเว็บ → คู่ มือ).
    """
    rest = masked(text, spans)
    chunks: list[list[str]] = [[]]
    for tok, off in zip(tokens, offsets, strict=True):
        if tok.isspace():
            if chunks[-1]:
                chunks.append([])
            continue
        part = rest[off : off + len(tok)]
        if part == tok:
            chunks[-1].append(tok)
            continue
        for i, piece in enumerate(part.split("\0")):
            if i and chunks[-1]:
                chunks.append([])
            if piece.strip():
                chunks[-1].append(piece.strip())
    return [chunk for chunk in chunks if chunk]
