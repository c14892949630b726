"""Assessment vocabulary inside text: tools (IIT/EIT/OIT), indicators, item codes, and the
headings that set them for the rows below.

* Item codes: `o12`, `O12`, `O 12`, `OIT 12`, `e๖`, and after `ข้อ` a Thai or Arabic zero that
  stands for the letter O: `ข้อ ๐๑๒`, `ข้อ 0๑๗` → o12, o17.
* Indicators: `ตัวชี้วัดที่ ๙`, `ตัวชี้วัดย่อยที่ ๑๐.๑` (→ 10), or an indicator's name in an
  indicator column (`ใช้อำนาจ` → 3), matched with rapidfuzz against data/catalogue.json.
* A tool follows from an indicator (1–5 IIT, 6–8 EIT, 9–10 OIT) or an item letter, unless a
  cell names it (`เครื่องมือการประเมิน OIT`, `แบบวัด…ภายใน (IIT)`, the typo `IIIT`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from documents.importer.thai_time import to_parse_text

_CATALOGUE = Path(__file__).parent / "data" / "catalogue.json"

_REF_RE = re.compile(
    r"(?<![A-Za-z])(?:OIT\s*(?P<oit>\d{1,2})(?!\d)|(?P<l>[oOeEiI])\s?(?P<n>\d{1,2})(?!\d)(?!\.\d))"
    r"|ข้อ\s*(?:ที่\s*)?0(?P<z>\d{1,2})(?!\d)"
)
_REF_LIMITS = {"o": 60, "e": 30, "i": 40}
_TOOL_RE = re.compile(r"(?<![A-Za-z])(I{2,3}T|EIT|OIT)(?![A-Za-z])", re.IGNORECASE)
_TOOL_WORDS = (
    (re.compile(r"ผู้มีส่วนได้ส่วนเสียภายใน|ผู้มีส่วนได้เสียภายใน"), "IIT"),
    (re.compile(r"ผู้มีส่วนได้ส่วนเสียภายนอก|ผู้มีส่วนได้เสียภายนอก"), "EIT"),
    (re.compile(r"การเปิดเผยข้อมูลสาธารณะ"), "OIT"),
)
_INDICATOR_RE = re.compile(r"ตัวชี้วัด(?:ย่อย)?\s*ที่\s*(\d{1,2})(?:\.\d{1,2})?")
_TOOL_PHRASE_RE = re.compile(r"เครื่องมือ(?:การ)?(?:ประเมิน)?\s*(I{2,3}T|EIT|OIT)", re.IGNORECASE)
_DASH_RE = re.compile(r"(?:^|\s)[-•▪●]\s*(?=\S)")
_LEADING_JUNK = re.compile(
    r"^(?:[-•▪●*]+\s*|[\d๐-๙]{1,2}(?:\.[\d๐-๙]{1,2})*\s*[.)]?\s+|[\d๐-๙]{1,2}\s*[.)]\s*"
    r"|ข้อ\s*(?:ที่\s*)?[0๐][\d๐-๙]{1,2}\s*|(?<![A-Za-z])[oOeEiI]\s?[\d๐-๙]{1,2}(?![\d๐-๙])\s*"
    r"|ประเด็น\s+)"
)
_INNER_REF = re.compile(r"\s*ข้อ\s*(?:ที่\s*)?[0๐][\d๐-๙]{1,2}(?![\d๐-๙])")


@cache
def catalogue() -> dict:
    return json.loads(_CATALOGUE.read_text(encoding="utf-8"))


def tool_of_indicator(indicator: int | None) -> str | None:
    entry = catalogue()["indicators"].get(str(indicator)) if indicator else None
    return entry["tool"] if entry else None


def indicator_of_item(ref: str, fiscal_year: int | None) -> int | None:
    """The indicator an EIT question belongs to in that year's assessment, if known."""
    if not ref.startswith("e") or fiscal_year is None:
        return None
    ranges = catalogue()["eit_items"].get(str(fiscal_year))
    if ranges is None:  # nearest year we know: the EIT layout rarely changes
        years = sorted(int(y) for y in catalogue()["eit_items"])
        nearest = min(years, key=lambda y: abs(y - fiscal_year))
        ranges = catalogue()["eit_items"][str(nearest)]
    number = int(ref[1:])
    for indicator, (low, high) in ranges.items():
        if low <= number <= high:
            return int(indicator)
    return None


def find_refs(text: str) -> list[str]:
    """Normalised item codes in the order written, without repeats."""
    refs: list[str] = []
    for m in _REF_RE.finditer(to_parse_text(text)):
        if m.group("oit"):
            letter, number = "o", int(m.group("oit"))
        elif m.group("z"):
            letter, number = "o", int(m.group("z"))
        else:
            letter, number = m.group("l").lower(), int(m.group("n"))
        if 1 <= number <= _REF_LIMITS[letter] and f"{letter}{number}" not in refs:
            refs.append(f"{letter}{number}")
    return refs


