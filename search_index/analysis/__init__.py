"""Text analysis: words to terms, the same way for documents, queries, themes and links.

words (what a word is and its indexed form) -> analyzer (Analyzer, Token, alias phrases);
aliases reads aliases.yaml into the AliasTable the analyser maps names with.
"""

from .aliases import AliasTable, LoadedAliases, load_aliases, load_aliases_for, parse_aliases
from .analyzer import ALIAS_PREFIX, Analyzer, Token
from .words import STOP_WORDS, normalise_word

__all__ = [
    "ALIAS_PREFIX",
    "STOP_WORDS",
    "AliasTable",
    "Analyzer",
    "LoadedAliases",
    "Token",
    "load_aliases",
    "load_aliases_for",
    "normalise_word",
    "parse_aliases",
]
