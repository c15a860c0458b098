"""The reader's view of the engine: search, links and themes behind one small, stable surface.

Why: the engine modules evolve in parallel; the widgets depend only on the plain records
here (`Hit`, `Link`, `Shared`), and this module adapts the engine's objects to them. Everything
here may run in a worker thread and never touches Textual.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search_index import Corpus, Problem

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called from the worker thread."""


@dataclass(frozen=True, slots=True)
class Shared:
    """Wording two linked passages share: spans are character offsets in each passage."""

    text: str
    source_span: tuple[int, int]
    target_span: tuple[int, int]
    alias: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    source: str
    target: str
    score: float
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    shared: tuple[Shared, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    passage: str
    title: str
    score: float
    snippet: str
    matches: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class SearchOutcome:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    error: str | None = None
    truncated: bool = False


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _span(value: Any) -> tuple[int, int]:
    start, end = value
    return int(start), int(end)


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def _has_alias(analyzer: Any, text: str) -> bool:
    try:
        return any(token.kind == "alias" for token in analyzer.tokens(text, mode="query"))
    except Exception:
        return True


def to_link(source: str, raw: Any, corpus: Corpus | None = None, analyzer: Any = None) -> Link:
    """Adapt an engine link (object or JSON-like dict) to a Link.

    A shared item is an alias match when the two passages use different words for it and those
    words are an alias name ("North Korea" / "DPRK"); different forms of one word ("attack" /
    "attacking") are shared wording."""
    shared_items: list[Shared] = []
    source_text = target_text = None
    target = str(_get(raw, "target"))
    if corpus is not None:
        try:
            source_text = corpus.passage(source).text
            target_text = corpus.passage(target).text
        except KeyError:
            pass
    for item in _get(raw, "shared", ()) or ():
        source_span = _span(_get(item, "source_span"))
        target_span = _span(_get(item, "target_span"))
        alias = _get(item, "alias", None)
        target_words = _get(item, "target_text", None)
        if alias is None and target_words is not None:
            words = str(_get(item, "text", ""))
            alias = _norm(words) != _norm(str(target_words)) and (
                analyzer is None
                or _has_alias(analyzer, words)
                or _has_alias(analyzer, target_words)
            )
        if alias is None:
            kind = _get(item, "kind", None)
            alias = kind == "alias" if kind else None
        if alias is None and source_text is not None and target_text is not None:
            # The same words on both sides are shared wording; different words are an alias match.
            alias = _norm(source_text[slice(*source_span)]) != _norm(
                target_text[slice(*target_span)]
            )
        shared_items.append(
            Shared(str(_get(item, "text", "")), source_span, target_span, bool(alias))
        )
    return Link(
        source=source,
        target=target,
        score=float(_get(raw, "score", 0.0) or 0.0),
        kinds=tuple(_get(raw, "kinds", ()) or ()),
        themes=tuple(_get(raw, "themes", ()) or ()),
        shared=tuple(shared_items),
    )


def to_hit(raw: Any) -> Hit:
    matches = tuple(_span(m) for m in (_get(raw, "matches", ()) or ()))
    return Hit(
        passage=str(_get(raw, "passage", None) or _get(raw, "passage_id", "")),
        title=str(_get(raw, "title", "") or ""),
        score=float(_get(raw, "score", 0.0) or 0.0),
        snippet=str(_get(raw, "snippet", "") or ""),
        matches=matches,
    )


class Engine:
    """Search index, link table and themes of one corpus, built or opened by `build()`."""

    def __init__(self, corpus: Corpus, paths: Sequence[Path] | None = None) -> None:
        self.corpus = corpus
        self.paths = list(paths) if paths is not None else None
        """The --texts paths the corpus came from: a child process builds what is missing."""
        self._child: subprocess.Popen[str] | None = None
        self._repaired = False
        self._repair_lock = threading.Lock()
        self.analyzer: Any = None
        self.themes: Any = None
        self.index: Any = None
        self.links: Any = None
        self.problems: list[Problem] = []
        self.notices: list[str] = []
        self._link_cache: dict[str, list[Link]] = {}

    # -- building (worker thread) -------------------------------------------------------------

    def build(self, progress: Progress | None = None) -> None:
        """Open or build everything; each part that is missing from the engine is skipped."""
        report = progress or (lambda stage, done, total: None)
        corpus = self.corpus
        report("analysis", 0, 1)
        from search_index.aliases import load_aliases_for
        from search_index.analysis import Analyzer

        aliases = load_aliases_for(corpus)
        self.problems.extend(aliases.problems)
        self.analyzer = Analyzer(aliases.table)
        try:
            from search_index.themes import load_themes_for

            self.themes = load_themes_for(corpus, self.analyzer)
            self.problems.extend(self.themes.problems)
        except ImportError:
            self.themes = None
        if self.paths is not None and self._needs_build():
            self._build_in_child(report)
        try:
            from search_index import index as index_module
        except ImportError:
            index_module = None
        info = None
        if index_module is not None:

            def index_progress(*args: Any) -> None:
                done, total = _progress_numbers(args)
                report("index", done, total)

            # The ThemeSet itself goes in (not its tags): a warm start never computes tags.
            try:
                result = index_module.open_index(
                    corpus, self.analyzer, tags=self.themes, progress=index_progress
                )
            except Exception as error:
                self.notices.append(f"search is unavailable: {_reason(error)}")
            else:
                self.index = result[0] if isinstance(result, tuple) else result
                info = result[1] if isinstance(result, tuple) and len(result) > 1 else None
                for notice in _get(info, "notices", ()) or ():
                    self.notices.append(str(notice))
        try:
            from search_index.links import open_links
        except ImportError:
            open_links = None
        if open_links is not None:

            def links_progress(*args: Any) -> None:
                done, total = _progress_numbers(args)
                step = args[0] if args and isinstance(args[0], str) else ""
                report(f"links:{step}" if step else "links", done, total)

            try:
                self.links = open_links(
                    corpus,
                    self.analyzer,
                    self.themes,
                    location=_get(info, "location", None),
                    progress=links_progress,
                )
            except Exception as error:
                self.notices.append(f"cross-references are unavailable: {_reason(error)}")
        report("ready", 1, 1)

    def _needs_build(self) -> bool:
        """Whether the index or the links of this corpus are not in the cache yet."""
        try:
            from search_index.index import MARKER
            from search_index.links import LINKS_FILE, index_location
        except ImportError:
            return False
        folder = index_location(self.corpus, self.analyzer, self.themes)
        return (
            folder is None or not (folder / MARKER).is_file() or not (folder / LINKS_FILE).is_file()
        )

    def _build_in_child(self, report: Progress, *, rebuild: bool = False) -> bool:
        """Build the index and links with `xref index` in a child process, relaying its
        progress; True if it succeeded (the caller then opens them warm).

        Whoosh and the link build are pure Python and hold the GIL: in the reader's process
        they froze its keys for the whole build (2 s a key press at 10,000 passages)."""
        from tui.commands.index import PROGRESS_PREFIX

        texts = [arg for path in self.paths or () for arg in ("--texts", str(path))]
        command = [sys.executable, "-m", "tui", *texts, "index", "--progress-lines"]
        if rebuild:
            command.append("--rebuild")
        try:
            child = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
            )
        except OSError:
            return False
        self._child = child
        assert child.stderr is not None
        for line in child.stderr:  # nothing from the child reaches the terminal
            parts = line.split()
            if len(parts) == 4 and parts[0] == PROGRESS_PREFIX and parts[2].isdigit():
                stage = parts[1] if parts[1] == "index" else f"links:{parts[1]}"
                report(stage, int(parts[2]), int(parts[3]) if parts[3].isdigit() else 0)
            elif line.startswith("xref: notice: "):
                self.notices.append(line[len("xref: notice: ") :].strip())
        return child.wait() == 0

    def _repair(self, reason: str) -> bool:
        """Damage only a search reached (the checks on opening passed): rebuild the index in
        a child process, once per session, and reopen it; True if that worked."""
        with self._repair_lock:
            if self._repaired or self.paths is None:
                return False
            self._repaired = True
            from search_index.index import open_index

            if not self._build_in_child(lambda stage, done, total: None, rebuild=True):
                return False
            try:
                index, _info = open_index(self.corpus, self.analyzer, tags=self.themes)
            except Exception:
                return False
            old, self.index = self.index, index
            with contextlib.suppress(Exception):
                old.close()
            self.notices.append(f"{reason}; rebuilt it")
            return True

    def stop(self) -> None:
        """End a child build still running (the reader is quitting); the cache stays sound."""
        child = self._child
        if child is not None and child.poll() is None:
            child.terminate()

    # -- queries (any thread) -----------------------------------------------------------------

    @property
    def can_search(self) -> bool:
        return self.index is not None

    @property
    def has_links(self) -> bool:
        return self.links is not None

    def search(
        self, query: str, *, limit: int = 200, cancel: threading.Event | None = None
    ) -> SearchOutcome:
        """Run a query as the user types it; a bad query gives an error sentence, not an
        exception."""
        outcome = SearchOutcome(query)
        if self.index is None:
            outcome.error = "Search is not ready yet."
            return outcome
        try:
            result = self.index.search(query, limit=limit, as_you_type=True, cancel=cancel)
        except Exception as error:
            if cancel is not None and cancel.is_set():
                outcome.error = None
                return outcome
            if type(error).__name__ == "IndexUnreadable" and self._repair(str(error)):
                return self.search(query, limit=limit, cancel=cancel)
            message = str(error).strip() or type(error).__name__
            outcome.error = message.splitlines()[0]
            return outcome
        hits = _get(result, "hits", None)
        if hits is None:
            hits = list(result) if isinstance(result, Iterable) else []
        outcome.hits = [to_hit(h) for h in hits]
        outcome.total = int(_get(result, "total", len(outcome.hits)) or len(outcome.hits))
        outcome.truncated = bool(_get(result, "truncated", False))
        return outcome

    def links_of(self, passage_id: str) -> list[Link]:
        """Links of a passage, best first."""
        if self.links is None:
            return []
        cached = self._link_cache.get(passage_id)
        if cached is not None:
            return cached
        raw: Any = None
        for name in ("links_of", "links", "get"):
            method = getattr(self.links, name, None)
            if callable(method):
                raw = method(passage_id)
                break
        else:
            if isinstance(self.links, dict):
                raw = self.links.get(passage_id)
        result = [to_link(passage_id, item, self.corpus, self.analyzer) for item in raw or ()]
        result.sort(key=lambda link: -link.score)
        self._link_cache[passage_id] = result
        return result

    def link_counts(self, document_id: str) -> dict[str, int]:
        if self.links is None:
            return {}
        try:
            document = self.corpus.document(document_id)
        except KeyError:
            return {}
        table = getattr(self.links, "table", None)
        indptr = getattr(table, "indptr", None)
        rows = getattr(table, "_row", None)
        if indptr is not None and rows is not None:
            counts = {}
            for passage in document.passages:
                row = rows.get(passage.id)
                if row is not None:
                    counts[passage.id] = int(indptr[row + 1] - indptr[row])
            return counts
        return {p.id: len(self.links_of(p.id)) for p in document.passages}

    def theme_list(self) -> list[Any]:
        return list(self.themes.themes) if self.themes is not None else []

    def theme_passages(self, theme_id: str) -> list[str]:
        if self.themes is None:
            return []
        try:
            return list(self.themes.passages_of(theme_id))
        except KeyError:
            return []

    def theme_label(self, theme_id: str) -> str:
        if self.themes is not None:
            try:
                return str(self.themes.theme(theme_id).label)
            except KeyError:
                pass
        return theme_id


def _reason(error: BaseException) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__


def _progress_numbers(args: tuple[Any, ...]) -> tuple[int, int]:
    numbers = [a for a in args if isinstance(a, int | float) and not isinstance(a, bool)]
    if len(numbers) >= 2:
        return int(numbers[-2]), int(numbers[-1])
    if len(numbers) == 1:
        return int(numbers[0]), 0
    return 0, 0
