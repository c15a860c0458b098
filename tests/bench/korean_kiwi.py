"""Kiwi (kiwipiepy), the morphological analyser, as a KoreanStemmer: the reference the light rules
are measured against (tests/bench/korean_search.py); not part of the library, since the light
rules did as well on the labelled set without a 100 MB model.

Kiwi is imported and its
model loaded (about 1.3 s, 105 MB) only when a KiwiKorean is first asked about a word, never
on import, so nothing pays for it unless it is chosen.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_GRAMMAR_TAGS = ("J", "E")
"""Kiwi tags that start the grammar of a word: particles (JKS, JX, ...) and endings (EC, EF...)."""
_SUFFIX_TAGS = frozenset({"XSV", "XSA", "VCP", "VCN"})
"""하/되 making a verb or adjective of a noun, and the copula 이다: grammar too."""


def kiwi_available() -> bool:
    """Whether kiwipiepy is installed (pip install kiwipiepy kiwipiepy-model)."""
    try:
        import importlib.util

        return importlib.util.find_spec("kiwipiepy") is not None
    except (ImportError, ValueError):
        return False


class KiwiKorean:
    """Where a word's content ends, as Kiwi's analysis of the word says."""

    name = "kiwi"

    def __init__(self) -> None:
        self._kiwi: Any = None

    def _analyser(self) -> Any:
        if self._kiwi is None:
            from kiwipiepy import Kiwi

            self._kiwi = Kiwi()
        return self._kiwi

    def content_length(self, word: str) -> int:
        return _content_length(self, word)

    def alternative_length(self, word: str) -> int:
        """Kiwi decides: the same place."""
        return _content_length(self, word)


@lru_cache(maxsize=200_000)
def _content_length(stemmer: KiwiKorean, word: str) -> int:
    tokens = stemmer._analyser().tokenize(word)
    for token in tokens:
        if token.tag.startswith(_GRAMMAR_TAGS) or token.tag in _SUFFIX_TAGS:
            cut = token.start
            return cut if 0 < cut < len(word) else len(word)
    return len(word)
