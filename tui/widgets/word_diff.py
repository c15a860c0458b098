"""Drawing a word diff (search_index.compare) as Rich Text, in the colour theme's styles.

A diff is a run of pieces over two passages: 'equal' and 'match' (the same words, or aliases
and similar wording written differently) and 'delete', 'insert', 'replace'. Each side is drawn
from its own passage's text with the pieces' spans styled, so the spaces and punctuation between
words stay as written. Every mark has a textual form as well as a colour (struck for what the
other passage lacks, underlined for what it adds, italic for a match written differently), so
it reads without colour too. Document text is data: built as Text, never parsed as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

StyleOf = Callable[[str], Style]
"""A component class name ('word-diff--deleted') to its Rich style."""

LEFT_MARKS = {"delete": "deleted", "replace": "changed-old", "match": "match"}
RIGHT_MARKS = {"insert": "inserted", "replace": "changed-new", "match": "match"}
_WORD = re.compile(r"\w+")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def diff_counts(diff: Any) -> dict[str, int]:
    """Words inserted, deleted, changed and shared: the engine's counts when it has them (the
    CLI and the reader then agree), else counted here from the pieces."""
    names = ("inserted", "deleted", "changed", "shared")
    if all(isinstance(getattr(diff, name, None), int) for name in names):
        return {name: getattr(diff, name) for name in names}
    counts = dict.fromkeys(names, 0)
    for piece in diff.pieces:
        if piece.kind == "insert":
            counts["inserted"] += _words(piece.right)
        elif piece.kind == "delete":
            counts["deleted"] += _words(piece.left)
        elif piece.kind == "replace":
            counts["changed"] += max(_words(piece.left), _words(piece.right))
        else:
            counts["shared"] += _words(piece.right or piece.left)
    return counts


def summary(diff: Any) -> str:
    """'3 words inserted, 1 deleted, 2 changed, 12 shared' (parts that are 0 left out, but
    'shared' always said)."""
    counts = diff_counts(diff)
    parts = [
        f"{counts[name]} {name}" for name in ("inserted", "deleted", "changed") if counts[name]
    ]
    parts.append(f"{counts['shared']} shared")
    first, _, rest = parts[0].partition(" ")
    parts[0] = f"{first} word{'' if first == '1' else 's'} {rest}"
    return ", ".join(parts)


def side_text(text: str, pieces: Iterable[Any], side: str, style_of: StyleOf) -> Text:
    """One passage (`side` 'left' or 'right') with the diff's marks on its words."""
    marks = LEFT_MARKS if side == "left" else RIGHT_MARKS
    out = Text(text, end="")
    for piece in pieces:
        span = piece.left_span if side == "left" else piece.right_span
        mark = marks.get(piece.kind)
        if mark is None or span is None:
            continue
        start, end = max(0, span[0]), min(len(text), span[1])
        if start < end:
            out.stylize(style_of(f"word-diff--{mark}"), start, end)
    return out


SEGMENT_MARKS = {"delete": "deleted", "insert": "inserted", "match": "match"}


def segments_text(segments: Iterable[tuple[str, str]], style_of: StyleOf) -> Text:
    """A diff in reading order (search_index.compare.diff_segments: the later passage with
    the earlier one's dropped words put in where they stood), each piece in its mark's style:
    one reading of what changed, as `xref diff` prints it."""
    out = Text(end="")
    previous = ""
    for kind, piece in segments:
        if previous == "delete" and kind == "insert":
            out.append(" ")  # a replace: 'shows' struck, then 'We take note', not 'showsWe'
        mark = SEGMENT_MARKS.get(kind)
        out.append(piece, style_of(f"word-diff--{mark}") if mark else "")
        previous = kind
    return out


class DiffText(Widget):
    """A passage drawn with diff marks; styles from the colour theme (component classes), so
    it reads in every theme. `build(style_of)` makes the Text, again on a theme change."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "word-diff--deleted",
        "word-diff--inserted",
        "word-diff--changed-old",
        "word-diff--changed-new",
        "word-diff--match",
    }
    DEFAULT_CSS = """
    DiffText { height: auto; }
    DiffText > .word-diff--deleted { background: $error 30%; text-style: strike; }
    DiffText > .word-diff--inserted { background: $success 35%; text-style: bold underline; }
    DiffText > .word-diff--changed-old { background: $warning 30%; text-style: strike; }
    DiffText > .word-diff--changed-new { background: $warning 30%; text-style: bold underline; }
    DiffText > .word-diff--match { text-style: italic; color: $text-accent; }
    """

    def __init__(
        self, build: Callable[[StyleOf], Text], *, id: str | None = None, classes: str = ""
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._build = build

    def render(self) -> Text:
        return self._build(self.get_component_rich_style)

    @property
    def text(self) -> Text:
        """The Text drawn now (for tests: which words carry which mark)."""
        return self.render()


def legend(style_of: StyleOf) -> Text:
    """What each mark means, each word drawn in its mark's style (struck, underlined, ...)."""
    return Text.assemble(
        ("deleted", style_of("word-diff--deleted")),
        " · ",
        ("inserted", style_of("word-diff--inserted")),
        " · ",
        ("old", style_of("word-diff--changed-old")),
        "→",
        ("new", style_of("word-diff--changed-new")),
        " wording · ",
        ("written differently", style_of("word-diff--match")),
        " · shared: plain",
    )
