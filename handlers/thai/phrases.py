"""Find every lexicon phrase in a message in one pass.

A message is read against some 300 phrases in 20 word lists. Scanning it with one regex per
list costs 20 passes, each trying every phrase at every character. Instead, each phrase is
indexed by the (up to three) characters it can start with, worked out from its own
pattern, and the text is walked once: at each position only the few phrases indexed under
the next characters are tried, with `pattern.match(text, pos)`. Three, because ครับ is in
every other message and keying on two letters would try every คร… phrase at each one.
Phrases whose start cannot be pinned down (two) are searched the ordinary way.

Phrases are regular expressions in which a plain space means "optional whitespace".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# The parser behind `re` (sre_parse before Python 3.11). Internal API, so any surprise in it
# only demotes a phrase to a plain search (see _starts), never breaks reading.
try:
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

_SPACE = r"\s*"
_MAX_CLASS = 40  # character classes wider than this do not index a phrase
_SHORT = 3  # matches this short must start a word
_KEY = 3  # index phrases by up to this many leading characters
Span = tuple[int, int]


def to_regex(phrase: str) -> str:
    return phrase.replace(" ", _SPACE)


def compile_phrases(phrases: Iterable[str], anchor_end: bool = False) -> re.Pattern[str]:
    """One alternation for a list (for short windows, where indexing does not pay)."""
    body = "|".join(f"(?:{to_regex(p)})" for p in phrases)
    return re.compile(f"(?:{body})$" if anchor_end else body)


class PhraseScanner:
    """All word lists in one index; `scan(text)` returns list name → non-overlapping spans."""

    def __init__(self, lists: Mapping[str, Iterable[str]]) -> None:
        index: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self._anywhere: list[tuple[str, re.Pattern[str]]] = []
        self.names = tuple(lists)
        for name, phrases in lists.items():
            for phrase in phrases:
                pattern = re.compile(to_regex(phrase))
                starts = _starts(pattern.pattern)
                if starts is None or "" in starts:
                    self._anywhere.append((name, pattern))
                    continue
                for start in starts:
                    entries = index.setdefault(start, [])
                    if (name, pattern) not in entries:
                        entries.append((name, pattern))
        # The candidate pattern reports the longest key at a position, so a key also
        # carries the phrases filed under its shorter prefixes.
        for key, entries in index.items():
            for cut in range(1, len(key)):
                entries += [e for e in index.get(key[:cut], ()) if e not in entries]
        self._index = index
        # Where any indexed phrase may start; the regex engine finds these positions in C.
        self._candidates = re.compile(f"(?=({trie_pattern(sorted(index))}))")

    def scan(self, text: str, word_starts: frozenset[int]) -> dict[str, list[Span]]:
        """Spans per list (missing when none). A match of three characters or fewer must
        begin where a word begins (`word_starts`): ช้า inside เช้า, รอ inside เหรอ are not
        words of ours."""
        found: dict[str, list[Span]] = {}
        index = self._index
        for candidate in self._candidates.finditer(text):
            i = candidate.start()
            word_start = i in word_starts
            for name, pattern in index[candidate.group(1)]:
                m = pattern.match(text, i)
                if m is not None:
                    end = m.end()
                    if end - i > _SHORT or (end > i and word_start):
                        found.setdefault(name, []).append((i, end))
        for name, pattern in self._anywhere:
            for m in pattern.finditer(text):
                start, end = m.span()
                if end - start > _SHORT or (end > start and start in word_starts):
                    found.setdefault(name, []).append((start, end))
        for name, spans in found.items():
            if len(spans) > 1:
                found[name] = _leftmost_longest(spans)
        return found


def trie_pattern(words: list[str]) -> str:
    """An alternation of `words` shaped as a trie, so the engine fails after one character."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


def _leftmost_longest(spans: list[Span]) -> list[Span]:
    """Like one regex's finditer: no two matches of the same list overlap."""
    kept: list[Span] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _starts(pattern: str) -> set[str] | None:
    """The strings of up to _KEY characters a match can begin with, or None if unknown.

    A shorter start means what follows it is free (whitespace, a wide class).
    """
    try:
        closed, open_ = _seq(list(sre_parse.parse(pattern)), _KEY)
    except Exception:  # an item we do not index, or a future `re` internals change
        return None
    starts = closed | open_
    return {s for s in starts if not any(s != t and s.startswith(t) for t in starts)}


class _Unknown(Exception):
    pass


def _seq(items: list, k: int) -> tuple[set[str], set[str]]:
    """Prefixes of a sequence of parsed items: (closed, open).

    Closed prefixes are final: k characters long, or cut short by something unindexable.
    Open ones are the whole sequence, shorter than k, and can grow with what follows.
    """
    closed: set[str] = set()
    open_: set[str] = {""}
    for op, av in items:
        if not open_:
            break
        options = _item(op, av, k)
        grown: set[str] = set()
        for head in open_:
            for tail, cut in options:
                candidate = (head + tail)[:k]
                if len(candidate) >= k or cut:
                    closed.add(candidate)
                else:
                    grown.add(candidate)
        open_ = grown
    return closed, open_


def _options(items: list, k: int) -> list[tuple[str, bool]]:
    closed, open_ = _seq(items, k)
    return [(p, True) for p in closed] + [(p, False) for p in open_]


def _item(op, av, k: int) -> list[tuple[str, bool]]:
    """(text, cut) options for one parsed item; cut: nothing indexable follows it."""
    name = str(op)
    if name == "LITERAL":
        return [(chr(av), False)]
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return [("", False)]
    if name == "SUBPATTERN":
        return _options(list(av[-1]), k)
    if name == "BRANCH":
        return [opt for branch in av[1] for opt in _options(list(branch), k)]
    if name == "IN":
        chars = _class_chars(av)
        return [("", True)] if chars is None else [(c, False) for c in chars]
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        low, high, body = av
        once = _options(list(body), k)
        repeated = once if high == 1 else [(p, True) for p, _ in once]
        return [("", False), *repeated] if low == 0 else repeated
    if name in ("NOT_LITERAL", "ANY", "CATEGORY"):
        return [("", True)]
    raise _Unknown(name)


def _class_chars(av) -> list[str] | None:
    chars: list[str] = []
    for op, value in av:
        name = str(op)
        if name == "LITERAL":
            chars.append(chr(value))
        elif name == "RANGE" and value[1] - value[0] < _MAX_CLASS:
            chars += [chr(c) for c in range(value[0], value[1] + 1)]
        else:
            return None
    return chars if len(chars) <= _MAX_CLASS else None
