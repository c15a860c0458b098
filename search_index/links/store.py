"""Where the links are cached and how they are opened: beside the search index when it has
been built, else under `<cache>/links/<key>` until it is (then moved beside it).

A warm start reads `links.npz` and computes nothing; a damaged or stale file is rebuilt and
an unwritable folder keeps the links in memory, each with a one-line notice.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis import Analyzer
from ..analysis.cache import take
from ..corpus import Corpus
from ..paths import cache_folder, foreign_file
from .build import Progress, build_links, corpus_terms, links_key
from .cross_references import CrossReferences
from .meaning import meaning_status
from .table import LINKS_FILE, LinkTable
from .vocabulary import Vocabulary, load_vocabulary_for

if TYPE_CHECKING:
    from ..themes import ThemeSet

LINKS_FOLDER = "links"
"""Under the cache folder: links of corpora that have no search index yet, one folder per key."""
KEEP_UNINDEXED = 8
"""Such folders kept (the most recently written); older ones are deleted."""


def unindexed_location(
    corpus: Corpus, analyzer: Analyzer, vocabulary: Vocabulary | None = None
) -> Path:
    """Where the links of a corpus without a search index are cached: `<cache>/links/<key>`.

    Without it, every `xref links` before the first `xref index` recomputed them (about 30 s
    at 100,000 passages). `<cache>/links` is made and checked as the index's folder is
    (paths.cache_folder); OSError (UnsafeCache) if it cannot be used."""
    return cache_folder(LINKS_FOLDER) / links_key(corpus, analyzer, vocabulary)[:32]


def _prune_unindexed(root: Path, current: Path) -> None:
    """Keep the KEEP_UNINDEXED most recent folders of `<cache>/links`: one per corpus version."""
    folders = []
    try:
        for entry in root.iterdir():
            if entry == current or entry.name.startswith(".") or not entry.is_dir():
                continue
            try:
                written = (entry / LINKS_FILE).stat().st_mtime
            except OSError:
                written = 0.0
            folders.append((written, entry))
    except OSError:
        return
    folders.sort(reverse=True)
    for _written, entry in folders[KEEP_UNINDEXED - 1 :]:
        with contextlib.suppress(OSError):
            for leftover in [entry / LINKS_FILE, *entry.glob(".links-*.tmp")]:
                leftover.unlink(missing_ok=True)
            entry.rmdir()


def _adopt(
    source: Path, path: Path, key: str, ids: list[str], notices: list[str] | None
) -> LinkTable | None:
    """The links cached at `source` (before the index existed), moved to `path` beside it."""
    table = LinkTable.load(source / LINKS_FILE, key) if (source / LINKS_FILE).exists() else None
    if table is None or table.passage_ids != ids:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source / LINKS_FILE, path)
    except OSError:
        if not _save(table, path, notices, f"they are read from {source}"):
            return table
        with contextlib.suppress(OSError):
            (source / LINKS_FILE).unlink()
    with contextlib.suppress(OSError):
        source.rmdir()
    return table


def load_or_build_links(
    corpus: Corpus,
    analyzer: Analyzer,
    themes: ThemeSet | None = None,
    location: Path | None = None,
    progress: Progress | None = None,
    notices: list[str] | None = None,
    earlier: Path | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[LinkTable, float | None]:
    """The corpus's links from `<location>/links.npz` if current, else built (and saved).

    Returns the table and the build time in seconds, or None when the cache was used (a warm
    start computes nothing). `earlier` is another folder that may hold them (the cache used
    before the index existed): its file is moved to `location` instead of building again.
    When building, the analysed terms also tag the themes, so the passages are analysed once.
    A damaged cache file is rebuilt and an unwritable location keeps the links in memory, each
    with a one-line notice appended to `notices`. `vocabulary`: the similar wording (default:
    the corpus's paraphrases.yaml files)."""
    if vocabulary is None:
        vocabulary = load_vocabulary_for(corpus).vocabulary
    key = links_key(corpus, analyzer, vocabulary)
    ids = [p.id for p in corpus]
    path = Path(location) / LINKS_FILE if location is not None else None
    if path is not None and path.exists():
        table = LinkTable.load(path, key)
        if table is not None and table.passage_ids == ids:
            return table, None
        if notices is not None:
            why = foreign_file(path) or "it was damaged or out of date"
            notices.append(f"the link cache {path} was not used ({why}); rebuilt it")
    elif path is not None and earlier is not None and Path(earlier) != Path(location):
        table = _adopt(Path(earlier), path, key, ids, notices)
        if table is not None:
            return table, None
    started = time.perf_counter()
    # Analysed once: the index build of this process kept its passages' terms.
    terms = take(corpus, analyzer.version) or corpus_terms(corpus, analyzer, progress)
    if themes is not None and themes.themes and not themes.is_tagged:
        themes.compute_tags(terms)  # nearly free with the terms at hand (the reader's browser)
    table = build_links(
        corpus, analyzer, passage_terms=terms, vocabulary=vocabulary, progress=progress
    )
    seconds = time.perf_counter() - started
    if path is not None:
        _save(table, path, notices, "they are kept in memory for this session")
    return table, seconds


def _save(table: LinkTable, path: Path, notices: list[str] | None, otherwise: str) -> bool:
    """Save the table; if the folder refuses, a one-line notice saying what happens instead."""
    try:
        table.save(path)
    except OSError as error:
        if notices is not None:
            reason = error.strerror or error
            notices.append(f"the links cannot be saved in {path.parent} ({reason}); {otherwise}")
        return False
    return True


def links_current(
    folder: Path, corpus: Corpus, analyzer: Analyzer, vocabulary: Vocabulary | None = None
) -> bool:
    """Whether `<folder>/links.npz` was built for the corpus, rules and settings as they are
    now (XREF_EMBEDDINGS, the model): only its key is read. Else the reader builds the links
    in a child process, not in its own (embedding passages there would hold up every key)."""
    return LinkTable.stored_key(Path(folder) / LINKS_FILE) == links_key(
        corpus, analyzer, vocabulary
    )


def index_location(
    corpus: Corpus, analyzer: Analyzer, themes: ThemeSet | None = None
) -> Path | None:
    """The folder of the corpus's search index if it has been built, else None.

    The index may have been fingerprinted with the theme set itself (its version: no tagging
    needed) or with its tags (by a script); the tags are tried only if they were computed
    already, so a warm start tags nothing."""
    from ..index import fingerprint, index_root  # here: importing the index imports Whoosh

    try:
        root = index_root()
        forms: list[Any] = [themes]
        if themes is not None and themes.is_tagged:
            forms.append(lambda: themes.tags)
        for form in forms:
            tags = form() if callable(form) else form
            folder = root / fingerprint(corpus, analyzer, tags)
            if folder.is_dir():
                return folder
    except OSError:
        return None
    return None


def open_links(
    corpus: Corpus,
    analyzer: Analyzer,
    themes: ThemeSet | None = None,
    location: Path | None = None,
    progress: Progress | None = None,
    vocabulary: Vocabulary | None = None,
) -> CrossReferences:
    """Links with evidence (CrossReferences), from the cache beside the index.

    Without a location, the built index's folder is used if there is one; otherwise the
    links are cached under `<cache>/links/` (unindexed_location) until the index is built,
    and then moved beside it."""
    notices: list[str] = []
    if vocabulary is None:
        vocabulary = load_vocabulary_for(corpus).vocabulary
    if location is None:
        location = index_location(corpus, analyzer, themes)
    try:
        earlier = unindexed_location(corpus, analyzer, vocabulary)
    except OSError as error:
        earlier = None
        if location is None:
            notices.append(
                f"the cache folder cannot be used ({error.strerror or error}); "
                "the links are kept in memory for this session"
            )
    if location is None:
        location = earlier
    table, seconds = load_or_build_links(
        corpus, analyzer, themes, location, progress, notices, earlier, vocabulary
    )
    if seconds is not None and earlier is not None and location == earlier:
        _prune_unindexed(earlier.parent, earlier)
    _, half_installed = meaning_status()  # similar meaning: off for a reason, or skipped
    notices.extend(line for line in (half_installed, table.meaning_note) if line)
    refs = CrossReferences(table, corpus, analyzer, themes, seconds)
    refs.notices = notices
    return refs
