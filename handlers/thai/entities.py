"""Things a message names besides item codes and dates: URLs, a registration code, a unit,
an indicator number.

URLs are read from the raw text and kept byte for byte (they are evidence links that end
up in the record); everything else is read from normalized text.
"""

from __future__ import annotations

import re

from handlers.thai.lexicon import NOT_UNIT_AFTER_KONG, UNIT_ALIASES, UNITS

_URL_RE = re.compile(r"https?://[^\s<>\"'\u0e00-\u0e7f\u200b-\u200d\ufeff]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}>'\"”’"

_CODE_RE = re.compile(
    r"(?:ลง\s?ทะเบียน|รหัส(?:ลงทะเบียน|เชิญ|ยืนยัน|สมาชิก)?|\bregist(?:er|ration)?\b|\bregis\b"
    r"|\bcode\b|โค้ด|โค้ต)"
    r"\s*(?:(?:คือ|ครับ|ค่ะ|นะ|is|ด้วย|ใช้|รหัส)\s*)?[:=#\-]?\s*"
    r"(?P<code>[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){3,13})(?![a-z0-9-])"
)
_CODE_WORDS_RE = re.compile("ทะเบียน|รหัส|regis|code|โค้")
# A code written a few words away from its keyword ("ลงทะเบียนครับผม R5T8YU", "รหัสของหนูคือ
# pl09ok ค่ะ ลงทะเบียน"): 6–10 letters and digits, at least one of each.
_LOOSE_CODE_RE = re.compile(
    r"(?<![a-z0-9-])(?=[a-z]*\d)(?=\d*[a-z])(?P<code>[a-z0-9]{6,10})(?![a-z0-9-])"
)
_NEAR = 40
# Lower-case English words that follow "register" and are not codes.
_NOT_CODES = frozenset(
    {"please", "again", "account", "myself", "already", "cannot", "failed", "thanks", "nowplease"}
)

_UNIT_RE = re.compile(
    "|".join(re.escape(name) for name in sorted({*UNITS, *UNIT_ALIASES}, key=len, reverse=True))
    + r"|(?<![\u0e01-\u0e4e])สป\.?(?![\u0e01-\u0e4e])"
)
_THAI_WORD_RE = re.compile("[\u0e01-\u0e4e]{2,}")
_INDICATOR_RE = re.compile(r"(?:ตัวชี้วัด(?:ที่)?|\bindicator)\s*(?P<n>\d{1,2})(?:\.\d{1,2})?")


def find_urls(raw: str) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """http(s) links exactly as written, minus sentence punctuation stuck to their end."""
    urls: list[str] = []
    spans: list[tuple[int, int]] = []
    if "://" not in raw:
        return (), spans
    for m in _URL_RE.finditer(raw):
        url = m.group(0).rstrip(_URL_TRAILING)
        if url.count("(") > url.count(")") and m.group(0)[len(url) :].startswith(")"):
            url += ")"  # a Wikipedia-style link that really ends in a bracket
        if len(url) > len("https://"):
            urls.append(url)
            spans.append((m.start(), m.start() + len(url)))
    return tuple(dict.fromkeys(urls)), spans


def find_code(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The registration code after ลงทะเบียน / รหัส / register / code, upper-cased."""
    if _CODE_WORDS_RE.search(text) is None:
        return None, []
    for m in _CODE_RE.finditer(text):
        code = m.group("code").replace("-", "")  # ZX-81QP as some people copy it
        has_digit = any(c.isdigit() for c in code)
        if has_digit or (len(code) >= 6 and code not in _NOT_CODES):
            return code.upper(), [m.span()]
    keywords = [m.span() for m in _CODE_WORDS_RE.finditer(text)]
    for m in _LOOSE_CODE_RE.finditer(text):
        if any(m.start() - _NEAR <= end and start <= m.end() + _NEAR for start, end in keywords):
            return m.group("code").upper(), [m.span()]
    return None, []


def find_unit(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """A unit named in the message, as the organization chart spells it."""
    if "กอง" not in text and "สำนัก" not in text and "สป" not in text and "หน่วย" not in text:
        return None, []
    m = _UNIT_RE.search(text)
    if m is None:
        return None, []
    name = m.group(0)
    return UNIT_ALIASES.get(name, "สำนักปลัด" if name.startswith("สป") else name), [m.span()]


def unit_from_tokens(tokens: list[str]) -> str | None:
    """A กอง… the unit list does not know: กอง plus the word after it, as written."""
    for i, token in enumerate(tokens):
        if token == "กอง":
            token += tokens[i + 1] if i + 1 < len(tokens) else ""
        rest = token[3:]
        known_not_unit = any(rest.startswith(word) for word in NOT_UNIT_AFTER_KONG)
        if token.startswith("กอง") and _THAI_WORD_RE.match(rest) and not known_not_unit:
            return token
    return None


def find_indicator(text: str) -> tuple[int | None, list[tuple[int, int]]]:
    """The indicator number in "ตัวชี้วัดที่ 9" / "ตัวชี้วัด 10" / "ตัวชี้วัดที่ 9.1"."""
    if "ตัวชี้วัด" not in text and "indicator" not in text:
        return None, []
    m = _INDICATOR_RE.search(text)
    if m is None:
        return None, []
    return int(m.group("n")), [m.span()]
