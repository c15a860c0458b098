"""The reader application."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static

from search_index import Corpus


class XrefApp(App[None]):
    TITLE = "xref"

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            for document in self.corpus.documents[:2]:
                text = Text()
                text.append(document.title + "\n", style="bold")
                for passage in document.passages:
                    text.append(f"\n{passage.number:>3}  {passage.text}\n")
                with VerticalScroll():
                    yield Static(text, markup=False)
        yield Footer()
