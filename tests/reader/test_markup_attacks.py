"""Document text that looks like Textual markup is shown as it is written, never obeyed.

A title, an issuer or a themes.yaml label is data: `[Link=...]`, `[ @click=app.quit]` or
`[$text-error]` (tags rich.markup.escape does not know) must not crash a toast or the palette,
run an action when clicked, or style anything. Real key presses through Textual's Pilot.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets._toast import Toast

from search_index import load_corpus
from tests.reader.test_app import ready
from tui.app import XrefApp

ATTACKS = [
    "[Link=https://evil.example]x",
    "[ @click=app.quit]Click me[/]",
    "[$text-error]red alert",
]


def write_corpus(folder: Path, text: str) -> list[Path]:
    """Two documents whose title and issuer are `text`, and a theme labelled `text`."""
    for name in ("a", "b"):
        (folder / f"{name}.md").write_text(
            f"---\ntitle: {json.dumps(text + ' ' + name)}\nissuer: {json.dumps(text)}\n"
            "date: 2024-01-23\n---\n\nNorth Korea supplies munitions to Russia.\n\n"
            "A second paragraph about sanctions.\n",
            encoding="utf-8",
        )
    (folder / "themes.yaml").write_text(
        "themes:\n"
        f"  - id: attack\n    label: {json.dumps(text)}\n"
        f"    description: {json.dumps(text)}\n    match:\n      - munitions\n"
        f"  - id: silent\n    label: {json.dumps(text + ' silent')}\n"
        "    description: nothing\n    match:\n      - zebra\n",
        encoding="utf-8",
    )
    return [folder]


def toasts(app: XrefApp) -> list[Toast]:
    return list(app.screen.query(Toast))


def rendered(widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def flat(text: str) -> str:
    """Rendered lines joined without wrapping breaks, to find a literal across a wrap."""
    return "".join(line.strip() for line in text.splitlines())


@pytest.mark.parametrize("attack", ATTACKS)
async def test_copy_toast_shows_a_title_literally(tmp_path: Path, attack: str) -> None:
    paths = write_corpus(tmp_path, attack)
    app = XrefApp(load_corpus(paths), paths)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert app.is_running
        shown = [flat(rendered(t)) for t in toasts(app)]
        if "@click" in attack:
            toast = toasts(app)[-1]
            for y in range(toast.size.height):
                x = toast.render_line(y).text.find("Click me")
                if x >= 0:
                    inset = toast.content_region.offset - toast.region.offset
                    await pilot.click(toast, offset=(inset.x + x + 2, inset.y + y))
                    break
            else:
                pytest.fail("the toast does not show 'Click me'")
            await pilot.pause()
            assert app.is_running, "a click on the toast ran the title's @click action"
            await pilot.press("j")
            await pilot.pause()
            assert app.is_running
        assert any(attack.replace(" ", "") in s.replace(" ", "") for s in shown), shown


@pytest.mark.parametrize("attack", ATTACKS)
async def test_palette_lists_documents_with_issuers_literally(tmp_path: Path, attack: str) -> None:
    paths = write_corpus(tmp_path, attack)
    app = XrefApp(load_corpus(paths), paths)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open")
        for _ in range(40):
            await pilot.pause(0.05)
        assert app.is_running
        assert isinstance(app.screen, CommandPalette)
        listing = flat(rendered(app.screen.query_one("CommandList")))
        assert "Open in left pane" in listing
        assert attack.replace(" ", "") in listing.replace(" ", "")
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize("attack", ATTACKS)
async def test_theme_labels_shown_literally(tmp_path: Path, attack: str) -> None:
    paths = write_corpus(tmp_path, attack)
    app = XrefApp(load_corpus(paths), paths)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert app.is_running
        listing = flat(rendered(app.screen.query_one("OptionList")))
        assert attack.replace(" ", "") in listing.replace(" ", "")
        # The theme no passage raises: Enter tells so in a toast, with the label as written.
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.is_running
        shown = [flat(rendered(t)) for t in toasts(app)]
        assert any(attack.replace(" ", "") in s.replace(" ", "") for s in shown), shown
        # The theme two passages raise: the status line names it as written.
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        status = rendered(app.screen.query_one("StatusLine"))
        assert f"Theme {attack}" in status, status
