"""The reader application: its screens, the colour theme, help, and remembering its place.

The reader itself is tui/screens/reader.py (composition and message routing) with its features
in tui/features/; the widgets are in tui/widgets/. "Colour theme" here is Textual's look
(App.theme); the curated themes of themes.yaml are something else (tui/features/themes.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from search_index import Corpus, Problem
from tui import gc_pause
from tui.keymap import bindings, load_keymap
from tui.screens.reader import ReaderScreen
from tui.session_worker import SessionWorker
from tui.state import corpus_key, load_settings, load_state, save_settings, save_state

COLOUR_THEME_KEY = "theme"
"""The state file's key for the colour theme (its name since the first version): read when
the settings file has none (a colour theme chosen before it was a setting for every corpus)."""
COLOUR_THEME_SETTING = "colour_theme"
"""The settings file's key for the colour theme: a preference of the person, every corpus."""
QUIT_SIGNALS = ("SIGTERM", "SIGHUP")
"""Signals that quit the reader as `q` does: `kill`, a closed terminal, a served session's end."""


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
        self.state_problems: list[Problem] = []
        """Why the state file was not read (a FIFO, a device, not JSON): one line each."""
        self.saved_state = load_state(self.state_key, problems=self.state_problems)
        self.session = SessionWorker(corpus, self.corpus_paths)
        self.build_session = build_session
        self.keymap, self.keymap_problems = load_keymap()
        self.reader: ReaderScreen | None = None
        self.save_problem: str | None = None
        """Why the reader's place could not be remembered on quitting (told after exit)."""
        self.quitting = False
        """Set when quitting begins: input after it is ignored (see on_event)."""
        self.colour_setting: object = None
        """The colour theme in the settings file (read on mount; none there: the default):
        written when the colour theme differs from it."""

    def get_default_screen(self) -> Screen[Any]:
        if not self.corpus.documents:
            from tui.screens.empty_corpus import EmptyCorpusScreen

            return EmptyCorpusScreen(self.corpus, self.corpus_paths)
        self.reader = ReaderScreen(
            self.corpus,
            self.session,
            keymap=self.keymap,
            problems=[*self.keymap_problems, *self.state_problems],
            place=self.saved_state,
        )
        return self.reader

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        setting = load_settings().get(COLOUR_THEME_SETTING)
        # No setting yet counts as the default: quitting writes one only for a colour theme
        # that differs (an old state file's included), not the default for having quit (that
        # pinned it, and an old state file's theme was lost if another corpus quit first).
        self.colour_setting = setting or self.theme
        colour_theme = setting or self.saved_state.get(COLOUR_THEME_KEY)
        if isinstance(colour_theme, str) and colour_theme in self.available_themes:
            self.theme = colour_theme
        if not self.is_headless:  # a real run, not a test's app: the process is the reader's
            self._quit_on_signals()

    def _quit_on_signals(self) -> None:
        """SIGTERM and SIGHUP quit as `q` does: by default they killed the reader with the
        terminal left in application mode, the place lost and a child build running on."""
        loop = asyncio.get_running_loop()
        for name in QUIT_SIGNALS:
            if (signum := getattr(signal, name, None)) is not None:
                with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
                    loop.add_signal_handler(signum, self._quit_for_signal, signum)

    def _quit_for_signal(self, signum: int) -> None:
        """End the child build, save the place if it can be (the terminal may be gone),
        and exit with the shell's status for a signal."""
        with contextlib.suppress(Exception):
            self.finish()
        self.exit(return_code=128 + signum)

    def finish(self) -> None:
        """However quitting began (q, a signal, the served session's end), once: end the
        child build (at most a second) and save the place."""
        if self.quitting:
            return
        self.quitting = True
        self.session.stop()
        self.save()

    def on_exit_app(self) -> None:
        """An exit not from q or a signal: textual-serve's 'quit' when a browser session
        ends, Ctrl+C in a served reader (Textual's web driver posts ExitApp for both). The
        place is saved all the same; before, a closed tab forgot it."""
        self.finish()

    def on_ready(self) -> None:
        """The first frame is on screen: now read the notes and open or build the index
        and links; garbage collection resumes (paused by the reader's command)."""
        gc_pause.resume()
        if self.reader is not None:
            self.reader.after_first_frame(build_session=self.build_session)

    def get_system_commands(self, screen: Screen[Any]) -> Any:
        """Textual's commands without 'Theme' and 'Keys': the reader's 'Switch colour theme'
        and 'Show keys' do the same and are listed already."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Keys"):
                yield command

    def search_themes(self) -> None:
        """Textual's colour-theme list, titled so it is not taken for the curated themes."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder="Search for colour themes…")
        )

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.keymap))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast of the reader shows its message as written (`markup` is ignored): the
        messages carry titles, issuers and theme labels, which are data, and neither
        rich.markup.escape nor textual.markup.escape covers every Textual tag (`[Link=...]`
        crashed, `[ @click=app.quit]` quit on a click)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

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
        if self.theme != self.colour_setting:
            problem = save_settings({COLOUR_THEME_SETTING: self.theme})
            self.colour_setting = self.theme if problem is None else None
            self.save_problem = self.save_problem or problem

    async def on_event(self, event: events.Event) -> None:
        """Once quitting has begun, keys and clicks are dropped: `qt` typed together opened the
        theme browser on an exiting app (NoMatches), `q/` opened the search instead."""
        if self.quitting and isinstance(event, events.InputEvent):
            return
        await super().on_event(event)

    async def action_quit(self) -> None:
        self.finish()
        self.exit()
