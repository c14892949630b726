"""Turn Thai chat text as typed into one canonical spelling before anything reads it.

Officers type on phones: Thai digits, the two-character sara am (ํ + า), zero-width spaces
pasted from Word, stretched letters (คร้าบบบ, 555555) and a handful of habitual misspellings
(เสร็ด, ดำเนิการ, เว็ป). Every later rule is written against the canonical form only, so
each spelling variant is handled exactly once, here.

Normalization keeps one character per input character wherever it can, but callers must not
rely on offsets into the raw text: spans found later refer to the normalized string.
"""

from __future__ import annotations

import re

from handlers.thai.calendar_words import THAI_DIGITS
from handlers.thai.phrases import trie_pattern

# Sara am typed as nikhahit + sara aa, with the tone mark on either side of the nikhahit.
_SARA_AM_RE = re.compile("([\u0e48-\u0e4b]?)\u0e4d([\u0e48-\u0e4b]?)\u0e32")

# Full-width ASCII (ｏ１２, ％) from some Thai keyboards and pasted tables.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_ZERO_WIDTH = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E])
_TRANSLATE = {
    **THAI_DIGITS, **_FULLWIDTH, **_ZERO_WIDTH, 0x2013: 0x2D, 0x2014: 0x2D, 0xA0: 0x20,
}
_NEEDS_TRANSLATE_RE = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE))) + "]")

# Two Sara E typed for Sara AE (เเล้ว) is the most common slip in Thai chat.
_DOUBLE_SARA_E_RE = re.compile("\u0e40\u0e40")

# Three or more of the same Thai character (คร้าบบบ, เสร็จจจ, ค่่่ะ) → one. Two are left
# alone because real words have them (คนนั้น).
_STRETCHED_THAI_RE = re.compile(r"([\u0e01-\u0e4e])\1{2,}")
_LAUGH_RE = re.compile(r"(?<!\d)5{3,}(?!\d)")
_REPEATED_PUNCT_RE = re.compile(r"([!?.~])\1+")
_SPACES_RE = re.compile(r"[ \t\r\f\v]+")

