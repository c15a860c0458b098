"""Forked child processes of a build: when one may be made, how it ends with its parent, and
how its report is read.

A build forks (links.alongside: the links while the index is written; analysis.second_half:
half of the passages analysed on the second core; `in_halves`: the links' text features and
candidate products, half in a child) only when fork exists, there are two
cores or more and no other thread runs (forking a process with threads can deadlock: the
reader builds in an `xref index` child of its own). The child shares the parent's data
without copying or pickling, ends when its parent ends, and reports over a pipe.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")


def can_fork(passages: int, min_passages: int) -> bool:
    """Whether work on `passages` passages may go to a forked child and is worth it."""
    return (
        passages >= min_passages
        and hasattr(os, "fork")
        and (os.cpu_count() or 1) >= 2
        and threading.active_count() == 1  # forking a process with threads can deadlock
    )


def fork_child() -> tuple[int, int]:
    """Fork: (child pid, read end of its pipe) in the parent; (0, write end) in the child,
    which by then ignores Ctrl+C (the parent stops it) and ends with its parent."""
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        end_with(parent)
        return 0, write_end
    os.close(write_end)
    return pid, read_end


def end_with(parent: int) -> None:
    """Have the kernel end this child when its parent ends, however it ends (the reader
    stops its `xref index` child with SIGTERM, which runs no cleanup): no build outlives
    the process that asked for it. Linux only (prctl PR_SET_PDEATHSIG); elsewhere the child
    finishes its work and exits."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before prctl took effect
        os._exit(1)


def _chunks(fd: int, size: int) -> Iterator[bytes]:
    """What the child writes on its pipe, as it comes, until it closes it; the fd is closed
    when this ends (callers wrap it in contextlib.closing, so also when they stop early)."""
    try:
        while True:
            try:
                chunk = os.read(fd, size)
            except InterruptedError:
                continue
            if not chunk:
                return
            yield chunk
    finally:
        os.close(fd)


def read_all(fd: int) -> bytes:
    """Everything the child writes on its pipe, until it closes it (then the fd is closed)."""
    with contextlib.closing(_chunks(fd, 1 << 20)) as chunks:
        return b"".join(chunks)


PROGRESS = b"@ "
"""A progress record on a child's pipe: b'@ STAGE DONE TOTAL\\n'; the report is the rest."""


def read_report(fd: int, progress: Callable[[str, int, int], None] | None) -> bytes:
    """The child's report: everything on its pipe but its progress records, which are passed
    to `progress` as they come (then the fd is closed, however this ends)."""
    report, pending = [], b""
    with contextlib.closing(_chunks(fd, 1 << 16)) as chunks:
        for chunk in chunks:
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                if not line.startswith(PROGRESS):
                    report.append(line + b"\n")
                elif progress is not None:
                    parts = line[len(PROGRESS) :].split()
                    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
                        progress(parts[0].decode("ascii", "replace"), int(parts[1]), int(parts[2]))
    return b"".join(report) + pending


def progress_record(stage: str, done: int, total: int) -> bytes:
    return PROGRESS + f"{stage} {done} {total}\n".encode("ascii", "replace")


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to the pipe (the parent reads as it comes)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def stop(pid: int, fd: int) -> None:
    """Stop a child that is still running and close its pipe (the build was interrupted);
    `fd` -1: the pipe was closed already."""
    _end(pid)
    if fd >= 0:
        os.close(fd)


def in_halves(
    first: Callable[[], T],
    second: Callable[[], T],
    encode: Callable[[T], bytes],
    decode: Callable[[bytes], T],
) -> tuple[T, T]:
    """(first(), second()), second() computed meanwhile by a forked child and sent back as
    encode()d bytes. A child that fails, is killed or sends what does not decode costs
    nothing but time: second() then runs here. Interrupted, the child is stopped. Callers
    check `can_fork` first; `second` must not touch the terminal (no progress)."""
    pid, pipe = fork_child()
    if pid == 0:  # the child: leaves with os._exit (no atexit handlers, no flushing)
        code = 0
        try:
            write_all(pipe, encode(second()))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    try:
        mine = first()
    except BaseException:
        stop(pid, pipe)
        raise
    try:
        data = read_all(pipe)  # closes the pipe, however it ends
    except BaseException:
        _end(pid)
        raise
    _pid, status = os.waitpid(pid, 0)
    if status == 0 and data:
        try:
            return mine, decode(data)
        except Exception:  # any undecodable answer: the half is computed here
            pass
    return mine, second()


def _end(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except OSError:
        pass
