"""The engine session of the reader, opened off the UI thread and built in a child process.

Why: a first start on a new corpus builds the search index and the links, which is pure
Python (Whoosh, the link build) and holds the GIL: inside the reader's process it froze every
key for the whole build (2 s a key press at 10,000 passages). So a missing index is built by
`xref index` in a child process, its progress relayed, and then opened warm. Everything here
may run in a worker thread and never touches Textual.

The child is this very Python running this very package in isolated mode (`-I`): without it,
`python -m` put the working folder first on sys.path, and a `tui/` or `argparse.py` in the
folder the reader was started from (a downloaded corpus, a shared drive) ran instead of ours;
PYTHONPATH and the other PYTHON* variables did the same. Quitting `stop()`s the session: the
child is ended and the worker thread returns at its next step instead of building in-process.
"""

from __future__ import annotations

import contextlib
import functools
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from search_index import Corpus, Problem
from tui.progress_lines import INDEX_READY, parse_notice, parse_progress

if TYPE_CHECKING:  # the engine's heavy parts (Whoosh, NumPy) load in the worker, not at start
    from search_index.links import LinkDetail
    from search_index.search import Hit
    from search_index.session import Session
    from search_index.themes import Theme

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called from the worker thread."""

SEARCH_READY = "search-ready"
"""The progress stage `build()` reports once search works and the links are still to come."""
STOP_GRACE = 0.5
"""Seconds a child build has to end on SIGTERM before it is killed (quitting waits no longer)."""

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
"""The folder holding the `tui` package running now: the child imports this one."""
_CHILD_MAIN = (
    "import sys; root = {root!r}; "
    "root in sys.path or sys.path.append(root); "
    "from tui.cli import main; sys.exit(main())"
)


def child_command(args: Sequence[str]) -> list[str]:
    """`xref ARGS` as a child process that runs only our code: isolated mode takes the
    working folder, the user's site folder and every PYTHON* variable out of sys.path; the
    package folder is appended for a checkout run without installing (installed, editable
    or not, it is on sys.path already and nothing changes)."""
    return [sys.executable, "-I", "-c", _CHILD_MAIN.format(root=_PACKAGE_ROOT), *args]


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _counted(method: _Method) -> _Method:
    """Count the calls of `method` running (in any thread): quitting asks `busy`."""

    @functools.wraps(method)
    def counted(self: SessionWorker, *args: Any, **kwargs: Any) -> Any:
        with self._busy_lock:
            self._busy += 1
        try:
            return method(self, *args, **kwargs)
        finally:
            with self._busy_lock:
                self._busy -= 1

    return counted  # type: ignore[return-value]


class _Stopped(BaseException):
    """The reader is quitting: raised from a progress call to leave the engine's build.
    A BaseException so that no `except Exception` in the engine takes it for damage; its
    builds clean up on any exception (atomic: nothing half-built is left in the cache)."""


class SearchOutcome:
    """A query's hits, or the one sentence that says why there are none. A plain class: a
    slots dataclass cost every start ~1 ms to define."""

    __slots__ = ("error", "hits", "query", "total", "truncated")

    def __init__(self, query: str) -> None:
        self.query = query
        self.hits: list[Hit] = []
        self.total = 0
        self.error: str | None = None
        self.truncated = False


class SessionWorker:
    """The reader's session: `build()` (in a worker) opens or builds it, then any thread
    searches and reads links and themes."""

    def __init__(self, corpus: Corpus, paths: Sequence[Path] | None = None) -> None:
        self.corpus = corpus
        self.paths = list(paths) if paths is not None else None
        """The --texts paths the corpus came from: a child process builds what is missing."""
        self.engine_session: Session | None = None
        """The engine's session of the corpus, once `build()` has opened it."""
        self.child: subprocess.Popen[str] | None = None
        """The last child build, if one was started."""
        self.problems: list[Problem] = []
        self._notices: list[str] = []
        self._repaired = False
        self._repair_lock = threading.Lock()
        self._child_lock = threading.Lock()
        self._stopping = threading.Event()
        self._busy = 0
        self._busy_lock = threading.Lock()
        self._link_cache: dict[str, list[LinkDetail]] = {}

    @property
    def notices(self) -> list[str]:
        """One line each: what the child build and the session said, and repairs."""
        opened = self.engine_session.notices if self.engine_session is not None else []
        return list(dict.fromkeys([*self._notices, *opened]))  # the child's and ours, once

    # -- building (worker thread) -------------------------------------------------------------

    @property
    def stopped(self) -> bool:
        """True once `stop()` was called: the reader is quitting."""
        return self._stopping.is_set()

    @property
    def busy(self) -> bool:
        """True while a worker thread is still in the engine (building, searching, working
        out a passage's links): a call without progress steps cannot be interrupted."""
        return self._busy > 0

    @_counted
    def build(self, progress: Progress | None = None) -> None:
        """Open the session, build what the cache lacks in a child, open index and links;
        after `stop()` it returns at the next step, with nothing more opened."""
        try:
            self._build(progress or (lambda stage, done, total: None))
        except _Stopped:
            return

    def _build(self, progress: Progress) -> None:
        from search_index.session import Session

        def report(stage: str, done: int, total: int) -> None:
            if self._stopping.is_set():
                raise _Stopped
            progress(stage, done, total)

        report("analysis", 0, 1)
        session = self.engine_session = Session.open(self.corpus)  # themes are usable from here on
        self.problems.extend(session.rule_problems)
        if self.paths is not None and not session.is_built():
            self._build_in_child(report)
        if session.index is None:  # else opened while the child built the links
            try:
                session.open_index(progress=report)
            except Exception as error:
                self._notices.append(f"search is unavailable: {_reason(error)}")
        try:
            session.open_links(
                progress=lambda step, done, total: report(f"links:{step}", done, total)
            )
        except Exception as error:
            self._notices.append(f"cross-references are unavailable: {_reason(error)}")
        report("ready", 1, 1)

    def _build_in_child(self, report: Progress, *, rebuild: bool = False) -> bool:
        """Build the index and links with `xref index` in a child process, relaying its
        progress; True if it succeeded (the caller then opens them warm)."""
        texts = [arg for path in self.paths or () for arg in ("--texts", str(path))]
        command = child_command([*texts, "index", "--progress-lines"])
        if rebuild:
            command.append("--rebuild")
        with self._child_lock:  # stop() either sees this child or stops it being started
            if self._stopping.is_set():
                return False
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
            self.child = child
        assert child.stderr is not None
        with child.stderr:
            for line in child.stderr:  # nothing from the child reaches the terminal
                step = parse_progress(line)
                if step is not None and step[0] == INDEX_READY:
                    self._open_early(report)
                elif step is not None:
                    stage, done, total = step
                    index_stage = stage.partition(":")[0] == "index"
                    report(stage if index_stage else f"links:{stage}", done, total)
                elif (notice := parse_notice(line)) is not None:
                    self._notices.append(notice)
        return child.wait() == 0 and not self._stopping.is_set()

    def _open_early(self, report: Progress) -> None:
        """The child has put the index in the cache and builds the links now: open the index
        (only if it is there and sound; never build here) so search works meanwhile."""
        session = self.engine_session
        if session is None or session.index is not None or self._stopping.is_set():
            return
        try:
            opened = session.open_cached_index()
        except Exception:  # the open after the child says why, if it fails again
            return
        if opened:
            report(SEARCH_READY, 1, 1)

    def _repair(self, reason: str) -> bool:
        """Damage only a search reached (the checks on opening passed): rebuild the index in
        a child process, once per session, and reopen it; True if that worked."""
        with self._repair_lock:
            if self._repaired or self.paths is None or self.engine_session is None:
                return False
            self._repaired = True
            if not self._build_in_child(lambda stage, done, total: None, rebuild=True):
                return False
            try:
                self.engine_session.open_index()
            except Exception:
                return False
            self._notices.append(f"{reason}; rebuilt it")
            return True

    def stop(self) -> None:
        """The reader is quitting: the worker returns at its next step, and a child build
        still running is ended (SIGTERM, SIGKILL after STOP_GRACE s) and reaped, so none
        outlives the reader. The caches stay sound: a killed build leaves only a temporary
        folder, removed by the next build."""
        self._stopping.set()
        with self._child_lock:
            child = self.child
        if child is None or child.poll() is not None:
            return
        child.terminate()
        try:
            child.wait(STOP_GRACE)
        except subprocess.TimeoutExpired:
            child.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(STOP_GRACE)

    # -- queries (any thread) -----------------------------------------------------------------

    @property
    def can_search(self) -> bool:
        return self.engine_session is not None and self.engine_session.index is not None

    @property
    def has_links(self) -> bool:
        return self.engine_session is not None and self.engine_session.links is not None

    @_counted
    def search(
        self, query: str, *, limit: int = 200, cancel: threading.Event | None = None
    ) -> SearchOutcome:
        """Run a query as the user types it; a bad query gives an error sentence, not an
        exception. Snippets are worked out here, in the worker, not while drawing."""
        outcome = SearchOutcome(query)
        index = self.engine_session.index if self.engine_session is not None else None
        if index is None:
            outcome.error = "Search is not ready yet."
            return outcome
        try:
            result = index.search(query, limit=limit, as_you_type=True, cancel=cancel)
        except Exception as error:
            from search_index.search import IndexUnreadable

            if cancel is not None and cancel.is_set():
                return outcome
            if isinstance(error, IndexUnreadable) and self._repair(str(error)):
                return self.search(query, limit=limit, cancel=cancel)
            message = str(error).strip() or type(error).__name__
            outcome.error = message.splitlines()[0]
            return outcome
        for hit in result.hits:
            if self._stopping.is_set():  # quitting: a snippet of a huge passage takes a while
                return outcome
            hit.snippet  # noqa: B018 (worked out now, off the UI thread)
        outcome.hits = list(result.hits)
        outcome.total = result.total
        outcome.truncated = result.truncated
        return outcome

    @_counted
    def links_of(self, passage_id: str) -> list[LinkDetail]:
        """Links of a passage, best first."""
        links = self.engine_session.links if self.engine_session is not None else None
        if links is None:
            return []
        cached = self._link_cache.get(passage_id)
        if cached is None:
            found = sorted(links.links_of(passage_id), key=lambda link: -link.score)
            cached = self._link_cache[passage_id] = found
        return cached

    def link_counts(self, document_id: str) -> dict[str, int]:
        """How many links each passage of a document has (no evidence worked out)."""
        links = self.engine_session.links if self.engine_session is not None else None
        if links is None:
            return {}
        try:
            document = self.corpus.document(document_id)
        except KeyError:
            return {}
        return links.counts(p.id for p in document.passages)

    def theme_list(self) -> list[Theme]:
        return list(self.engine_session.themes.themes) if self.engine_session is not None else []

    def theme_passages(self, theme_id: str) -> list[str]:
        if self.engine_session is None:
            return []
        try:
            return list(self.engine_session.themes.passages_of(theme_id))
        except KeyError:
            return []

    def theme_label(self, theme_id: str) -> str:
        if self.engine_session is not None:
            with contextlib.suppress(KeyError):
                return str(self.engine_session.themes.theme(theme_id).label)
        return theme_id


def _reason(error: BaseException) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__
