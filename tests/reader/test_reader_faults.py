"""Faults found using the reader for real (issue 16): linked scrolling that keeps the
comparison, keys sent in a burst, stale status, the picker and palette, words, the 80x24
layout and keys typed after q. Real keys through Textual's Pilot."""

from __future__ import annotations

import json
from pathlib import Path

from search_index import bundled_texts_dir, load_corpus
from tui.app import XrefApp

FRONT = "---\ntitle: {title}\nissuer: {issuer}\ndate: {date}\n---\n\n"
DOCUMENTS = {
    "a": (
        "Statement Alpha",
        "Ministry A",
        "2024-01-01",
        [
            "The foreign ministers condemn the ballistic missile launches and the transfer of "
            "munitions to the eastern front in the strongest terms.",
            "Cooperation on fisheries and agricultural trade continues with regional partners "
            "under the existing framework.",
            "The ministers call for the immediate release of detained journalists and "
            "humanitarian access to the occupied provinces.",
        ],
    ),
    "b": (
        "Release Bravo",
        "Office B",
        "2024-02-01",
        [
            "Weather services reported heavy rainfall across the southern coast over the weekend.",
            "The office notes the ballistic missile launches and warns against any transfer of "
            "munitions.",
            "The office calls for humanitarian access to the occupied provinces and the release "
            "of detained journalists.",
        ],
    ),
    "c": (
        "Communique Charlie",
        "Council C",
        "2024-03-01",
        [
            "The foreign ministers condemn the ballistic missile launches and the transfer of "
            "munitions to the eastern front in the strongest terms.",
            "Cooperation on fisheries and agricultural trade continues with regional partners "
            "under the existing framework.",
            "Sports ministers met to discuss the upcoming regional games and stadium funding.",
        ],
    ),
}
"""a:1 links best into c:1 (verbatim) and also into b:2; a:2 links only into c:2."""


def three_documents(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, issuer, date, paragraphs) in DOCUMENTS.items():
        text = FRONT.format(title=title, issuer=issuer, date=date) + "\n\n".join(paragraphs)
        (folder / f"{name}.md").write_text(text + "\n", encoding="utf-8")
    return folder


def make_app(paths: list[Path] | None = None) -> XrefApp:
    paths = paths or [bundled_texts_dir()]
    return XrefApp(load_corpus(paths), paths)


def remember(app: XrefApp, left: str, right: str) -> None:
    """Open the reader with `left` and `right` as a returning user left them."""
    app.saved_state = {"documents": [left, right], "passages": [f"{left}:1", f"{right}:1"]}


async def ready(app: XrefApp, pilot) -> None:
    await pilot.pause()
    for _ in range(400):
        if app.reader is None or app.reader.ready or app.reader.session_status.startswith("Search"):
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def burst(pilot, *keys: str) -> None:
    """Send keys as one burst, as a terminal delivers `tmux send-keys Tab j`: every key is
    queued before the first is handled (Pilot.press would wait for idle after each)."""
    from textual import events

    app = pilot.app
    for key in keys:
        character = {"tab": "\t", "slash": "/"}.get(key, key if len(key) == 1 else None)
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)
    for _ in range(3):
        await pilot._wait_for_screen()
    await pilot.pause()


