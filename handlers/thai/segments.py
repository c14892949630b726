"""Cut a message about several items into its parts: "o12 เสร็จแล้ว o13 กำลังทำ 50% o14 ยังไม่เริ่ม".

Officers report for their whole unit in one message, a clause or a line per item. A part
starts at each line (a line break arrives as " / " through the batch command) and at each
item code; a part that names items but says nothing about them ("o12", "o14 กับ") lends its
items to the next part ("o12 o13 เสร็จแล้ว" is one part about two items). Words before the
first item code ("แจ้งความคืบหน้ากองคลังค่ะ", "เมื่อวาน") belong to every part.

This module only cuts; parser.py reads each part with the same rules as a whole message, so
one part's status is never applied to another part's items.
"""

from __future__ import annotations

import re

from handlers.thai.refs import find_refs

_LINE_RE = re.compile(r"\s+/\s+|\s*[\n\r]+\s*")


def cut(text: str) -> list[str]:
    """The pieces of normalized, URL-free text: the lines, each cut before every item code
    after its first. One piece when the message names fewer than two codes."""
    pieces: list[str] = []
    for line in _LINE_RE.split(text):
        if not line.strip():
            continue
        _, spans = find_refs(line)
        start = 0
        for begin, _end in spans[1:]:
            pieces.append(line[start:begin])
            start = begin
        pieces.append(line[start:])
    return [p.strip() for p in pieces if p.strip()]


def may_have_parts(text: str) -> bool:
    """Cheap test before cutting: two item codes, or a line break."""
    if " / " in text or "\n" in text:
        return True
    _, spans = find_refs(text)
    return len(spans) > 1
