"""Progress percentages as people type them: 50%, ๕๐ %, 40 เปอร์เซ็นต์, ร้อยละ 40, ครึ่งหนึ่ง.

A bare number is never a percent: "รายงาน 6 เดือน" must not read as 6 %. Works on normalized
text (Arabic digits, เปอร์เซ็นต์ spelled one way).
"""

from __future__ import annotations

import re

_PERCENT_RE = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d+)?)\s*(?:%|เปอร์เซ็นต์|เปอร์|percent|pct\b)"
    r"|ร้อยละ\s*(?P<num2>\d{1,3}(?:\.\d+)?)"
    # ครึ่งหนึ่ง = half done; ครึ่งปี / ครึ่งเดือน are periods, not progress.
    r"|(?P<half>ครึ่ง(?:หนึ่ง|นึง|ทาง)|\bhalf\b)"
    r"|(?:ได้|ไป|เสร็จ)\s?(?P<half2>ครึ่ง(?:หนึ่ง|นึง|ทาง)?)(?!ปี|เดือน|วัน|ชั่วโมง|ชม|\s?ชั่วโมง)"
)

_PERCENT_WORDS_RE = re.compile("%|เปอร์|ร้อยละ|ครึ่ง|percent|pct|half")

# Small Thai number words, for "สองวันก่อน" and the like.
THAI_NUMBER_WORDS: dict[str, int] = {
    "หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5,
    "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9, "สิบ": 10,
}


_FRACTION_RE = re.compile(r"(?<![\d.])(\d{1,3}) ?(?:ใน|จาก) ?(\d{1,3})(?![\d%])")


def find_fraction(text: str) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """Progress stated as a count, "3 ใน 4" (3 of 4): not a percent, but says how far along."""
    if "ใน" not in text and "จาก" not in text:
        return None, []
    m = _FRACTION_RE.search(text)
    if m is None or int(m.group(2)) == 0 or int(m.group(1)) > int(m.group(2)):
        return None, []
    return (int(m.group(1)), int(m.group(2))), [m.span()]


def find_percent(text: str) -> tuple[int | None, list[tuple[int, int]]]:
    """The first stated percentage (0–100, rounded) and the spans of every percent mention."""
    value: int | None = None
    spans: list[tuple[int, int]] = []
    if _PERCENT_WORDS_RE.search(text) is None:
        return value, spans
    for m in _PERCENT_RE.finditer(text):
        spans.append(m.span("half2") if m.group("half2") else m.span())
        if value is not None:
            continue
        if m.group("half") or m.group("half2"):
            value = 50
            continue
        number = round(float(m.group("num") or m.group("num2")))
        if 0 <= number <= 100:
            value = number
    return value, spans
