"""The links of a big corpus built in a forked child process while this one writes the index.

Why: a first build at 100,000 passages spent about 16 s in the index and 13 s in the links,
one after the other, on one of two cores. Both start from the same analysed terms, and
neither needs the other's result: once the terms exist, a child made by fork (which shares
them without copying or pickling) builds and saves the links while the parent writes Whoosh's
segment. The child saves to the links' own cache folder (store.unindexed_location), from
which `open_links` moves them beside the finished index, as it does for links built before
the index.

Nothing is lost when the child fails or is killed: `wait` reports why in one line, and
`open_links` then builds the links in this process as before. A process with other threads
running (the reader) is never forked; the reader builds in an `xref index` child of its own.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import forked

if TYPE_CHECKING:
    from pathlib import Path

    from ..analysis import Analyzer
    from ..corpus import Corpus
    from .vocabulary import Vocabulary

MIN_PASSAGES = 20_000
"""Below this many passages the links take a second or two and are built in this process."""


@dataclass(slots=True)
class LinksAlongside:
    """A child process building the links; `wait` for it before opening them."""

    pid: int
    pipe: int
    started: float = field(default_factory=time.perf_counter)
    seconds: float | None = None
    """The child's build time, once it finished and saved the links."""
    problem: str | None = None
    """Why the child's links cannot be used (then the links are built in this process)."""
    notices: list[str] = field(default_factory=list)

    def wait(self, progress: Callable[[str, int, int], None] | None = None) -> bool:
        """Wait for the child, passing its progress on; True when it saved the links."""
        if self.pid == 0:
            return self.problem is None
        pipe, self.pipe = self.pipe, -1  # read_report closes it, however it ends
        data = forked.read_report(pipe, progress)  # a raising `progress`: stop() ends the child
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = 0
        try:
            report = json.loads(data or b"{}")
        except ValueError:
            report = {}
        if os.WIFSIGNALED(status):
            self.problem = f"the links process was stopped by signal {os.WTERMSIG(status)}"
        elif report.get("problem") or os.WEXITSTATUS(status) != 0 or "seconds" not in report:
            self.problem = report.get("problem") or "the links process ended without its report"
        else:
            self.seconds = float(report["seconds"])
            self.notices = [str(n) for n in report.get("notices", [])]
        return self.problem is None

    def stop(self) -> None:
        """Stop the child if it is still running (this build was interrupted)."""
        if self.pid:
            forked.stop(self.pid, self.pipe)
            self.pid = 0
            self.problem = "the links process was stopped"


def can_fork(passages: int, min_passages: int = MIN_PASSAGES) -> bool:
    """Whether building the links in a forked child is possible and worth it."""
    return forked.can_fork(passages, min_passages)


def start(
    corpus: Corpus,
    analyzer: Analyzer,
    vocabulary: Vocabulary | None,
    terms: list[list[str]],
) -> LinksAlongside | None:
    """Fork a child that builds and saves the links from `terms`; None if its cache folder
    cannot be used (the links are then built in this process, after the index)."""
    from .store import unindexed_location

    try:
        folder = unindexed_location(corpus, analyzer, vocabulary)
    except OSError:
        return None
    pid, pipe = forked.fork_child()
    if pid == 0:  # the child: never returns
        _child(corpus, analyzer, vocabulary, terms, folder, pipe)
    return LinksAlongside(pid, pipe)


def _child(
    corpus: Corpus,
    analyzer: Analyzer,
    vocabulary: Vocabulary | None,
    terms: list[list[str]],
    folder: Path,
    pipe: int,
) -> None:
    """Build the links, save them, report on `pipe` as JSON and leave with os._exit (no
    atexit handlers, no flushing of the parent's buffers)."""
    code = 0
    try:
        from ..analysis.cache import remember
        from .store import load_or_build_links

        remember(corpus, analyzer.version, terms)
        notices: list[str] = []
        started = time.perf_counter()
        load_or_build_links(
            corpus,
            analyzer,
            location=folder,
            notices=notices,
            vocabulary=vocabulary,
            progress=_progress_to(pipe),
        )
        report = {"seconds": time.perf_counter() - started, "notices": notices}
    except BaseException as error:  # reported; the parent builds the links itself
        code = 1
        report = {"problem": f"the links process failed ({type(error).__name__}: {error})"}
    try:
        os.set_blocking(pipe, True)
        forked.write_all(pipe, json.dumps(report).encode())
    finally:
        os._exit(code)


PROGRESS_EVERY = 0.1
"""Seconds between the child's progress records (a stage's first and last always go)."""


def _progress_to(pipe: int) -> Callable[[str, int, int], None]:
    """Progress of the child's build, as records on its pipe (the parent relays them); the
    pipe is non-blocking until the report (`_child` sets it back)."""
    os.set_blocking(pipe, False)
    last_time, last_stage = 0.0, ""

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal last_time, last_stage
        now = time.monotonic()
        if done < total and stage == last_stage and now - last_time < PROGRESS_EVERY:
            return
        last_time, last_stage = now, stage
        # Never wait for the parent (it reads once its index is written): a full pipe
        # drops the record.
        with contextlib.suppress(BlockingIOError):
            os.write(pipe, forked.progress_record(stage, done, total))

    return progress
