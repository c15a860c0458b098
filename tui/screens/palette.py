"""The command palette's reader commands: every action, and 'open in left/right pane' per
document. Imported lazily (App.COMMANDS takes a callable) so the first frame does not wait.

It serves the reader screen (the bottom of the screen stack), also while a modal screen such
as the help is on top of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from itertools import chain
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.keymap import BY_ID, display_keys
from tui.screens.reader import ReaderScreen


class ReaderCommands(Provider):
    """Every reader action in the command palette, plus 'open in left/right pane' per document.
    The keys in the hints are those of the loaded key map (keys.yaml), not the defaults."""

    def _reader(self) -> ReaderScreen | None:
        return next((s for s in self.app.screen_stack if isinstance(s, ReaderScreen)), None)

    def _commands(self) -> Iterator[tuple[str, Callable[[], Any], str]]:
        app = self.app
        reader = self._reader()
        if reader is None:
            return
        commands: list[tuple[str, Callable[[], Any], str, str | None]] = [
            ("Search passages", reader.action_search, "Open the search field", "search.open"),
            (
                "Go to theme…",
                reader.action_themes,
                "Browse themes and highlight one",
                "themes.open",
            ),
            (
                "Open document…",
                reader.action_open_document,
                "Pick a document for this pane",
                "document.open",
            ),
            (
                "Toggle linked scrolling",
                reader.action_toggle_linked,
                "Keep the other pane linked",
                "scroll.linked",
            ),
            (
                "Hide / show the links panel",
                reader.action_toggle_links,
                "More lines for the documents",
                "links.toggle",
            ),
            (
                "Copy passage with citation",
                reader.action_copy,
                "Copy to the clipboard",
                "passage.copy",
            ),
            (
                "Copy citation and source URL",
                reader.action_copy_source,
                "Copy the citation, show the URL",
                "source.copy",
            ),
            (
                "Compare word by word",
                reader.action_compare,
                "The shown link's two passages, marked",
                "compare.open",
            ),
            ("Note on passage", reader.action_note, "Write or edit a note", "note.edit"),
            (
                "Write a report",
                reader.action_report,
                "A Markdown report of what is on screen",
                "report.write",
            ),
            (
                "Follow best link",
                reader.action_follow_link,
                "Show the best-linked passage",
                "link.follow",
            ),
            (
                "Next link",
                reader.action_next_link,
                "Step through this passage's links",
                "link.next",
            ),
            ("Previous link", reader.action_previous_link, "", "link.previous"),
            ("Back", reader.action_back, "Back in the jump history", "history.back"),
            ("Forward", reader.action_forward, "Forward in the jump history", "history.forward"),
            ("Switch pane", reader.action_switch_pane, "", "pane.switch"),
            ("Next hit", reader.action_next_hit, "Next search hit or theme passage", "hit.next"),
            ("Previous hit", reader.action_previous_hit, "", "hit.previous"),
            ("Show keys", partial(app.run_action, "help"), "Every key", "app.help"),
            ("Switch colour theme", app.action_change_theme, "Choose a colour theme", None),
        ]
        for name, callback, help_text, binding_id in commands:
            if binding_id is not None:
                keys = display_keys(reader.keymap.get(binding_id, BY_ID[binding_id].keys))
                keys = f"({keys})"
                help_text = f"{help_text} {keys}" if help_text else keys
            yield name, callback, help_text

    def _documents(self, query: str) -> Iterator[tuple[str, Callable[[], Any], str]]:
        """'Open in left/right pane: <title>' for the documents every word of `query` is in
        (title, issuer, date or the words of the command): word by word, not letter by
        letter, or 'theme' would list every title with a t, h, e, m and e in order."""
        reader = self._reader()
        words = query.casefold().split()
        if reader is None or not words:
            return
        for document in reader.corpus.documents:
            details = f"{document.issuer or ''} {document.date or ''}".strip()
            for pane in (0, 1):
                name = f"Open in {'left' if pane == 0 else 'right'} pane: {document.title}"
                haystack = f"{name} {details}".casefold()
                if all(word in haystack for word in words):
                    yield name, partial(reader.open_in, pane, document.id), details

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(Text(name), callback, text=name, help=_plain(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        commands = ((*entry, matcher.match(entry[0])) for entry in self._commands())
        # A document's entry has every word of the query: listed even if its letters are not
        # in order (fuzzy score 0), after the commands that match.
        documents = (
            (*entry, max(matcher.match(entry[0]), 0.01)) for entry in self._documents(query)
        )
        for name, callback, help_text, score in chain(commands, documents):
            if score > 0:
                # Titles and issuers are document text: a Text prompt and Content help,
                # never markup (Matcher.highlight would parse the title as markup).
                yield Hit(
                    score, _highlight(matcher, name), callback, text=name, help=_plain(help_text)
                )


def _plain(help_text: str) -> Any:
    """The help line as Content: the palette passes it to Content.from_markup, which returns
    Content unchanged, so an issuer such as `[Link=...]x` is shown as written, not parsed
    (rich.markup.escape does not cover Textual's tags). Typed Any: Hit.help says str."""
    return Content(help_text) if help_text else None


def _highlight(matcher: Any, name: str) -> Text:
    text = Text(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            text.stylize("bold reverse", offset, offset + 1)
    return text
