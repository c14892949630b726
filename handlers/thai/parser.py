"""Read one Thai chat message: `parse(text, today) -> Parse`.

A pure function of the text and the date: no database, no I/O, nothing outside
handlers.thai. The steps run from the most literal to the most interpretive. URLs are cut
out of the raw text first so nothing inside a link is read as an item code or a date; then
the text is normalized, and the registration code, item codes, dates, percents, indicator
and unit are found and blanked in turn, so the words left over are the ones the intent
rules read and the ones that make the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from handlers.thai import lexicon as lx
from handlers.thai.dates import find_date
from handlers.thai.entities import (
    find_code,
    find_indicator,
    find_unit,
    find_urls,
    unit_from_tokens,
)
from handlers.thai.intent import UPDATE_INTENTS, classify
from handlers.thai.normalize import blank, normalize
from handlers.thai.numbers import find_fraction, find_percent
from handlers.thai.refs import find_refs
from handlers.thai.signals import read
from handlers.thai.tokenizer import tokenize

# LINE caps a text message at 5,000 characters; anything longer is not a chat message.
MAX_CHARS = 5000
_TITLE_TRIM = lx.FILLERS | lx.PARTICLES | lx.PRONOUNS | lx.ASK_TOKENS
_WORDLESS_RE = re.compile(r"[^\w]*")  # a piece with no letter or digit (punctuation, emoji)


@dataclass(frozen=True)
class Parse:
    """What one message says.

    intent: done, in_progress, not_started, problem, status, outstanding, my_tasks, report,
        help, register or none.
    refs: item codes (o12, e6, i4) in the order written, no duplicates.
    percent: progress an update states (50%, ๕๐ %, ครึ่งหนึ่ง), else None.
    date: the day the reported work happened, for updates that state one; never a plan.
    code: registration code, upper-case, for `register`.
    urls: links exactly as written.
    unit: a unit named in the message (สำนักปลัด, กองคลัง…), to resolve tasks.
    indicator: indicator number from "ตัวชี้วัดที่ 9".
    is_question: phrased as a question (including polite requests such as "ได้ไหม").
    title_text: the rest of the message, for fuzzy-matching a task title.
    """

    intent: str
    refs: tuple[str, ...] = ()
    percent: int | None = None
    date: date | None = None
    code: str | None = None
    urls: tuple[str, ...] = ()
    unit: str | None = None
    indicator: int | None = None
    is_question: bool = False
    title_text: str = ""

    def to_contract(self) -> dict:
        """The JSON shape `python -m bot parse --json` prints (DESIGN.md contract)."""
        return {
            "intent": self.intent,
            "refs": list(self.refs),
            "percent": self.percent,
            "date": self.date.isoformat() if self.date else None,
            "code": self.code,
            "urls": list(self.urls),
        }


def parse(text: str, today: date) -> Parse:
    """Read a chat message as of `today` (the date relative words such as เมื่อวาน mean)."""
    raw = text[:MAX_CHARS] if isinstance(text, str) else ""
    urls, url_spans = find_urls(raw)
    normalized = normalize(blank(raw, url_spans))

    code, spans = find_code(normalized)
    work = blank(normalized, spans)
    refs, spans = find_refs(work)
    work = blank(work, spans)
    entity_spans = list(spans)
    day, spans = find_date(work, today)
    work = blank(work, spans)
    percent, spans = find_percent(work)
    work = blank(work, spans)
    fraction, spans = find_fraction(work)
    work = blank(work, spans)
    indicator, spans = find_indicator(work)
    entity_spans += spans
    unit, unit_spans = find_unit(work)
    entity_spans += unit_spans
    work = blank(work, spans + unit_spans)

    tokens = tokenize(work)
    if unit is None and "กอง" in work:
        unit = unit_from_tokens(tokens)
    facts = {
        "code": code, "refs": refs, "urls": urls, "unit": unit,
        "indicator": indicator, "percent": percent, "date": day, "fraction": fraction,
    }
    reading = read(work, tokens, facts, entity_spans)
    intent = classify(reading.signals)
    is_update = intent in UPDATE_INTENTS
    return Parse(
        intent=intent,
        refs=refs,
        percent=percent if is_update else None,
        date=day if is_update else None,
        code=code if intent == "register" else None,
        urls=urls,
        unit=unit,
        indicator=indicator,
        is_question=reading.signals.is_question,
        title_text=_title(reading.leftover),
    )


def _title(leftover: list[list[str]]) -> str:
    """The leftover phrases, minus particles and fillers at their edges."""
    phrases = []
    for chunk in leftover:
        first, last = 0, len(chunk)
        while first < last and _trimmed(chunk[first]):
            first += 1
        while last > first and _trimmed(chunk[last - 1]):
            last -= 1
        if first < last:
            phrases.append("".join(chunk[first:last]))
    return " ".join(phrases)


def _trimmed(piece: str) -> bool:
    return piece in _TITLE_TRIM or _WORDLESS_RE.fullmatch(piece) is not None
