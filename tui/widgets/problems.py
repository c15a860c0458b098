"""The dismissible warning above the panes: files, aliases, themes or keys that were skipped."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import Static

from search_index import Problem

SHOWN = 100
"""Problems listed; the count in the first line covers them all."""


class ProblemsBanner(Static):
    """Hidden while there is nothing to tell; Esc hides it (the reader's escape action)."""

    def __init__(self, problems: Iterable[Problem] = (), *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.problems: list[Problem] = list(problems)

    def on_mount(self) -> None:
        self._show()

    def add(self, problems: Iterable[Problem]) -> None:
        """Add problems not listed yet (the same text twice is listed once)."""
        known = {str(p) for p in self.problems}
        self.problems.extend(p for p in problems if str(p) not in known)
        self._show()

    def _show(self) -> None:
        if not self.problems:
            if self.display:
                self.display = False
            return
        count = len(self.problems)
        text = Text()
        text.append(
            f"⚠ {count} problem{'' if count == 1 else 's'}: skipped, the rest works "
            "(Esc dismisses)\n",
            style="bold",
        )
        for problem in self.problems[:SHOWN]:
            text.append(f"  {problem}\n")
        self.update(text)
        self.display = True
