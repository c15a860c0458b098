"""Writing a Whoosh segment from pre-analysed passages, bytes identical to Whoosh's own writer
but for small posting blocks, left uncompressed (COMPRESS_FROM).

Whoosh's SegmentWriter analyses each field itself, puts every posting as a tuple into a
sorting pool that spills runs to disk (pickled) once it outgrows its memory limit, merges the
runs back at commit and hands the postings one at a time to the codec. At 100,000 passages
that was 85 of the build's 105 s. Here the passage's tokens come from the caller (analysed
once for the index, the phrase positions, the surface words and the links), the text
field's postings are kept as three flat arrays as they arrive and grouped per term once at
commit (one stable numpy sort, so each term's postings stay in docnum order), the other
fields' grouped per term as they arrive, and each posting block is handed to Whoosh's own
block writer whole. The segment, its per-document lengths and stored fields and the table of
contents are Whoosh's own code; tests/engine/test_bulk_writer.py checks that the files equal
those of `add_document` with the same block rule, and that Whoosh reads the same postings as
from its own writer's files.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from typing import Any

from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import byte_to_length, length_to_byte
from whoosh.formats import Existence, Frequency
from whoosh.writing import SegmentWriter

from .phrases import TermNumbers


class _Postings:
    """One term's postings in docnum order: ids, weights and encoded values (for the text
    field, the fixed-size values joined in one bytes object)."""

    __slots__ = ("ids", "values", "weights")

    def __init__(self) -> None:
        self.ids = array("I")
        self.weights = array("f")
        self.values: list[bytes] | bytes = []


class _TextPostings:
    """Every posting of the text field as it arrives, as (term number, docnum, frequency) in
    three flat arrays, and grouped per term once, at commit, by one stable sort: three C-level
    extends per passage instead of three appends and a lookup per posting."""

    __slots__ = ("docs", "freqs", "numbers", "terms")

    def __init__(self) -> None:
        self.numbers = TermNumbers()
        self.terms = array("i")
        self.docs = array("I")
        self.freqs = array("i")

    def add(self, docnum: int, terms: Sequence[str]) -> None:
        counted = Counter(terms)  # first-seen order, as Whoosh's Frequency format
        self.terms.extend(map(self.numbers.__getitem__, counted))
        self.freqs.extend(counted.values())
        self.docs.extend(repeat(docnum, len(counted)))

    def grouped(self, boost: float) -> dict[bytes, _Postings]:
        """Each term's postings in docnum order, as Whoosh's Frequency format writes them:
        the weight is frequency x boost, the value the frequency as a big-endian uint32."""
        import numpy as np

        codes = np.frombuffer(self.terms, dtype=np.int32)
        order = np.argsort(codes, kind="stable")
        starts = np.searchsorted(codes[order], np.arange(len(self.numbers) + 1)).tolist()
        docs = np.frombuffer(self.docs, dtype=np.uint32)[order]
        freqs = np.frombuffer(self.freqs, dtype=np.int32)[order]
        weights = (freqs * boost).astype(np.float32)  # as array("f") rounds count * boost
        values = freqs.astype(">u4")
        out: dict[bytes, _Postings] = {}
        for term, k in self.numbers.items():
            a, b = starts[k], starts[k + 1]
            postings = out[term.encode("utf-8")] = _Postings()
            postings.ids = array("I", docs[a:b].tobytes())
            postings.weights = array("f", weights[a:b].tobytes())
            postings.values = values[a:b].tobytes()
        return out


class BulkSegmentWriter(SegmentWriter):
    """A SegmentWriter fed with tokens: `add_analysed` instead of `add_document`.

    Only for the passage schema's text field (Frequency format, scorable) given as its
    terms; the other fields go through their Whoosh field objects (postings if indexed, a
    column value if they have a column), as in `add_document`."""

    def __init__(self, ix: Any, text_field: str = "text", **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        field = self.schema[text_field]
        if type(field.format) is not Frequency or not field.scorable:
            self.cancel()  # the values and lengths below are those of a scorable Frequency field
            raise TypeError(f"the {text_field!r} field is not a scorable frequency field")
        self._terms: dict[str, dict[bytes, _Postings]] = {}
        self._text: dict[str, _TextPostings] = {}
        """The text field's postings (grouped per term at commit)."""
        self._text_lengths: dict[str, list[int]] = {}
        """The text field's length of every document as its length column gives it back."""
        self._field_cache: dict[tuple[str, str], list[tuple[bytes, int, float, bytes]]] = {}

    def _posting_list(self, fieldname: str, btext: bytes) -> _Postings:
        terms = self._terms.setdefault(fieldname, {})
        found = terms.get(btext)
        if found is None:
            found = terms[btext] = _Postings()
        return found

    def _field_items(self, fieldname: str, value: str) -> list[tuple[bytes, int, float, bytes]]:
        """What Whoosh's field indexes for a value (doc ids and themes repeat: cached)."""
        field = self.schema[fieldname]
        if type(field.format) is Existence and type(field.analyzer) is IDTokenizer:
            # what ID fields (one term: the value itself) give, without their analysis chain
            return [(value.encode("utf-8"), 1, field.format.field_boost, b"")]
        key = (fieldname, value)
        found = self._field_cache.get(key)
        if found is None:
            if len(self._field_cache) > 65536:
                self._field_cache.clear()
            found = self._field_cache[key] = list(field.index(value))
        return found

    def add_analysed(self, fields: dict[str, str], text_field: str, terms: Sequence[str]) -> None:
        """One document: plain `fields` indexed by Whoosh's fields, `text_field` from the
        terms of its analysed text (one per token; their positions go to the phrase file)."""
        self._check_state()
        perdoc = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        names = sorted([*fields, text_field])
        perdoc.start_doc(docnum)
        try:
            for name in names:
                field = schema[name]
                length = 0
                if name == text_field:
                    length = len(terms)
                    self._text_lengths.setdefault(name, []).append(_stored_length(length))
                    text = self._text.get(name)
                    if text is None:
                        text = self._text[name] = _TextPostings()
                    text.add(docnum, terms)
                    stored = None
                else:
                    value = fields[name]
                    if field.indexed:
                        for btext, freq, weight, vbytes in self._field_items(name, value):
                            if field.scorable:
                                length += freq
                            target = self._posting_list(name, btext)
                            target.ids.append(docnum)
                            target.weights.append(weight)
                            target.values.append(vbytes)
                    stored = value if field.stored else None
                perdoc.add_field(name, field, stored, length)
                if name != text_field and field.column_type:  # the passage id (PassageId)
                    perdoc.add_column_value(
                        name, field.column_type, field.to_column_value(fields[name])
                    )
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        for name, text in self._text.items():
            self._terms[name] = text.grouped(self.schema[name].format.field_boost)
        self._text = {}
        try:
            _write_terms(self.fieldwriter, self.schema, pdr, self._terms, self._text_lengths)
        finally:
            self._terms = {}
            self.fieldwriter.close()
            if pdr:
                pdr.close()


