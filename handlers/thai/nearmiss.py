"""Status words typed one keystroke wrong: "เรียบรัอย", "อัปโหลก", "ดำเนินกาล" → the word meant.

normalize.py fixes the misspellings people make again and again from a table; this catches
the rest by edit distance: a stretch of Thai within one edit (Levenshtein, rapidfuzz) of a
status word, starting with the same letter, is read as that word. Real words that are one
edit away from a status word (ปัญญา "wisdom" from ปัญหา, เสด็จ "to go, royal" from เสร็จ)
are listed in MUST_NOT_MATCH and left alone. Runs on normalized text; pure and fast (only
stretches that start with a status word's first letter are compared).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

# The words whose misspelling would lose an update. Five letters or more: shorter words
# are one edit away from too many others.
STATUS_WORDS = ("เสร็จ", "เรียบร้อย", "ดำเนินการ", "อัปโหลด", "เผยแพร่", "กำลัง", "ปัญหา",
                "อุปสรรค", "ประกาศ", "เว็บไซต์", "เรียบร้อย")
# Real words (or their beginnings) one edit from a status word: never corrected.
MUST_NOT_MATCH = ("ปัญญา", "เสด็จ", "เสร็จสิ้น", "ประการ", "ประกาย", "ประกัน", "ประกอบ",
                  "ดำเนินคดี", "กำลังใจ", "กำลังพล", "เผยแผ่", "อุปกรณ์", "เรียบง่าย", "เรียบเรียง",
                  "เสริม", "เสาร์", "ประกาศนียบัตร")
_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _word in dict.fromkeys(STATUS_WORDS):
    _BY_FIRST[_word[0]] = (*_BY_FIRST.get(_word[0], ()), _word)


# Where a stretch may start (a status word's first letter), and the real words never touched.
_FIRST_RE = re.compile("[" + "".join(_BY_FIRST) + "]")
_KEEP_RE = re.compile("|".join(map(re.escape, MUST_NOT_MATCH)))


def correct(text: str) -> str:
    """`text` with each near-miss of a status word replaced by the word."""
    found = _FIRST_RE.search(text)
    if found is None:
        return text
    out: list[str] = []
    kept = 0  # text[:kept] is already in out
    while found is not None:
        i = found.start()
        near = _near_miss(text, i)
        if near is None:
            found = _FIRST_RE.search(text, i + 1)
            continue
        word, size = near
        out += (text[kept:i], word)
        kept = i + size
        found = _FIRST_RE.search(text, kept)
    out.append(text[kept:])
    return "".join(out)


def _near_miss(text: str, i: int) -> tuple[str, int] | None:
    """The status word misspelled at text[i:] and the length of the misspelling, if any."""
    if _KEEP_RE.match(text, i):
        return None
    for word in _BY_FIRST[text[i]]:
        if text.startswith(word, i):
            return None
        for size in (len(word), len(word) - 1, len(word) + 1):
            piece = text[i : i + size]
            if len(piece) == size and Levenshtein.distance(piece, word, score_cutoff=1) <= 1:
                return word, size
    return None
