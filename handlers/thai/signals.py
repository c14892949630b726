"""What a normalized message contains, as plain facts the intent rules can read.

Each fact comes from the word lists in lexicon.py. Status words are read with their
left context, because Thai marks negation, plans and near-completion in front of the verb:
ยังไม่ได้|ส่ง, จะ|เสร็จ, เกือบ|เสร็จ, ร่าง|เสร็จ. Actions (ส่ง, ลงเว็บ, ดำเนินการ) count as
finished only with a perfect marker after them (แล้ว, เรียบร้อย, เมื่อ…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from handlers.thai import lexicon as lx


def _compile(phrases: tuple[str, ...] | list[str], anchor_end: bool = False) -> re.Pattern[str]:
    space = r"\s*"
    body = "|".join(f"(?:{p.replace(' ', space)})" for p in phrases)
    return re.compile(f"(?:{body})$" if anchor_end else body)


_PERFECTIVE_RE = _compile(lx.PERFECTIVE)
_COMPLETION_RE = _compile(lx.COMPLETION_ACTIONS)
_ACTIVITY_RE = _compile(lx.ACTIVITY_ACTIONS)
_IN_PROGRESS_RE = _compile(lx.IN_PROGRESS)
_NOT_STARTED_RE = _compile(lx.NOT_STARTED)
_PROBLEM_RE = _compile(lx.PROBLEM)
_NO_PROBLEM_RE = _compile(lx.NO_PROBLEM)
_NEGATION_BEFORE_RE = _compile([p.removesuffix("$") for p in lx.NEGATION_BEFORE], anchor_end=True)
_NEAR_BEFORE_RE = _compile([p.removesuffix("$") for p in lx.NEAR_BEFORE], anchor_end=True)
_DRAFT_BEFORE_RE = _compile([p.removesuffix("$") for p in lx.DRAFT_BEFORE], anchor_end=True)
_FUTURE_RE = _compile(lx.FUTURE_BEFORE)
_PERFECT_AFTER_RE = re.compile(lx.PERFECT_AFTER)
_PERFECT_BLOCKERS = ("ไม่", "รอ", "จะ", "?", "แต่")
_CLAUSE_BREAK_RE = re.compile(r"[,\n!?]|แต่|\.\s")
_WINDOW = 16
_SPACE_RE = re.compile(r"\s")
_LAST_SPACE_RE = re.compile(r"\s(?=\S*$)")
_TAG_LENGTH = 10

_REQUEST_RE = _compile(lx.REQUEST)
_NOT_ASKING_RE = _compile(lx.NOT_ASKING)
_FINAL_YET_RE = re.compile(lx.FINAL_YET.replace(" ", r"\s*"))
_ASKS_YET_RE = re.compile(r"หรือยัง|แล้ว\s*ยัง(?!\s*ไม่)")
_ENGLISH_QUESTION_RE = re.compile(r"^\s*(?:is|are|did|has|have|does|do|any)\b")
_STATUS_KW_RE = _compile(lx.STATUS_KEYWORDS)
_OUTSTANDING_RE = _compile(lx.OUTSTANDING)
_OUTSTANDING_NOUN_RE = _compile(lx.OUTSTANDING_NOUNS)
_LIST_QUERY_RE = _compile(lx.LIST_QUERY)
_MY_TASKS_RE = _compile(lx.MY_TASKS)
_REPORT_RE = _compile(lx.REPORT)
_HELP_RE = _compile(lx.HELP)
_REGISTER_RE = _compile(lx.REGISTER_WORDS)
_ACK_RE = _compile(lx.ACK)
_RECEIPT_RE = _compile(lx.RECEIPT)
_WORK_RE = _compile(lx.WORK_OBJECTS)
_LETTER_RE = re.compile(r"[\u0e01-\u0e4ea-z]")
_IGNORABLE = lx.FILLERS | lx.PARTICLES | lx.PRONOUNS | lx.ASK_TOKENS


@dataclass(frozen=True)
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
    report: bool
    my_tasks: bool
    outstanding: bool  # names lateness or open work (ค้าง, เลยกำหนด, ยังไม่เสร็จ)
    outstanding_noun: bool  # "งานค้าง", "overdue" as a thing to list
    list_query: bool
    status_keyword: bool
    ack: bool
    receipt: bool
    chatter: bool
    work_object: bool
    bare: bool  # nothing but status words, particles and fillers
    kinds: frozenset[str]  # done / in_progress / not_started / problem / plan
    status_words: bool  # any status vocabulary, even without a perfect marker


@dataclass(frozen=True)
class Reading:
    signals: Signals
    spans: list[tuple[int, int]]  # every word read, for building the title text
    offsets: list[int]  # start of each token


def read(
    text: str, tokens: list[str], facts: dict[str, object], entity_spans: list[tuple[int, int]]
) -> Reading:
    """Signals for `text` (normalized, with refs, dates, URLs and percents already blanked).

    `facts` holds what the entity extractors found (code, refs, urls, unit, indicator,
    percent) and `entity_spans` where they were; `tokens` are the word tokens of `text`.
    """
    spans: list[tuple[int, int]] = []  # words read, removed from the title
    kinds: set[str] = set()
    status_words = _status_kinds(text, kinds, spans)
    percent = facts["percent"] if isinstance(facts["percent"], int) else None
    if percent is not None:
        kinds.add("done" if percent == 100 else "not_started" if percent == 0 else "in_progress")

    def found(pattern: re.Pattern[str], keep: bool = True) -> bool:
        hits = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
        if keep:
            spans.extend(hits)
        domain.extend(hits)
        return bool(hits)

    domain = [*spans, *entity_spans]  # words that make a question about our work
    status_keyword = found(_STATUS_KW_RE)
    outstanding = found(_OUTSTANDING_RE)
    work_object = found(_WORK_RE, keep=False)  # stays in the title

    offsets = _offsets(tokens)
    not_asking = [m.span() for m in _NOT_ASKING_RE.finditer(text)]
    requests = [m.span() for m in _REQUEST_RE.finditer(text)]
    asked_at = [o for tok, o in zip(tokens, offsets, strict=True) if tok in lx.ASK_TOKENS]
    asked_at += [m.start() for m in re.finditer(r"\?", text)]
    final_yet = _FINAL_YET_RE.search(text)
    if final_yet:
        asked_at.append(final_yet.start())
        spans.append(final_yet.span())
    asked_at = [a for a in asked_at if not _inside(a, not_asking)]
    real_asks = [a for a in asked_at if not _inside(a, requests)]
    english_question = _ENGLISH_QUESTION_RE.search(text) is not None
    asks = english_question or bool(real_asks)
    spans += not_asking + requests

    token_set = set(tokens)
    signals = Signals(
        readable=_LETTER_RE.search(text) is not None or bool(facts["refs"] or facts["code"]),
        code=bool(facts["code"]),
        register_word=found(_REGISTER_RE),
        refs=bool(facts["refs"]),
        urls=bool(facts["urls"]),
        unit=bool(facts["unit"]),
        indicator=facts["indicator"] is not None,
        percent=percent,
        asks=asks,
        asks_about_work=english_question or _clause_names(text, real_asks, domain),
        asks_yet=(asks and _ASKS_YET_RE.search(text) is not None) or final_yet is not None,
        is_question=asks or bool(asked_at),
        help=found(_HELP_RE),
        report=found(_REPORT_RE),
        my_tasks=found(_MY_TASKS_RE),
        outstanding=outstanding,
        outstanding_noun=found(_OUTSTANDING_NOUN_RE),
        list_query=found(_LIST_QUERY_RE) or bool(token_set & lx.LIST_QUERY_TOKENS),
        status_keyword=status_keyword,
        ack=found(_ACK_RE),
        receipt=found(_RECEIPT_RE),
        chatter=bool(token_set & lx.CHATTER),
        work_object=work_object,
        bare=False,
        kinds=frozenset(kinds),
        status_words=status_words,
    )
    bare = _bare(tokens, offsets, spans)
    return Reading(replace(signals, bare=bare), spans, offsets)


def _status_kinds(text: str, kinds: set[str], spans: list[tuple[int, int]]) -> bool:
    """Collect update kinds from status words in their context; True if any status word."""
    any_word = False
    no_problem = [m.span() for m in _NO_PROBLEM_RE.finditer(text)]
    spans += no_problem
    for m in _PROBLEM_RE.finditer(text):
        any_word = True
        spans.append(m.span())
        if not _inside(m.start(), no_problem):
            kinds.add("problem")
    for pattern, kind in ((_IN_PROGRESS_RE, "in_progress"), (_NOT_STARTED_RE, "not_started")):
        for m in pattern.finditer(text):
            any_word = True
            spans.append(m.span())
            if _modifier(text, m.start()) != "negated":
                kinds.add(kind)
    for m in _PERFECTIVE_RE.finditer(text):
        any_word = True
        spans.append(m.span())
        kinds.add(_PERFECTIVE_READING[_modifier(text, m.start())])
    for pattern, negated_kind in ((_COMPLETION_RE, "in_progress"), (_ACTIVITY_RE, "not_started")):
        for m in pattern.finditer(text):
            any_word = True
            spans.append(m.span())
            modifier = _modifier(text, m.start())
            if modifier == "negated":
                kinds.add(negated_kind)
            elif modifier is not None:
                kinds.add(_PERFECTIVE_READING[modifier])
            elif _finished_after(text, m.end()):
                starting = m.group(0).startswith(("เริ่ม", "ลงมือ", "start"))
                kinds.add("in_progress" if starting else "done")
    return any_word


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


def _finished_after(text: str, end: int) -> bool:
    m = _PERFECT_AFTER_RE.match(text, end)
    return m is not None and not any(b in m.group(0) for b in _PERFECT_BLOCKERS)


def _clause_names(text: str, positions: list[int], domain: list[tuple[int, int]]) -> bool:
    """Does the clause around any of `positions` overlap a domain word?

    Clauses are runs between spaces; a short clause ("ใช่ไหม", "ล่ะ") is a tag on the one
    before it, so it is read together with that one.
    """
    for pos in positions:
        start = _clause_start(text, pos)
        end = _SPACE_RE.search(text, pos)
        stop = end.start() if end else len(text)
        if stop - start <= _TAG_LENGTH:
            start = _clause_start(text, max(0, len(text[:start].rstrip()) - 1))
        if any(s < stop and e > start for s, e in domain):
            return True
    return False


def _clause_start(text: str, pos: int) -> int:
    head = text[:pos]
    m = _LAST_SPACE_RE.search(head)
    return m.end() if m else 0


def _offsets(tokens: list[str]) -> list[int]:
    offsets, pos = [], 0
    for tok in tokens:
        offsets.append(pos)
        pos += len(tok)
    return offsets


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in spans)


def _bare(tokens: list[str], offsets: list[int], spans: list[tuple[int, int]]) -> bool:
    """True when every word outside the matched spans is a particle, pronoun or filler."""
    for piece in residual_pieces(tokens, offsets, spans):
        if piece not in _IGNORABLE and _LETTER_RE.search(piece):
            return False
    return True


def residual_pieces(
    tokens: list[str], offsets: list[int], spans: list[tuple[int, int]]
) -> list[str]:
    """The parts of tokens not covered by any span (a token cut by a span keeps its rest)."""
    size = offsets[-1] + len(tokens[-1]) if tokens else 0
    covered = bytearray(size)
    for start, end in spans:
        end = min(end, size)
        if start < end:
            covered[start:end] = b"\x01" * (end - start)
    pieces = []
    for tok, off in zip(tokens, offsets, strict=True):
        if tok.isspace():
            continue
        rest = "".join(ch for i, ch in enumerate(tok) if not covered[off + i])
        if rest.strip():
            pieces.append(rest.strip())
    return pieces
