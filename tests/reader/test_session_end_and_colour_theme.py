"""Faults found reviewing the reader's quitting and settings: a served reader's session ending
saves the place as `q` does, and a colour theme chosen in one corpus is not lost by quitting
another one first."""

from __future__ import annotations

import json
from pathlib import Path

from textual.messages import ExitApp

from search_index import bundled_texts_dir, load_corpus
from tui.app import XrefApp
from tui.state import corpus_key

LEFT = "kim-gunn-eu-psc"


def make_app(paths: list[Path], *, build_session: bool = True) -> XrefApp:
    return XrefApp(load_corpus(paths), paths, build_session=build_session)


async def test_the_browser_session_ending_remembers_the_place() -> None:
    """textual-serve ends a reader by sending 'quit', which Textual's web driver turns into
    ExitApp (so does Ctrl+C in the served reader's terminal): before, only q saved the place,
    and a closed browser tab forgot where the reader was."""
    paths = [bundled_texts_dir()]
    app = make_app(paths, build_session=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")
        assert app.reader is not None
        assert app.reader.pane(0).view.passage_id == f"{LEFT}:3"
        app.post_message(ExitApp())  # what the web driver posts on the server's 'quit'
        await pilot.pause()
    second = make_app(paths, build_session=False)
    async with second.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert second.reader is not None
        assert second.reader.pane(0).view.passage_id == f"{LEFT}:3"


async def test_a_colour_theme_chosen_before_settings_survives_another_corpus(
    tmp_path: Path, private_dirs: Path
) -> None:
    """A colour theme remembered in one corpus's state (before it was a setting for every
    corpus) is moved to the settings; quitting another corpus first, without touching the
    colour theme, wrote the default theme into the settings, and the chosen one was lost."""
    bundled = [bundled_texts_dir()]
    state = private_dirs / "state"
    state.mkdir(parents=True, exist_ok=True)
    entry = {"theme": "nord"}
    (state / "reader-state.json").write_text(json.dumps({"corpora": {corpus_key(bundled): entry}}))
    other = tmp_path / "other"
    other.mkdir()
    (other / "note.md").write_text("---\ntitle: A note\ndate: 2025-01-01\n---\n\nOne.\n\nTwo.\n")

    first = make_app([other], build_session=False)
    async with first.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert first.theme != "nord"
        await pilot.press("q")
    second = make_app(bundled, build_session=False)
    async with second.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert second.theme == "nord"
