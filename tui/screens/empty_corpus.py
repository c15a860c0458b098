"""The screen shown instead of the reader when there are no documents to read."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from search_index import Corpus
from tui.keymap import bindings
from tui.widgets.fit import counted

PROBLEMS_SHOWN = 200


class EmptyCorpusScreen(Screen[None]):
    """No documents: say how to add some instead of failing."""

    BINDINGS: ClassVar[list[Binding]] = bindings("app")

    def __init__(self, corpus: Corpus, paths: Sequence[Path]) -> None:
        super().__init__()
        self.corpus = corpus
        self.paths = paths

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("No documents to read\n\n", style="bold")
        where = ", ".join(str(p) for p in self.paths) or "(no folder given)"
        text.append(f"Looked in: {where}\n\n")
        text.append(
            "Add statements as .md or .txt files, each starting with front matter:\n\n"
            "    ---\n    title: Joint Statement on ...\n    issuer: Ministry of Foreign Affairs\n"
            "    date: 2024-01-23\n    ---\n\n    First paragraph.\n\n    Second paragraph.\n\n"
            "then start the reader with:  xref --texts FOLDER\n"
            "(with no --texts the bundled statements open).\n"
        )
        if self.corpus.problems:
            unused = counted(len(self.corpus.problems), "file")
            text.append(f"\n{unused} could not be used:\n", style="bold")
            for problem in self.corpus.problems[:PROBLEMS_SHOWN]:
                text.append(f"  {problem}\n")
        with VerticalScroll(id="empty"):
            yield Static(text, markup=False)
        yield Footer()
