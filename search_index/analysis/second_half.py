"""The second half of a big corpus analysed by a forked child while this process analyses the
first half.

Why: the index build analyses every passage before it writes (whoosh.writer), and only then
starts the links on the second core (links.alongside), so the second core sat idle for the
analysis, about 4 s at 100,000 passages. Analysing is independent per passage: a child made
by fork (which has the passages and the word cache without copying) analyses the second
half and sends its terms back pickled, positions as packed arrays: 13 MB at 100,000
passages, 0.1 s to pickle and 0.25 s to read back.

Nothing changes in what is built: the child runs the very function the parent runs on each
passage. If it fails or is killed, the parent analyses the second half itself; if it reports
`Diverged` (the word cache disagreed with the analyser), the parent raises it, as when the
passage had been analysed here.
"""

from __future__ import annotations

import os
import pickle
from array import array
from collections.abc import Callable
from dataclasses import dataclass

from .. import forked
from .cache import Analysed

MIN_PASSAGES = 20_000
"""Below this many passages the analysis takes under a second: no child."""


class Diverged(Exception):
    """What the child's analyse function raised when the build must start again."""


@dataclass(slots=True)
class SecondHalf:
    """A child analysing passages [start, stop); `take` collects what it analysed."""

    pid: int
    pipe: int
    start: int
    stop: int

    def take(self) -> tuple[list[Analysed], set[tuple[str, str]]] | None:
        """The child's Analysed passages in order and its surface-word pairs; None when it
        failed (the caller analyses those passages itself). Raises Diverged when the child
        met it."""
        data = forked.read_all(self.pipe)
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if status != 0 or not data:
            return None
        try:
            kind, payload = pickle.loads(data)
        except Exception:
            return None
        if kind == "diverged":
            raise Diverged(payload)
        terms, positions, pairs = payload
        if len(terms) != self.stop - self.start:
            return None
        analysed = []
        for found, packed in zip(terms, positions, strict=True):
            analysed.append(Analysed(found, array("I", packed).tolist()))
        return analysed, pairs

    def abandon(self) -> None:
        """Stop the child (the build was interrupted before taking its half)."""
        if self.pid:
            forked.stop(self.pid, self.pipe)
            self.pid = 0


def start(
    analyse: Callable[[int], Analysed],
    pairs: set[tuple[str, str]],
    start: int,
    stop: int,
) -> SecondHalf:
    """Fork a child that runs `analyse(i)` for i in [start, stop) and sends the results and
    `pairs` (the surface-word pairs its analysis added) back."""
    pid, pipe = forked.fork_child()
    if pid == 0:  # the child: never returns
        _child(analyse, pairs, start, stop, pipe)
    return SecondHalf(pid, pipe, start, stop)


def _child(
    analyse: Callable[[int], Analysed],
    pairs: set[tuple[str, str]],
    start: int,
    stop: int,
    pipe: int,
) -> None:
    code = 0
    try:
        try:
            done = [analyse(i) for i in range(start, stop)]
        except Diverged as error:
            message: object = ("diverged", str(error))
        else:
            terms = [a.terms for a in done]
            positions = [array("I", a.positions).tobytes() for a in done]
            message = ("done", (terms, positions, pairs))
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    except BaseException:  # reported by the exit code; the parent analyses this half
        code = 1
        data = b""
    try:
        forked.write_all(pipe, data)
    except OSError:
        code = 1
    finally:
        os._exit(code)
