"""Item codes in a message: o12, O 12, OIT 12, ข้อ ๐๑๒, e6, IIT 4, o14-o16, o14, 15.

Works on normalized text (lower-case, Arabic digits). The letter O of an OIT item often
became a zero in documents converted from PDF, so after ข้อ a leading 0 stands for "o"
(ข้อ 012 = o12); anywhere else a bare number is not an item code.
"""

from __future__ import annotations

import re

from handlers.thai.calendar_words import MONTH_PATTERN

_PREFIX = {"oit": "o", "o": "o", "โอ": "o", "eit": "e", "e": "e", "iit": "i", "i": "i"}
_LETTER = r"(?P<letter>oit|eit|iit|o|e|i|โอ(?=\s?\d))"
_BEFORE = r"(?<![a-z])"
_NUM_END = r"(?![\d]|\.\d)"
# A number that is really a percent, a date or a count is not the next item of a list.
_NOT_ITEM_AFTER = rf"(?!\d|\s*(?:%|เปอร์|วัน|เดือน|ปี|คน|ครั้ง|ข้อ|/|{MONTH_PATTERN}))"

_REF_RE = re.compile(
    rf"(?:ข้อ(?:ที่)?\s*)?{_BEFORE}{_LETTER}\s*(?:ข้อ(?:ที่)?)?\s*[-.:#]?\s*(?P<num>\d{{1,2}}){_NUM_END}"
    # o14-o16, o14 - 16, o14 ถึง o16
    rf"(?:\s*(?:-|ถึง|to|~)\s*(?:oit|eit|iit|o|e|i)?\s*(?P<upto>\d{{1,2}}){_NOT_ITEM_AFTER})?"
    # ข้อ 012 → o12, ข้อ 09 → o9 (a zero standing for the letter O)
    r"|ข้อ(?:ที่)?\s*0(?P<zero>\d{2}|[1-9])(?!\d)"
)
# The next item of a list: after a comma or "and" (o12, 13 และ 14), or after a space when it
# keeps the zero that stands for the letter O (ข้อ 006 007 008).
_LIST_TAIL_RE = re.compile(
    rf"(?:\s*(?:,|และ|กับ|&|\+)\s*(?:ข้อ\s*)?(?:0(?=\d\d))?|\s+0(?=\d\d))"
    rf"(?P<num>\d{{1,2}}){_NOT_ITEM_AFTER}"
)
_MAX_RANGE = 20
_MAYBE_REF_RE = re.compile(r"[oei]|ข้อ|โอ")


def find_refs(text: str) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """Normalized item codes in the order written (no duplicates) and the spans they cover."""
    refs: list[str] = []
    spans: list[tuple[int, int]] = []
    if _MAYBE_REF_RE.search(text) is None:
        return (), spans

    def add(letter: str, number: int) -> None:
        code = f"{letter}{number}"
        if number > 0 and code not in refs:
            refs.append(code)

    pos = 0
    while m := _REF_RE.search(text, pos):
        if m.group("zero"):
            letter, first = "o", int(m.group("zero"))
        else:
            letter, first = _PREFIX[m.group("letter")], int(m.group("num"))
        add(letter, first)
        end = m.end()
        upto = m.group("upto")
        if upto is not None:
            last = int(upto)
            if first < last <= first + _MAX_RANGE:
                for number in range(first + 1, last + 1):
                    add(letter, number)
            else:  # not a range after all: read what follows the first code again
                end = m.end("num")
        while tail := _LIST_TAIL_RE.match(text, end):
            add(letter, int(tail.group("num")))
            end = tail.end()
        spans.append((m.start(), end))
        pos = end
    return tuple(refs), spans


# "ข้อ 12" with no letter: an item number whose tool only the organization's catalogue can
# tell (the bot resolves it), unless it numbers something else: a measure (มาตรการข้อ 3),
# a step, or a count (ข้อ 3 วัน).
_BARE_ITEM_RE = re.compile(rf"ข้อ(?:ที่)?\s*(?P<num>[1-9]\d?){_NOT_ITEM_AFTER}")
_NOT_AN_ITEM_BEFORE = ("มาตรการ", "ขั้นตอน", "ระเบียบ", "กฎหมาย", "มาตรา", "หลักเกณฑ์")


def find_item_numbers(text: str) -> tuple[int, ...]:
    """Numbers written after ข้อ without a tool letter, in order, no duplicates."""
    if "ข้อ" not in text:
        return ()
    numbers: list[int] = []
    for m in _BARE_ITEM_RE.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()].rstrip()
        if before.endswith(_NOT_AN_ITEM_BEFORE):
            continue
        number = int(m.group("num"))
        if number not in numbers:
            numbers.append(number)
    return tuple(numbers)
