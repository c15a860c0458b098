"""Themes on the reader screen: t opens the theme browser, Enter makes a theme's passages the
trail (highlighted in both panes, n / N step through them).

These are the curated themes of themes.yaml; Textual's colour themes are another thing (see
XrefApp).
"""

from __future__ import annotations

from collections.abc import Iterable

from search_index import Corpus
from tui.features.trail import Item, Trail


def theme_items(corpus: Corpus, passage_ids: Iterable[str]) -> list[Item]:
    """A theme's passages as trail items, each highlighted whole (unknown ids skipped)."""
    items: list[Item] = []
    for passage_id in passage_ids:
        try:
            length = len(corpus.passage(passage_id).text)
        except KeyError:
            continue
        items.append((passage_id, ((0, length),)))
    return items


class ThemesFeature:
    """t and the theme browser's answer (mixed into ReaderScreen: uses its session, search and
    trail)."""

    def action_themes(self) -> None:
        if self.session.engine_session is None:
            self.notify(f"Themes are being prepared: {self.session_status}", timeout=3)
            return
        from tui.screens.theme_browser import ThemeBrowser

        self.app.push_screen(
            ThemeBrowser(self.corpus, self.session.theme_list(), self.session.theme_passages),
            self._theme_chosen,
        )

    def _theme_chosen(self, theme_id: str | None) -> None:
        if not theme_id:
            return
        items = theme_items(self.corpus, self.session.theme_passages(theme_id))
        if self.search_open:
            self.close_search(return_to_start=False)
        label = self.session.theme_label(theme_id)
        self.trail = Trail("theme", f"Theme {label}", items)
        if not items:
            self.notify(f"No passage raises the theme {label}.", timeout=3)
            self.update_status()
            return
        self.jump_trail(0, push=True)
