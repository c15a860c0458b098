"""The reader application: its screens, the colour theme, help, and remembering its place.

The reader itself is tui/screens/reader.py (composition and message routing) with its features
in tui/features/; the widgets are in tui/widgets/. "Colour theme" here is Textual's look
(App.theme); the curated themes of themes.yaml are something else (tui/features/themes.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from search_index import Corpus
from tui.keymap import bindings, load_keymap
from tui.screens.empty_corpus import EmptyCorpusScreen
from tui.screens.reader import ReaderScreen
from tui.session_worker import SessionWorker
from tui.state import corpus_key, load_state, save_state

COLOUR_THEME_KEY = "theme"
"""The state file's key for the colour theme (its name since the first version)."""


def _reader_commands() -> Any:
    """The palette's reader commands, imported when the palette first opens."""
    from tui.screens.palette import ReaderCommands

    return ReaderCommands


class XrefApp(App[None]):
    """The reader. `corpus_paths` name the corpus for remembered state (default: its folders)."""

    TITLE = "xref"
    CSS_PATH = "styles/reader.tcss"
    BINDINGS: ClassVar[list[Binding]] = bindings("app")
    COMMANDS = App.COMMANDS | {_reader_commands}

    def __init__(
        self,
        corpus: Corpus,
        corpus_paths: Sequence[Path | str] | None = None,
        *,
        build_session: bool = True,
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.corpus_paths = [Path(p) for p in (corpus_paths or corpus.folders)]
        if not self.corpus_paths:
            self.corpus_paths = sorted({d.path.parent for d in corpus.documents})
        self.state_key = corpus_key(self.corpus_paths)
        self.saved_state = load_state(self.state_key)
        self.session = SessionWorker(corpus, self.corpus_paths)
        self.build_session = build_session
        self.keymap, self.keymap_problems = load_keymap()
        self.reader: ReaderScreen | None = None
        self.save_problem: str | None = None
        """Why the reader's place could not be remembered on quitting (told after exit)."""

    def get_default_screen(self) -> Screen[Any]:
        if not self.corpus.documents:
            return EmptyCorpusScreen(self.corpus, self.corpus_paths)
        self.reader = ReaderScreen(
            self.corpus,
            self.session,
            keymap=self.keymap,
            problems=self.keymap_problems,
            place=self.saved_state,
        )
        return self.reader

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        colour_theme = self.saved_state.get(COLOUR_THEME_KEY)
        if isinstance(colour_theme, str) and colour_theme in self.available_themes:
            self.theme = colour_theme

    def on_ready(self) -> None:
        """The first frame is on screen: now open or build the index and links."""
        if self.reader is not None and self.build_session:
            self.reader.prepare_later()

    def get_system_commands(self, screen: Screen[Any]) -> Any:
        """Textual's commands without 'Theme' and 'Keys': the reader's 'Switch colour theme'
        and 'Show keys' do the same and are listed already."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Keys"):
                yield command

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.keymap))

    def save(self) -> None:
        """Remember the open documents, passages and colour theme for this corpus."""
        entry: dict[str, Any] = {COLOUR_THEME_KEY: self.theme}
        if self.reader is not None and self.reader.is_mounted and self.reader.children:
            try:
                entry.update(self.reader.state_entry())
            except Exception:
                entry = {**self.saved_state, COLOUR_THEME_KEY: self.theme}
        elif self.saved_state:
            entry = {**self.saved_state, COLOUR_THEME_KEY: self.theme}
        self.save_problem = save_state(self.state_key, entry)

    async def action_quit(self) -> None:
        self.save()
        self.session.stop()
        self.exit()
