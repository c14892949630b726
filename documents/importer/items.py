"""Split a cell into the items people wrote in it: `๑. … ๒. … ๓. …`, bullets, or lines.

Numbered items keep their number, because the done column refers to steps by number
(`๑. ดำเนินการเมื่อวันที่ …  ๒. ดำเนินการเมื่อวันที่ …`). A number only counts as an item
marker when the numbers run in sequence (a list may start at any number and restart at 1),
so dates (`๒๕๖๖.`), sub-numbers (`๑.๑`) and `ฉบับที่ ๒)` do not split a cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from documents.importer.thai_time import DATE_RE, to_parse_text

_MARKER = re.compile(r"(?:(?<=\s)|^|(?<=[-•]))(\d{1,2})\s?[.)](?!\d)")
_BULLET = re.compile(r"(?:^|\s)[-•▪●]\s*(?=\S)")


@dataclass(frozen=True)
class Item:
    number: int | None  # the written number, None for bullets, lines and the preamble
    index: int  # position among the cell's items
    text: str


def _numbered(parse: str) -> list[tuple[int, int, int]]:
    """(start, end, number) of the markers that form a sequence."""
    accepted: list[tuple[int, int, int]] = []
    for m in _MARKER.finditer(parse):
        number = int(m.group(1))
        if not accepted:
            if number == 1 or m.start() == 0:
                accepted.append((m.start(), m.end(), number))
            continue
        last = accepted[-1][2]
        if number == last + 1 or (number == 1 and len(accepted) >= 2):
            accepted.append((m.start(), m.end(), number))
    return accepted


def split_items(text: str) -> list[Item]:
    if not text.strip():
        return []
    parse = to_parse_text(text)
    markers = _numbered(parse)
    if markers:
        items: list[Item] = []
        preamble = text[: markers[0][0]].strip()
        if preamble:
            items.append(Item(None, 0, preamble))
        for i, (_start, end, number) in enumerate(markers):
            stop = markers[i + 1][0] if i + 1 < len(markers) else len(text)
            body = text[end:stop].strip()
            if body:
                items.append(Item(number, len(items), body))
        return items
    items = []
    for line in text.split("\n"):
        for part in _split_bullets(line):
            if part.strip():
                items.append(Item(None, len(items), part.strip()))
    return items


def _split_bullets(line: str) -> list[str]:
    """Split `- a - b` into bullets, but not a date range `ต.ต. ๖๓ - มี.ค. ๖๔`."""
    parse = to_parse_text(line)
    cuts = [0]
    for m in _BULLET.finditer(parse):
        after = parse[m.end() :]
        if m.start() == 0 or after[:1].isdigit() or DATE_RE.match(after):
            continue
        cuts.append(m.start())
    cuts.append(len(line))
    return [line[a:b].strip().lstrip("-•▪● ").strip() for a, b in pairwise(cuts) if line[a:b].strip()]