# Misspellings → canonical form. Plain misspellings are looked up in one trie-shaped pattern
# (one pass, longest first); the few that need context are regular expressions.
_MISSPELLED: dict[str, tuple[str, ...]] = {
    "เสร็จ": ("เสร็ด", "เส็ด", "เสร้จ", "เสร้ด", "เสร็ต"),
    "ดำเนินการ": ("ดำเนิการ", "ดำเนนการ", "ดำนินการ", "ดำเนิงการ", "ดำเนินกาน", "ดำเนินการร"),
    "เรียบร้อย": ("เรียบร้อบ", "เรียบรอย", "เรียนร้อย"),
    "แล้ว": ("แล้วว", "แล่ว", "แร้ว"),
    "อัปโหลด": ("อัพโหลด", "อัพโหลท", "อัปโหลท", "อัพโหลต", "อัปโหลต"),
    "อัปเดต": ("อัพเดท", "อัพเดต", "อัปเดท", "อัพเดด"),
    "เว็บไซต์": tuple(
        f"{web}{gap}{site}" for web in ("เว็บ", "เว็ป", "เวบ", "เวป") for gap in ("", " ")
        for site in ("ไซต์", "ไซท์", "ไซด์", "ไซต", "ไซท", "ไซด")
    ),
    "เว็บ": ("เว็ป", "เวป"),
    "ลิงก์": ("ลิงค์", "ลิ้งค์", "ลิ้งก์", "ลิ้ง"),
    "โพสต์": ("โพสต์", "โพส", "โพสท์", "โพสท", "โพสต"),
    "ไหม": ("มั้ยย", "มั้ย", "มั๊ย", "ไม๊", "มั๋ย", "ไหมม"),
    "หรือยัง": ("รึยัง", "ลึยัง", "หรือยังง", "หรือยัว"),
    "หรือเปล่า": ("รึเปล่า", "หรือป่าว", "รึป่าว", "หรือเปล่าา"),
    "กำลัง": ("กะลัง", "กำลังง"),
    "ปัญหา": ("ปันหา", "ปัณหา"),
    "ขอบคุณ": ("ขอบคุน", "ขอบคุนน"),
    "รับทราบ": ("รับทาบ", "รับซาบ"),
    "เปอร์เซ็นต์": (
        "เปอร์เซ็นต์", "เปอร์เซ็น", "เปอร์เซนต์", "เปอร์เซน", "เปอเซ็นต์", "เปอเซ็น", "เปอร์เซ้น",
    ),
    "ครับ": ("คร้าบ", "ครัช", "ครัฟ", "ค้าบ", "คั้บ", "ขรับ", "ครับบ", "คร้าบบ", "ค้าบบ"),
    "ค่ะ": ("ค่ะะ", "ค่าา"),
}
_SPELLING_CONTEXT: tuple[tuple[str, str], ...] = (
    (r"เสรจ(?!ริ)|เสด(?!็จ|ถ)", "เสร็จ"),  # not เสด็จ
    (r"ดำเนินกา(?!ร)", "ดำเนินการ"),
    (r"เรียบร้อ(?!ย)", "เรียบร้อย"),
    (r"เวบ(?!ิ)", "เว็บ"),  # not เวบินาร์
    (r"คับ(?![ขแ])", "ครับ"),  # not คับขัน, คับแคบ
)
_FIX = {wrong: right for right, wrongs in _MISSPELLED.items() for wrong in wrongs}
_MISSPELLED_RE = re.compile(trie_pattern(list(_FIX)))
_CONTEXT_RE = re.compile("|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(_SPELLING_CONTEXT)))
_CONTEXT_STARTS_RE = re.compile("เสร|เสด|ดำเนินกา|เรียบร้อ|เวบ|คับ")
_CONTEXT_FIX = {f"s{i}": right for i, (_, right) in enumerate(_SPELLING_CONTEXT)}
# Colloquial ละ for แล้ว right after a status verb (เสร็จละ, ส่งละ), once verbs are spelled right.
_LA_RE = re.compile(
    "(?:" + "|".join(f"(?<={verb})" for verb in ("เสร็จ", "ส่ง", "เรียบร้อย", "ดำเนินการ",
                                                  "อัปโหลด", "เว็บ", "ทำ"))
    + ")ละ(?!เอียด|เว้น|ทิ้ง|ลาย|อง)"
)


def normalize(text: str) -> str:
    """Canonical spelling of a chat message: lower-case ASCII, Arabic digits, fixed typos."""
    if _NEEDS_TRANSLATE_RE.search(text):  # translate() is slow on Thai text; most need none
        text = text.translate(_TRANSLATE)
    text = text.lower()
    if "\u0e4d" in text:
        text = _SARA_AM_RE.sub("\\1\\2\u0e33", text)
    if "\u0e40\u0e40" in text:
        text = _DOUBLE_SARA_E_RE.sub("\u0e41", text)
    if _STRETCHED_THAI_RE.search(text):
        text = _STRETCHED_THAI_RE.sub(r"\1", text)
    if "555" in text:
        text = _LAUGH_RE.sub("555", text)
    text = _REPEATED_PUNCT_RE.sub(r"\1", text)
    text = _MISSPELLED_RE.sub(lambda m: _FIX[m.group(0)], text)
    if _CONTEXT_STARTS_RE.search(text):
        text = _CONTEXT_RE.sub(lambda m: _CONTEXT_FIX[m.lastgroup or ""], text)
    if "ละ" in text:
        text = _LA_RE.sub("แล้ว", text)
    return _SPACES_RE.sub(" ", text).strip()


def blank(text: str, spans: list[tuple[int, int]], fill: str = " ") -> str:
    """Replace spans with `fill`, keeping every other offset valid for later spans."""
    for start, end in spans:
        if end > start:
            text = text[:start] + fill * (end - start) + text[end:]
    return text
