"""The Snowball English stemmer, from Whoosh's bundled Snowball implementation.

A module of its own so analysis does not import the index machinery (this package's
__init__ imports nothing). Whoosh's default Porter stemmer never undoubles consonants
(running -> runn); Snowball does (running -> run).
"""

from __future__ import annotations

from collections.abc import Callable


def english_stemmer() -> Callable[[str], str]:
    """The stemmer function (Whoosh imported only when first called)."""
    from whoosh.lang import stemmer_for_language

    return stemmer_for_language("en")
