"""Snapshots of the reader on the bundled statements (pytest-textual-snapshot).

Update after an intended change with: pytest tests/reader/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from search_index import bundled_texts_dir, load_corpus
from tui.app import XrefApp


def make_app() -> XrefApp:
    paths = [bundled_texts_dir()]
    return XrefApp(load_corpus(paths), paths)


async def settle(pilot) -> None:
    """Wait for the index and links worker (it starts shortly after the first frame)."""
    await pilot.pause()
    for _ in range(400):
        if pilot.app.reader.ready:
            break
        await pilot.pause(0.05)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def test_main_screen_wide(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=settle)


def test_main_screen_narrow(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=settle)


def test_link_followed(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "x")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


def test_search_open(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"intertwined")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


def test_search_open_narrow(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"security")
        await pilot.pause(0.3)
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_theme_browser(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


def test_help_screen(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)
