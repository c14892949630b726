"""Whatever arrives, parse answers, and says `none` when there is nothing to read."""

from __future__ import annotations

import string
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.thai.normalize import normalize
from handlers.thai.parser import parse
from handlers.thai.tokenizer import tokenize

TODAY = date(2023, 3, 15)
INTENTS = {
    "done", "in_progress", "not_started", "problem", "status", "outstanding", "my_tasks",
    "report", "help", "register", "none",
}
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

thai_chars = st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B)
chat_like = st.text(
    alphabet=st.one_of(thai_chars, st.sampled_from(string.ascii_letters + string.digits + " %?/.-")),
    max_size=120,
)
emoji = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
whitespace = st.sampled_from([" ", "\t", "\n", "\u3000", "\u00a0", "\u200b", "\ufeff"])
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def _check(result) -> None:
    contract = result.to_contract()
    assert contract["intent"] in INTENTS
    assert all(isinstance(r, str) for r in contract["refs"])
    assert contract["percent"] is None or 0 <= contract["percent"] <= 100


@FAST
@given(st.text(max_size=300), dates)
def test_any_unicode_never_raises(text: str, today: date) -> None:
    _check(parse(text, today))


@FAST
@given(chat_like, dates)
def test_thai_and_ascii_mix_never_raises(text: str, today: date) -> None:
    result = parse(text, today)
    _check(result)
    if result.date is not None:
        assert result.date <= today  # plans and future days are never the date of work


words = st.sampled_from(
    ["o12", "เสร็จแล้ว", "ครับ", "ยังไม่", "หรือยัง", "50%", "เมื่อวาน", "๑๒", " ", "https://a.b/c",
     "กำลัง", "ข้อ ๐๑๒", "ลงทะเบียน", "กินข้าว", "รอ", "?", "\n"]
)
long_chunk = st.lists(st.one_of(words, chat_like), min_size=1, max_size=20).map("".join)


@settings(max_examples=20, deadline=None)
@given(long_chunk.filter(bool))
def test_ten_thousand_characters(chunk: str) -> None:
    text = (chunk * (10_000 // len(chunk) + 1))[:10_000]
    _check(parse(text, TODAY))


@FAST
@given(st.text(alphabet=emoji, min_size=1, max_size=30))
def test_emoji_only_is_none(text: str) -> None:
    assert parse(text, TODAY).intent == "none"


@FAST
@given(st.text(alphabet=whitespace, max_size=50))
def test_whitespace_only_is_none(text: str) -> None:
    result = parse(text, TODAY)
    assert result.intent == "none"
    got = result.to_contract()
    assert got.pop("confidence") > 0.5
    assert got == {
        "intent": "none", "refs": [], "percent": None, "date": None, "code": None, "urls": [],
        "updates": [{"refs": [], "intent": "none", "percent": None, "date": None}],
    }


@FAST
@given(st.text(alphabet=st.sampled_from(string.punctuation + " "), max_size=40))
def test_punctuation_only_is_none(text: str) -> None:
    assert parse(text, TODAY).intent == "none"


@FAST
@given(chat_like)
def test_tokens_cover_the_text_exactly(text: str) -> None:
    """Offsets into the message are computed from token lengths."""
    normalized = normalize(text)
    assert "".join(tokenize(normalized)) == normalized


def test_not_a_string_is_none() -> None:
    assert parse(None, TODAY).intent == "none"  # type: ignore[arg-type]