def _stored_length(length: int) -> int:
    """What the per-document reader returns for a length once stored (one byte)."""
    code = length_to_byte(length) if length else 0
    return byte_to_length(code) if code else 0


def _lengths(pdr: Any, fieldname: str) -> list[int]:
    """Every document's length of a field, read back (Whoosh's way; one stat per call)."""
    if pdr is None:
        return []
    read = pdr.doc_field_length
    return [read(i, fieldname, 0) for i in range(pdr.doc_count_all())]


def _write_terms(
    fieldwriter: Any,
    schema: Any,
    pdr: Any,
    fields: dict[str, dict[bytes, _Postings]],
    known: dict[str, list[int]],
) -> None:
    """What FieldWriter.add_postings does with sorted postings, a posting block at a time."""
    for fieldname in sorted(fields):
        terms = fields[fieldname]
        if not terms:
            continue
        fieldobj = schema[fieldname]
        fieldwriter.start_field(fieldname, fieldobj)
        if pdr is None:
            lengths: list[int] = []
        elif fieldname in known and len(known[fieldname]) == pdr.doc_count_all():
            lengths = known[fieldname]
        else:
            lengths = _lengths(pdr, fieldname) if fieldobj.scorable else []
        for btext in sorted(terms):
            postings = terms[btext]
            fieldwriter.start_term(btext)
            _write_postings(fieldwriter._postwriter, postings, lengths)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


COMPRESS_FROM = 4
"""Posting blocks of fewer postings are written uncompressed (the block's info says so, and
Whoosh's reader reads either). zlib made them bigger, not smaller: a 1-posting block (every
passage id) grew by a third, blocks of 2-3 shrank by a sixth; and each compress call set up
zlib's state, 20-70 us here, for 130,000 such blocks at 100,000 passages."""


def _write_postings(writer: Any, postings: _Postings, lengths: list[int]) -> None:
    """W3PostingsWriter.add_posting for every posting, filling its block buffer whole."""
    limit = writer._blocklimit
    level = getattr(writer, "_xref_level", None)
    if level is None:
        level = writer._xref_level = writer._compression
    ids, weights, values = postings.ids, postings.weights, postings.values
    count = len(ids)
    for start in range(0, count, limit):
        if start:
            writer._write_block()
        end = min(count, start + limit)
        writer._compression = level if end - start >= COMPRESS_FROM else 0
        block = ids[start:end]
        writer._ids = block
        writer._weights = weights[start:end]
        if isinstance(values, bytes):  # fixed-size values, joined: Whoosh joins them too
            size = len(values) // count
            writer._values = [values[start * size : end * size]]
        else:
            writer._values = [v for v in values[start:end] if v]
        writer._maxweight = max(0, max(writer._weights))
        if lengths:
            known = [n for n in map(lengths.__getitem__, block) if n]
            writer._minlength = min(known) if known else None
            writer._maxlength = max(known) if known else 0
        else:
            writer._minlength, writer._maxlength = None, 0