def find_tool(text: str) -> str | None:
    m = _TOOL_RE.search(text)
    if m:
        word = m.group(1).upper()
        return "IIT" if word.startswith("II") else word
    for pattern, tool in _TOOL_WORDS:
        if pattern.search(text):
            return tool
    return None


def tool_of_refs(refs: list[str]) -> str | None:
    letters = {r[0] for r in refs}
    if len(letters) != 1:
        return None
    return {"o": "OIT", "e": "EIT", "i": "IIT"}[letters.pop()]


def indicator_by_name(text: str) -> int | None:
    """Indicator number for a cell naming it (`ใช้อำนาจ`, `๒. ประสิทธิภาพการสื่อสาร ๘๓.๓๘ คะแนน`)."""
    squashed = re.sub(r"\s+", "", to_parse_text(text))
    squashed = re.sub(r"^\d{1,2}[.)]", "", squashed)
    squashed = re.sub(r"[\d.]+คะแนน.*$", "", squashed)
    if len(squashed) < 4:
        return None
    best, best_score = None, 0.0
    for number, entry in catalogue()["indicators"].items():
        for name in entry["names"]:
            score = fuzz.ratio(name, squashed)
            if len(squashed) <= len(name) + 2:
                score = max(score, fuzz.partial_ratio(squashed, name))
            if score > best_score:
                best, best_score = int(number), score
    return best if best_score >= 82 else None


def indicator_in_text(text: str) -> int | None:
    m = _INDICATOR_RE.search(to_parse_text(text))
    if m and 1 <= int(m.group(1)) <= 10:
        return int(m.group(1))
    return None


def read_indicator_cell(text: str) -> int | None:
    """An indicator column: `ตัวชี้วัดที่ ๒ (…)`, a name, or just a number."""
    explicit = indicator_in_text(text)
    if explicit:
        return explicit
    named = indicator_by_name(text)
    if named:
        return named
    bare = to_parse_text(text).strip()
    return int(bare) if bare.isdigit() and 1 <= int(bare) <= 10 else None


@dataclass
class Heading:
    """What a prose line or a heading row says about the rows below it."""

    tool: str | None = None
    indicator: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.tool or self.indicator)


def prose_heading(line: str) -> Heading:
    """`ตัวชี้วัดที่ ๙ …`, `ตัวชี้วัดย่อยที่ ๑๐.๑ …`, `แบบวัด…(IIT)` at the start of a line."""
    text = _LEADING_JUNK.sub("", line.strip(), count=1)
    if text.startswith("ตัวชี้วัด"):
        indicator = indicator_in_text(text[:40])
        if indicator:
            return Heading(tool_of_indicator(indicator), indicator)
    if text.startswith(("แบบวัด", "เครื่องมือ")) and len(text) < 120:
        return Heading(find_tool(text), None)
    return Heading()


@dataclass
class TitleParts:
    title: str
    refs: list[str] = field(default_factory=list)
    tool: str | None = None
    indicator: int | None = None


def clean_title(text: str) -> str:
    """A measure or task title as people would write it: one line, no bullets, numbering,
    leading item codes or the word ประเด็น."""
    text = re.sub(r"\s+", " ", text).strip()
    for _ in range(6):
        stripped = _LEADING_JUNK.sub("", text, count=1).strip()
        if stripped == text:
            break
        text = stripped
    text = _INNER_REF.sub("", text).strip(" -–,;:")
    return text


def split_title(cell: str) -> TitleParts:
    """Separate heading phrases inside a measure cell from the measure's own title:
    `ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล เครื่องมือการประเมิน OIT - ข้อมูลพื้นฐาน` → indicator 9,
    OIT, title `ข้อมูลพื้นฐาน`."""
    text = re.sub(r"\s+", " ", cell).strip()
    parse = to_parse_text(text)
    refs = find_refs(text)
    tool_m = _TOOL_PHRASE_RE.search(parse)
    ind_m = _INDICATOR_RE.search(parse)
    parts = TitleParts(title="", refs=refs)
    if tool_m:
        parts.tool = find_tool(tool_m.group(0))
    if ind_m and 1 <= int(ind_m.group(1)) <= 10:
        parts.indicator = int(ind_m.group(1))
    phrases = [m for m in (tool_m, ind_m) if m]
    if not phrases or min(m.start() for m in phrases) > 3:
        parts.title = clean_title(text)
        return parts
    after = max(m.end() for m in phrases)
    rest = text[after:]
    rest_parse = parse[after:]
    dash = _DASH_RE.search(rest)
    ref = _REF_RE.search(rest_parse)
    cut = min([m.start() for m in (dash, ref) if m], default=None)
    if cut is not None:
        parts.title = clean_title(rest[cut:])
    else:
        remainder = clean_title(_TOOL_PHRASE_RE.sub("", rest))
        parts.title = "" if indicator_by_name(remainder) else remainder
    return parts
