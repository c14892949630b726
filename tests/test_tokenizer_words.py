"""The tokenizer's word list must cut Thai exactly as PyThaiNLP's own Trie would: it only
exists to start faster. Checked on every hand-written message of the corpus."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

from handlers.thai import tokenizer

CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = ("handwritten.tsv", "handwritten2.tsv", "handwritten3.tsv", "heldout.tsv")


@pytest.fixture(scope="module")
def both() -> tuple[tokenizer.Words, Trie]:
    words = tokenizer._trie()
    return words, Trie(words._words)


@pytest.mark.parametrize("name", FILES)
def test_same_tokens_as_pythainlp_trie(both, name: str) -> None:
    words, trie = both
    with (CORPUS / name).open(encoding="utf-8", newline="") as f:
        texts = [row["text"] for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]
    for text in texts:
        assert (word_tokenize(text, custom_dict=words, engine="newmm", join_broken_num=False)
                == word_tokenize(text, custom_dict=trie, engine="newmm", join_broken_num=False))


@pytest.mark.parametrize(("text", "start", "expected"), [
    ("เสร็จแล้ว", 0, ["เสร็จ"]),
    ("กำลังทำ", 0, ["กำ", "กำลัง"]),
    ("x", 0, []),
    ("ก", 0, []),
    ("ดำเนินการแล้ว", 3, []),
])
def test_prefixes(both, text: str, start: int, expected: list[str]) -> None:
    words, trie = both
    assert words.prefixes(text, start) == trie.prefixes(text, start)
    assert set(expected) <= set(words.prefixes(text, start))
