"""PyThaiNLP word tokenization with our domain words, loaded once per process.

Building the dictionary trie is the single most expensive step of a cold start (~60,000
words, a few hundred thousand small nodes). It is built lazily on the first Thai message
with the garbage collector paused, then frozen out of the collector's reach (`gc.freeze`):
otherwise the collector walks every node during the build and again at the next full
collection, which together cost more than the build itself. The trie lives as long as the
process, so exempting it from cyclic collection loses nothing.
"""

from __future__ import annotations

import gc
import re
import threading
from functools import lru_cache

from handlers.thai.lexicon import DICTIONARY_DROP, DICTIONARY_EXTRA

_THAI_RE = re.compile("[\u0e01-\u0e4e]")
_ASCII_TOKEN_RE = re.compile(r"\s+|[a-z0-9]+|[^\sa-z0-9]")
_lock = threading.Lock()
_TRIE = None


def _trie():
    """The dictionary trie, built once per process (double-checked so threads share one)."""
    global _TRIE
    if _TRIE is None:
        with _lock:
            if _TRIE is None:
                _TRIE = _build_trie()
    return _TRIE


def _build_trie():
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    words = (set(thai_words()) - set(DICTIONARY_DROP)) | {
        w.replace(" ", "") for w in DICTIONARY_EXTRA
    }
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        trie = Trie(words)
        gc.freeze()
        return trie
    finally:
        if was_enabled:
            gc.enable()


def tokenize(text: str) -> list[str]:
    """Word tokens whose concatenation is exactly `text` (whitespace kept as tokens).

    Text without Thai letters skips the dictionary entirely: English commands and item codes
    need no word segmentation, and this keeps `python -m bot parse "help"` instant.
    """
    if not text:
        return []
    if _THAI_RE.search(text) is None:
        return _ASCII_TOKEN_RE.findall(text)
    return _word_tokenize()(text, custom_dict=_trie(), engine="newmm", join_broken_num=False)


@lru_cache(maxsize=1)
def _word_tokenize():
    """PyThaiNLP's tokenizer, imported on first use (English-only commands never need it)."""
    from pythainlp.tokenize import word_tokenize

    return word_tokenize


def warm_up() -> None:
    """Load the tokenizer now (a server calls this at start so no user waits for it)."""
    tokenize("ทดสอบ")
