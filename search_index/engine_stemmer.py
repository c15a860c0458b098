"""The Snowball English stemmer, from Whoosh's bundled Snowball implementation.

Kept apart from engine.py so analysis does not import the index machinery. Whoosh's default
Porter stemmer never undoubles consonants (running -> runn); Snowball does (running -> run).
"""

from __future__ import annotations

from collections.abc import Callable


def english_stemmer() -> Callable[[str], str]:
    from whoosh.lang import stemmer_for_language

    return stemmer_for_language("en")