def screen_lines(app: XrefApp) -> list[str]:
    """The characters on the screen, a string per row, as the terminal shows them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


# -- linked scrolling keeps the comparison ----------------------------------------------------


async def test_linked_scrolling_keeps_the_document_the_other_pane_shows(tmp_path: Path) -> None:
    app = make_app([three_documents(tmp_path / "texts")])
    remember(app, "a", "b")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        left, right = reader.panes
        assert (left.document.id, right.document.id) == ("a", "b")
        await pilot.press("s")
        # a:1's best link is into c, but the right pane shows b and a:1 links into b too.
        assert right.document.id == "b"
        assert right.view.passage_id == "b:2"
        await pilot.press("j")  # a:2 links only into c: the right pane stays
        await pilot.pause(0.1)
        assert right.document.id == "b"
        assert "no link into Release Bravo" in reader.status_text
        await pilot.press("j")  # a:3 links into b:3
        await pilot.pause(0.1)
        assert right.view.passage_id == "b:3"
        assert "no link into" not in reader.status_text
        await pilot.press("k", "k")
        await pilot.pause(0.1)
        assert right.document.id == "b"
        assert right.view.passage_id == "b:2"


# -- a key in the same burst as Tab -----------------------------------------------------------


async def test_key_right_after_tab_goes_to_the_newly_focused_pane() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        left, right = app.reader.panes
        before = (left.view.cursor, right.view.cursor)
        await burst(pilot, "tab", "j")  # no pause between them
        assert left.view.cursor == before[0]
        assert right.view.cursor == before[1] + 1


# -- the trail's status follows what is shown -------------------------------------------------


async def test_theme_status_does_not_claim_a_passage_after_opening_another_document() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("enter")  # the first theme: a passage in each statement
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        trail = reader.trail
        assert trail is not None and len(trail.items) >= 2
        where = f"passage {trail.index + 1} of {len(trail.items)}"
        assert where in reader.status_text
        shown = reader.view.document
        other = next(d for d in reader.corpus.documents if d.id != shown.id)
        await pilot.press("o", *other.title[:12], "enter")
        await pilot.pause()
        assert reader.view.document.id == other.id
        visited = reader.corpus.passage(trail.items[trail.index][0]).document_id
        if all(p.document.id != visited for p in reader.panes):
            assert where not in reader.status_text
            assert f"{len(trail.items)} passages" in reader.status_text


# -- the picker and the palette ---------------------------------------------------------------


async def test_picker_marks_the_documents_already_open(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    app = make_app([three_documents(tmp_path / "texts")])
    remember(app, "a", "b")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        rows = {
            options.get_option_at_index(i).id: str(options.get_option_at_index(i).prompt)
            for i in range(options.option_count)
        }
        assert "left" in rows["a"]
        assert "right" in rows["b"]
        assert "left" not in rows["c"] and "right" not in rows["c"]


async def test_palette_theme_query_lists_no_open_in_pane_entries() -> None:
    from textual.command import CommandList

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause(0.5)
        commands = app.screen.query_one(CommandList)
        prompts = [
            str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
        ]
        assert any("theme" in p.casefold() for p in prompts)
        assert not [p for p in prompts if "Open in" in p]
        # Typing a title still finds the document to open.
        await pilot.press(*["backspace"] * 5, *"joint statement")
        await pilot.pause(0.5)
        prompts = [
            str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
        ]
        assert any("Open in left pane: DPRK/Russia: Joint Statement" in p for p in prompts)


async def test_colour_theme_list_is_titled_colour_themes() -> None:
    from textual.command import CommandInput

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p", *"colour theme")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        placeholder = app.screen.query_one(CommandInput).placeholder
        assert "colour theme" in placeholder.casefold()


async def test_colour_theme_is_a_preference_for_every_corpus(tmp_path: Path) -> None:
    first = make_app([three_documents(tmp_path / "one")])
    async with first.run_test(size=(120, 40)) as pilot:
        await ready(first, pilot)
        first.theme = "nord"
        await pilot.press("q")
    other = make_app()  # another corpus, never opened before
    async with other.run_test(size=(120, 40)) as pilot:
        await ready(other, pilot)
        assert other.theme == "nord"


async def test_colour_theme_remembered_for_a_corpus_before_still_applies(tmp_path: Path) -> None:
    from search_index.paths import state_dir
    from tui.state import STATE_FILE, corpus_key

    texts = three_documents(tmp_path / "texts")
    key = corpus_key([texts])
    (state_dir() / STATE_FILE).write_text(
        json.dumps({"corpora": {key: {"theme": "gruvbox"}}}), encoding="utf-8"
    )
    app = make_app([texts])
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        assert app.theme == "gruvbox"


# -- words ------------------------------------------------------------------------------------


async def test_one_paragraph_is_not_paragraphs(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "one.md").write_text(
        FRONT.format(title="Single", issuer="I", date="2024-05-05") + "Only one paragraph here.\n"
    )
    (texts / "two.md").write_text(
        FRONT.format(title="Double", issuer="I", date="2024-05-06") + "First.\n\nSecond.\n"
    )
    app = make_app([texts])
    for size in ((120, 40), (80, 24)):
        async with app.run_test(size=size) as pilot:
            await ready(app, pilot)
            headers = [
                " ".join(p.header.render_line(y).text for y in range(p.header.size.height))
                for p in app.reader.panes
            ]
            single = next(h for h in headers if "Single" in h)
            assert "1 paragraph" in single and "1 paragraphs" not in single
            assert "2 paragraphs" in next(h for h in headers if "Double" in h)
        app = make_app([texts])


async def test_one_file_that_could_not_be_used_is_not_files(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "broken.md").write_bytes(b"\x00\x01\x02binary")
    app = make_app([texts])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        text = " ".join(line.strip() for line in screen_lines(app))
        assert "1 file could not be used" in text
        assert "1 files" not in text


async def test_copy_notice_has_nothing_stray_beside_it() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        await pilot.pause(0.3)
        toast = app.screen.query_one("Toast")
        region = toast.region
        lines = screen_lines(app)
        for y in range(region.y, region.bottom):
            beside = lines[y][region.right :]
            assert "…" not in beside and "..." not in beside, lines[y]


async def test_narrow_status_line_keeps_the_hit_count_while_a_link_is_shown() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("slash", *"intertwined")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s")  # linked scrolling shows a link beside the hit
        await pilot.pause()
        assert reader.trail is not None
        count = reader.trail.status().split(": ")[-1]
        status = reader.query_one("#status")
        shown = status.render_line(0).text
        assert count in shown, shown


# -- the links panel gives the documents room at 80x24 ----------------------------------------


async def test_links_panel_folds_away_with_a_key_and_the_panes_grow() -> None:
    from tui.keymap import BY_ID

    assert "links.toggle" in BY_ID
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        before = reader.pane(0).view.size.height
        await pilot.press(BY_ID["links.toggle"].keys.split(",")[0])
        await pilot.pause()
        assert reader.pane(0).view.size.height >= before + 3
        await pilot.press("slash")  # search still opens its panel
        await pilot.pause()
        assert reader.query_one("#side").display
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press(BY_ID["links.toggle"].keys.split(",")[0])
        await pilot.pause()
        assert reader.query_one("#links").region.height >= 4


async def test_narrow_links_previews_get_room() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("j")  # para. 2: the heading (para. 1) has no links
        links = reader.session.links_of(reader.view.passage_id)
        assert links
        panel = reader.query_one("#links")
        # The preview: the matched sentence of long paragraphs, else the target's first words.
        pair = links[0].sentences
        target = pair.target_text if pair else reader.corpus.passage(links[0].target).text
        for _ in range(100):  # the panel follows once the cursor rests (hang guard only)
            rows = [panel.render_line(y).text for y in range(panel.size.height)]
            if any(target[:10] in r for r in rows):
                break
            await pilot.pause(0.05)
        row = next(r for r in rows if target[:10] in r)
        start = row.index(target[:10])
        shown = row[start:].rstrip().rstrip("…”").rstrip()
        # 30 before links had a strength column (8 cells: "strong  "); with the title taking
        # half the room, as it did, 20 would be left.
        assert len(shown) >= 24, row


# -- keys typed right after q -----------------------------------------------------------------


async def _quit_then(keys: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await burst(pilot, "q", *keys)
        await pilot.pause(0.2)
    assert app.return_code in (0, None)
    assert app._exception is None
    assert not app.is_running


async def test_keys_after_q_are_ignored_t() -> None:
    await _quit_then(["t"])


async def test_keys_after_q_are_ignored_o() -> None:
    await _quit_then(["o"])


async def test_keys_after_q_are_ignored_slash() -> None:
    await _quit_then(["slash"])
