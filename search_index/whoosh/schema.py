"""The Whoosh schema of the passage index and the analyser adapter its text fields use.

One Whoosh document per passage. The analyser (search_index.analysis.Analyzer) is fed to Whoosh
through AnalyzerTokenizer, which is pickled into the index as just its alias groups.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, TEXT, Schema

from ..analysis import Analyzer
from ..analysis.words import INVISIBLE

SCHEMA_VERSION = "9"
"""9: the passage id is a column (PassageId), no longer a term and a pickled stored field;
8: the text field stores term frequencies, not positions (phrases read the positions file);
7: zero-width characters dropped from the surface words as from the terms (fold)."""
INDEX_NAME = "passages"
DEFAULT_FIELD = "text"
FILTER_FIELDS = ("doc", "issuer", "date", "lang", "theme", "title")
"""Field names a query may use as `name:value`."""

DOC_FIELDS = ("title", "issuer")
VALUE_FIELDS = ("date", "lang")
"""Fields of a document, not of a passage: matched against the documents (a few thousand at
most) instead of being indexed again for every passage, which would cost almost half of the
index's postings and build time (a date alone is eight numeric terms)."""
ALL_DOC_FIELDS = (*DOC_FIELDS, *VALUE_FIELDS)

_FOLD_DROP = re.compile(rf"[.'’\-‐‑{INVISIBLE}]")
"""Dropped when folding: dots, apostrophes, hyphens, and the characters that are invisible
inside a word (words.INVISIBLE), so sanc\u200btions is found by sanct* as by sanctions."""


def fold(text: str) -> str:
    """How a prefix, wildcard or fuzzy word is compared with indexed terms: folded, no stemming."""
    return _FOLD_DROP.sub("", unicodedata.normalize("NFKC", text).casefold())


def document_date(value: str | None) -> dt.datetime | None:
    """A document's ISO date as the date field holds it; None if missing or not ISO.

    A partial date (`2024`, `2024-07`) is held as the first day of what is known, so that
    `date:2024` finds it; a finer range that starts on that day (`date:2024-01`) finds it too."""
    if not value:
        return None
    if len(value) == 4 and value.isdigit():
        value = f"{value}-01-01"
    elif len(value) == 7 and value[:4].isdigit() and value[4] == "-" and value[5:].isdigit():
        value = f"{value}-01"
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def _restore_tokenizer(groups: dict[str, list[str]]) -> AnalyzerTokenizer:
    return AnalyzerTokenizer(None, groups)


class AnalyzerTokenizer(Tokenizer):
    """Feeds search_index.analysis.Analyzer tokens to Whoosh (index and query modes).

    Pickled into the index's table of contents as just the alias groups, so the index never
    holds code and a process that unpickles it rebuilds the same analyser lazily.
    """

    def __init__(self, analyzer: Analyzer | None, groups: dict[str, list[str]] | None = None):
        self._analyzer = analyzer
        self._groups = groups if analyzer is None else dict(analyzer.aliases.groups)
        self._cache: dict[str, list[Any]] = {}
        self.record: set[tuple[str, str]] | None = None
        """While an index is built: (word as written, term) pairs of the indexed text."""
        self.last: list[Any] | None = None
        """While an index is built: the tokens of the value analysed last (for positions)."""

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            from ..analysis.aliases import AliasTable

            self._analyzer = Analyzer(AliasTable({k: list(v) for k, v in self._groups.items()}))
        return self._analyzer

    def __reduce__(self):  # type: ignore[override]
        return (_restore_tokenizer, ({k: list(v) for k, v in (self._groups or {}).items()},))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AnalyzerTokenizer) and other._groups == self._groups

    def __hash__(self) -> int:
        return hash(repr(sorted((self._groups or {}).items())))

    def _tokens(self, value: str, mode: str) -> list[Any]:
        # Titles and issuers repeat for every passage of a document: analyse them once.
        if len(value) > 400:
            return self.analyzer.tokens(value, mode)
        key = mode + "\x00" + value
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) > 4096:
                self._cache.clear()
            found = self._cache[key] = self.analyzer.tokens(value, mode)
        return found

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Prefix, wildcard and fuzzy words: fold only; expansion adds the stemmed form.
            token.text = fold(value)
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        items = self._tokens(value, "query" if mode == "query" else "index")
        if self.record is not None and mode != "query":
            record_words(self.record, value, items)
            self.last = items
        for item in items:
            token.text = item.term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[item.start : item.end]
            if positions:
                token.pos = start_pos + item.pos
            if chars:
                token.startchar = start_char + item.start
                token.endchar = start_char + item.end
            yield token


def record_words(pairs: set[tuple[str, str]], text: str, tokens: Iterable[Any]) -> None:
    """Add (word as written, term) of each token that is not an alias's extra term."""
    for item in tokens:
        if item.kind != "alias":
            pairs.add((text[item.start : item.end], item.term))


class PassageId(COLUMN):
    """A passage's id, read by docnum from a column of UTF-8 bytes: not indexed, not stored.

    Why: as an indexed, stored ID every passage added a term with a one-posting block and a
    pickled, zlib-compressed stored field; at 100,000 passages that was 100,000 of the
    index's 110,000 terms and most of Whoosh's commit. Nothing searches by passage id."""

    def __init__(self) -> None:
        super().__init__(VarBytesColumn())

    def to_bytes(self, v: str) -> bytes:
        return v.encode("utf-8", "surrogatepass")

    def from_bytes(self, b: bytes) -> str:
        return b.decode("utf-8", "surrogatepass")


def passage_ids(reader: Any) -> Any:
    """The passage id of each docnum of a Whoosh reader (`ids[docnum]`), kept with the
    reader: opening the column reads its offsets and lengths (8 MB at 1,000,000 passages,
    about 5 ms), which Whoosh's `column_reader` does again on every call."""
    found = getattr(reader, "_xref_passage_ids", None)
    if found is None:
        found = reader.column_reader("pid")
        reader._xref_passage_ids = found
    return found


def make_schema(analyzer: Analyzer, *, for_queries: bool = False) -> Schema:
    """One Whoosh document per passage; only its id is kept, as a column (text comes from the
    corpus).

    The query schema adds the document fields (title:, issuer:) so the parser knows them."""
    tokenizer = AnalyzerTokenizer(analyzer)
    fields: dict[str, Any] = {
        "pid": PassageId(),
        "doc": ID,
        "theme": KEYWORD(lowercase=True, commas=False),
        # Frequencies only: phrases are checked against the index's positions file
        # (phrases.PhraseIndex), so pickled positions in every posting were written for no
        # reader; they were half of the commit's time at 100,000 passages (8.2 -> 3.9 s).
        "text": TEXT(analyzer=tokenizer, phrase=False),
    }
    if for_queries:
        for name in DOC_FIELDS:
            fields[name] = TEXT(analyzer=tokenizer, phrase=True)
        fields["date"] = DATETIME
        fields["lang"] = ID
    schema = Schema(**fields)
    for name in ("text", *DOC_FIELDS) if for_queries else ("text",):
        schema[name].multitoken_query = "phrase"
    return schema
