"""Opening the index of a corpus: reused from the cache when sound, built otherwise.

The index is disposable: it lives in the user's private cache folder under a fingerprint of
everything it depends on (document bytes, aliases, theme tags, schema and analysis versions).
A build writes into a temporary folder that is renamed into place only when complete, so a
build killed at any moment leaves the old index or none, never half of one.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis import Analyzer
from ..corpus import Corpus
from ..whoosh.errors import EngineError
from .fingerprint import Tags, fingerprint
from .store import (
    MARKER,
    clean_leftovers,
    discard,
    file_times,
    fsync_folder,
    index_root,
    move_into_place,
    open_checked,
    prune_old,
    remove_folder,
)

if TYPE_CHECKING:
    from ..search.searcher import SearchIndex

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total), called from the building thread."""
TermsReady = Callable[[list[list[str]]], object]
"""on_terms(terms): every passage's query terms, in corpus order, as a build has them."""


@dataclass(slots=True)
class IndexInfo:
    """What `open_index` did, for `xref index` and the reader's status line."""

    documents: int
    passages: int
    location: Path | None
    """The per-fingerprint folder (None when the index is in memory); others may store
    derived caches (such as links) beside the index in it."""
    fingerprint: str
    reused: bool
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage; later stages (links) add their own entries."""
    notices: list[str] = field(default_factory=list)
    """One-line messages for the user: a damaged index rebuilt, a cache kept in memory."""

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "passages": self.passages,
            "location": str(self.location) if self.location else None,
            "fingerprint": self.fingerprint,
            "reused": self.reused,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
        }


def _build_on_disk(
    root: Path,
    fp: str,
    corpus: Corpus,
    analyzer: Analyzer,
    tags: Tags | None,
    progress: Progress | None,
    timings: dict[str, float],
    procs: int,
    on_terms: TermsReady | None = None,
) -> Path:
    """Build into a private temporary folder and return it, complete and synced."""
    import tempfile  # here: opening an index makes no folder

    from ..analysis.cache import remember
    from ..whoosh.storage import index_files
    from ..whoosh.writer import build
    from .rows import passage_rows, resolve_tags

    tmp = Path(tempfile.mkdtemp(prefix=f".build-{os.getpid()}-{fp[:12]}-", dir=root))
    try:
        terms: list[list[str]] = []
        ix = build(
            tmp,
            analyzer,
            passage_rows(corpus, resolve_tags(tags, timings)),
            total=len(corpus),
            progress=progress,
            procs=procs,
            timings=timings,
            terms_out=terms,
            on_terms=on_terms,
        )
        ix.close()
        remember(corpus, analyzer.version, terms)  # the links of this build reuse them
        del terms
        files = index_files(tmp)
        marker = {
            "fingerprint": fp,
            "documents": corpus.document_count,
            "passages": len(corpus),
            "files": files,
            "mtimes": file_times(tmp, files),
            "timings": timings,
        }
        (tmp / MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
        fsync_folder(tmp)
    except BaseException:
        remove_folder(tmp)
        raise
    return tmp


def open_cached(
    corpus: Corpus, analyzer: Analyzer, tags: Tags | None = None
) -> tuple[SearchIndex, IndexInfo] | None:
    """The cached index for this corpus if it is there and sound, else None: never builds,
    rebuilds or discards (the reader opens the index a child process has just finished while
    that child still builds the links; anything amiss is left to `open_index`)."""
    from ..search.searcher import SearchIndex

    started = time.perf_counter()
    fp = fingerprint(corpus, analyzer, tags)
    timings = {"fingerprint": round(time.perf_counter() - started, 4)}
    try:
        final = index_root() / fp
    except OSError:
        return None
    if not (final / MARKER).is_file():
        return None
    started = time.perf_counter()
    try:
        ix, _marker = open_checked(final, analyzer, fp, len(corpus))
    except (EngineError, OSError):
        return None
    timings["open"] = round(time.perf_counter() - started, 4)
    info = IndexInfo(corpus.document_count, len(corpus), final, fp, True, timings, [])
    return SearchIndex(ix, corpus, analyzer), info


def open_index(
    corpus: Corpus,
    analyzer: Analyzer,
    tags: Tags | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    procs: int = 1,
    on_terms: TermsReady | None = None,
) -> tuple[SearchIndex, IndexInfo]:
    """Open the cached index for this corpus, building it if needed.

    Returns (SearchIndex, IndexInfo). Never raises for a damaged or unwritable cache: a
    damaged index is rebuilt, an unwritable cache folder gives an index in memory, and
    IndexInfo.notices says so. The reader and the commands call it through
    Session.open_index, which passes the session's analyser and theme set. `on_terms`: called
    with every passage's query terms when a build has them, before Whoosh writes (the
    session starts the links there: links.alongside).
    """
    from ..search.searcher import SearchIndex

    notices: list[str] = []
    timings: dict[str, float] = {}
    started = time.perf_counter()
    fp = fingerprint(corpus, analyzer, tags)
    timings["fingerprint"] = round(time.perf_counter() - started, 4)
    passages = len(corpus)
    documents = corpus.document_count

    try:
        root = index_root()
    except OSError as error:
        root = None
        notices.append(
            f"the cache folder cannot be used ({error.strerror or error}); "
            "the index is kept in memory for this session"
        )

    if root is not None:
        final = root / fp
        if not rebuild and final.exists():
            started = time.perf_counter()
            try:
                ix, _marker = open_checked(final, analyzer, fp, passages)
            except EngineError as error:
                notices.append(f"the search index at {final} is damaged ({error}); rebuilt it")
                discard(final)
            else:
                timings["open"] = round(time.perf_counter() - started, 4)
                info = IndexInfo(documents, passages, final, fp, True, timings, notices)
                return SearchIndex(ix, corpus, analyzer), info
        try:
            clean_leftovers(root)
            tmp = _build_on_disk(
                root, fp, corpus, analyzer, tags, progress, timings, procs, on_terms
            )
        except OSError as error:
            notices.append(
                f"the index cannot be written to {root} ({error.strerror or error}); "
                "it is kept in memory for this session"
            )
        else:
            started = time.perf_counter()
            if rebuild and final.exists():
                discard(final)
            ix = move_into_place(tmp, final, analyzer, fp, passages)
            if ix is not None:
                timings["open"] = round(time.perf_counter() - started, 4)
                prune_old(root, final)
                info = IndexInfo(documents, passages, final, fp, False, timings, notices)
                return SearchIndex(ix, corpus, analyzer), info
            notices.append(
                f"another process replaced the index at {final} while it was being opened; "
                "it is kept in memory for this session"
            )

    from ..analysis.cache import remember
    from ..whoosh.writer import build
    from .rows import passage_rows, resolve_tags

    terms: list[list[str]] = []
    ix = build(
        None,
        analyzer,
        passage_rows(corpus, resolve_tags(tags, timings)),
        total=passages,
        progress=progress,
        timings=timings,
        terms_out=terms,
    )
    remember(corpus, analyzer.version, terms)
    info = IndexInfo(documents, passages, None, fp, False, timings, notices)
    return SearchIndex(ix, corpus, analyzer), info
