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

_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")

# Sara am typed as nikhahit + sara aa, with the tone mark on either side of the nikhahit.
_SARA_AM_RE = re.compile("([\u0e48-\u0e4b]?)\u0e4d([\u0e48-\u0e4b]?)\u0e32")

# Full-width ASCII (ｏ１２, ％) from some Thai keyboards and pasted tables.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_TRANSLATE = {**THAI_DIGITS, **_FULLWIDTH, 0x2013: 0x2D, 0x2014: 0x2D, 0xA0: 0x20}

# Two Sara E typed for Sara AE (เเล้ว) is the most common slip in Thai chat.
_DOUBLE_SARA_E_RE = re.compile("\u0e40\u0e40")

# Three or more of the same Thai character (คร้าบบบ, เสร็จจจ, ค่่่ะ) → one. Two are left
# alone because real words have them (คนนั้น).
_STRETCHED_THAI_RE = re.compile(r"([\u0e01-\u0e4e])\1{2,}")
_LAUGH_RE = re.compile(r"(?<!\d)5{3,}(?!\d)")
_REPEATED_PUNCT_RE = re.compile(r"([!?.~])\1+")
_SPACES_RE = re.compile(r"[ \t\r\f\v]+")

# Misspelling → canonical form. Keys are regular expressions; they run in this order.
_SPELLING: tuple[tuple[str, str], ...] = (
    (r"เสร็ด|เส็ด|เสร้จ|เสร้ด|เสร็ต|เสรจ(?!ริ)|เสด(?!็จ|ถ)", "เสร็จ"),
    (r"ดำเนิการ|ดำเนนการ|ดำนินการ|ดำเนิงการ|ดำเนินกาน|ดำเนินการร|ดำเนินกา(?!ร)", "ดำเนินการ"),
    (r"เรียบร้อบ|เรียบรอย|เรียนร้อย|เรียบร้อ(?!ย)", "เรียบร้อย"),
    (r"แล้วว|แล่ว|แร้ว", "แล้ว"),
    (r"อัพโหลด|อัพโหลท|อัปโหลท|อัพโหลต|อัปโหลต", "อัปโหลด"),
    (r"อัพเดท|อัพเดต|อัปเดท|อัพเดด", "อัปเดต"),
    (r"เว็?[บป]\s?ไซ[ตทด]์?", "เว็บไซต์"),
    (r"เว็ป|เวป|เวบ(?!ิ)", "เว็บ"),
    (r"ลิ้?ง[คก]์|ลิ้ง", "ลิงก์"),
    (r"โพส(?:ท์|ต์|ท|ต)?", "โพสต์"),
    (r"มั้ยย|มั้ย|มั๊ย|ไม๊|มั๋ย|ไหมม", "ไหม"),
    (r"รึยัง|ลึยัง|หรือยังง|หรือยัว", "หรือยัง"),
    (r"รึเปล่า|หรือป่าว|รึป่าว|หรือเปล่าา", "หรือเปล่า"),
    (r"กะลัง|กำลังง", "กำลัง"),
    (r"ปันหา|ปัณหา", "ปัญหา"),
    (r"ขอบคุน|ขอบคุนน", "ขอบคุณ"),
    (r"รับทาบ|รับซาบ", "รับทราบ"),
    (r"เปอร์เซ็นต์|เปอร์เซ็น|เปอร์เซนต์|เปอร์เซน|เปอเซ็นต์|เปอเซ็น|เปอร์เซ้น", "เปอร์เซ็นต์"),
    (r"คร้าบ|ครัช|ครัฟ|ค้าบ|คั้บ|ขรับ|คับ(?![ขแ])", "ครับ"),
    (r"ครับบ", "ครับ"),
    (r"ค่ะะ|ค่าา", "ค่ะ"),
    # Colloquial ละ for แล้ว right after a status verb: เสร็จละ, ส่งละ.
    (r"(เสร็จ|ส่ง|เรียบร้อย|ดำเนินการ|อัปโหลด|เว็บ|ทำ)ละ(?![\u0e01-\u0e4e])", r"\1แล้ว"),
)
_SPELLING_RES = tuple((re.compile(pattern), repl) for pattern, repl in _SPELLING)


def normalize(text: str) -> str:
    """Canonical spelling of a chat message: lower-case ASCII, Arabic digits, fixed typos."""
    text = _ZERO_WIDTH_RE.sub("", text)
    text = text.translate(_TRANSLATE)
    text = _SARA_AM_RE.sub("\\1\\2\u0e33", text)
    text = _DOUBLE_SARA_E_RE.sub("\u0e41", text)
    text = _STRETCHED_THAI_RE.sub(r"\1", text)
    text = _LAUGH_RE.sub("555", text)
    text = _REPEATED_PUNCT_RE.sub(r"\1", text)
    text = text.lower()
    for pattern, repl in _SPELLING_RES:
        text = pattern.sub(repl, text)
    return _SPACES_RE.sub(" ", text).strip()


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace spans with spaces, keeping every other offset valid for later spans."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
