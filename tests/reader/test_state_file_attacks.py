"""A hostile or broken reader-state.json never stops the reader: it opens at the first documents
(with one problem line when the file could not be read) and works, and quitting writes a good
file again. Real key presses through Textual's Pilot.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from search_index import bundled_texts_dir, load_corpus
from search_index.paths import state_dir
from tests.reader.test_app import LEFT, RIGHT, ready
from tui.app import XrefApp
from tui.state import STATE_FILE, corpus_key, load_state

TEXTS = [bundled_texts_dir()]


def state_file() -> Path:
    return state_dir(create=True) / STATE_FILE


def entry(**fields: object) -> str:
    return json.dumps({"corpora": {corpus_key(TEXTS): fields}})


def start_app(unblock: Path | None = None) -> XrefApp:
    """XrefApp as `xref` makes it, in a thread: a state file that blocks (a FIFO) fails the
    test after 10 s instead of hanging it (the FIFO is then opened for writing, which ends the
    blocked read)."""
    made: list[XrefApp | BaseException] = []

    def make() -> None:
        try:
            made.append(XrefApp(load_corpus(TEXTS), TEXTS))
        except BaseException as error:
            made.append(error)

    thread = threading.Thread(target=make, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive() and unblock is not None:
        with contextlib.suppress(OSError):
            os.close(os.open(unblock, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(10)
        pytest.fail("the reader blocked reading its state file")
    assert made, "the reader did not start in 10 s"
    if isinstance(made[0], BaseException):
        raise made[0]
    return made[0]


@contextlib.contextmanager
def memory_cap(extra: int = 1 << 30) -> Iterator[None]:
    """At most `extra` more bytes of address space: a read of /dev/zero ends in MemoryError
    instead of taking the machine's memory."""
    with open("/proc/self/statm") as handle:
        used = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (used + extra, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


async def assert_reader_works(app: XrefApp, problem: str | None) -> None:
    """Opens at the first documents, moves on j and Tab, tells `problem` (or nothing), and
    quitting leaves a state file that reads back."""
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        assert [p.document.id for p in reader.panes] == [LEFT, RIGHT]
        await pilot.press("j")
        await pilot.pause()
        assert reader.pane(0).view.cursor == 1
        await pilot.press("tab", "j", "j")
        await pilot.pause()
        assert reader.active == 1
        assert reader.pane(1).view.cursor == 2
        banner = "\n".join(str(p) for p in reader.query_one("#problems").problems)
        if problem is None:
            assert STATE_FILE not in banner
        else:
            lines = [line for line in banner.splitlines() if STATE_FILE in line]
            assert len(lines) == 1 and problem in lines[0], banner
        await pilot.press("q")
    assert app.save_problem is None
    assert state_file().is_file() and not state_file().is_symlink()
    saved = load_state(corpus_key(TEXTS))
    assert saved["active"] == 1
    assert saved["panes"][1]["passage"] == f"{RIGHT}:3"


async def test_a_fractional_active_pane_is_ignored() -> None:
    state_file().write_text(
        entry(active=1.0, panes=[{"document": LEFT}, {"document": RIGHT}]), encoding="utf-8"
    )
    await assert_reader_works(start_app(), None)


@pytest.mark.parametrize(
    "fields",
    [
        {"active": True},
        {"active": "1"},
        {"panes": "kim"},
        {"panes": [{"document": ["x"], "passage": {"a": 1}}, 7]},
        {"panes": [{"document": LEFT, "passage": 3}], "theme": ["nord"]},
    ],
)
async def test_fields_of_the_wrong_type_are_ignored(fields: dict[str, object]) -> None:
    state_file().write_text(entry(**fields), encoding="utf-8")
    await assert_reader_works(start_app(), None)


async def test_deeply_nested_brackets_are_one_problem_line() -> None:
    state_file().write_text("[" * 100_000, encoding="utf-8")
    await assert_reader_works(start_app(), "not valid JSON")


async def test_deep_nesting_inside_a_field_is_dropped_and_saving_still_works() -> None:
    deep = "[" * 900 + "]" * 900
    key = json.dumps(corpus_key(TEXTS))
    text = '{"corpora": {"other": {"panes": ' + deep + "}, " + key + ': {"theme": ' + deep + "}}}"
    state_file().write_text(text, encoding="utf-8")
    await assert_reader_works(start_app(), None)


async def test_a_fifo_does_not_block_the_reader() -> None:
    path = state_file()
    os.mkfifo(path)
    app = start_app(unblock=path)
    await assert_reader_works(app, "not a regular file")


async def test_a_symlink_to_dev_zero_is_not_read() -> None:
    path = state_file()
    path.symlink_to("/dev/zero")
    with memory_cap():
        app = start_app()
    await assert_reader_works(app, "not a regular file")


async def test_an_oversized_state_file_is_not_read() -> None:
    state_file().write_text(
        entry(panes=[{"document": LEFT, "passage": "x" * 2_000_000}]), encoding="utf-8"
    )
    await assert_reader_works(start_app(), "larger than")
