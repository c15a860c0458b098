"""The reader as a person uses it: real key presses through Textual's Pilot, bundled statements."""

from __future__ import annotations

from pathlib import Path

import pytest

from search_index import bundled_texts_dir, load_corpus
from tui.app import XrefApp
from tui.widgets.document_view import DocumentView

LEFT = "kim-gunn-eu-psc"
RIGHT = "borrell-cho-dprk-russia"


def make_app(paths: list[Path] | None = None) -> XrefApp:
    paths = paths or [bundled_texts_dir()]
    return XrefApp(load_corpus(paths), paths)


async def ready(app: XrefApp, pilot) -> None:
    """Wait until the index and links worker has finished and its messages are handled."""
    await pilot.pause()
    for _ in range(400):  # the worker starts shortly after the first frame
        if app.reader is None or app.reader.ready or app.reader.session_status.startswith("Search"):
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_opens_both_statements_side_by_side() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        left, right = app.reader.panes
        assert left.document.id == LEFT
        assert right.document.id == RIGHT
        assert left.region.y == right.region.y  # side by side
        assert left.region.x < right.region.x
        assert "ready" in app.reader.status_text


async def test_panes_stack_below_100_columns() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        left, right = app.reader.panes
        assert left.region.x == right.region.x
        assert left.region.y < right.region.y
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert left.region.y == right.region.y


async def test_stacked_headers_keep_title_date_and_a_short_issuer(tmp_path: Path) -> None:
    from rich.cells import cell_len

    korean = tmp_path / "k.md"
    korean.write_text(
        "---\ntitle: 북한 러시아 군사협력 규탄 공동성명 전문과 관련 자료 모음 그리고 설명\n"
        "issuer: 대한민국 외교부, 서울\ndate: 2024-12-01\n---\n\n하나.\n"
    )
    app = make_app([bundled_texts_dir(), korean])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("tab", "o", *"북한", "enter")
        for pane in reader.panes:
            header = pane.header
            line = header.render_line(0).text.strip()
            document = pane.document
            assert cell_len(line) <= header.size.width
            assert document.date in line
            assert document.issuer.split()[0] in line
            assert line.startswith(document.title[:8])
            assert "…" in line  # the title gave way, not the date
        left = reader.pane(0).header.render_line(0).text
        assert "Ministry of Foreign" in left


async def test_cursor_keys_move_by_passage() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        view = app.reader.view
        assert view.passage_id == f"{LEFT}:1"
        await pilot.press("j", "j")
        assert view.passage_id == f"{LEFT}:3"
        await pilot.press("k")
        assert view.passage_id == f"{LEFT}:2"
        await pilot.press("G")
        assert view.passage_id == f"{LEFT}:5"
        await pilot.press("g")
        assert view.passage_id == f"{LEFT}:1"
        await pilot.press("end")
        assert view.passage_id == f"{LEFT}:5"
        await pilot.press("home", "down")
        assert view.passage_id == f"{LEFT}:2"


async def test_up_arrow_and_page_keys_move_the_cursor() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        view = app.reader.view
        height = view.scrollable_content_region.height
        await pilot.press("down", "down", "up")
        assert view.passage_id == f"{LEFT}:2"
        await pilot.press("home", "pagedown")
        # About a screen further: the passage on the line one screen below, in view.
        assert view.cursor == view._layout.heights.find(height)
        assert view.cursor >= 2
        assert 0 <= view.cursor_row() < height
        after_one = view.cursor
        await pilot.press("pagedown")
        assert view.cursor > after_one
        await pilot.press("pagedown", "pagedown")
        assert view.passage_id == f"{LEFT}:5"  # stops at the last passage
        await pilot.press("pageup", "pageup", "pageup", "pageup")
        assert view.passage_id == f"{LEFT}:1"
        assert view.scroll_y == 0


async def test_mouse_wheel_scrolls_the_pane_under_the_pointer() -> None:
    from textual import events

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        view = reader.pane(1).view
        x, y = view.region.x + 20, view.region.y + 3

        def wheel(event_type: type[events.MouseEvent], times: int) -> None:
            for _ in range(times):  # as the terminal driver sends them
                event = event_type(None, x, y, 0, 0, 0, False, False, False, x, y)
                app._driver.send_message(event)

        wheel(events.MouseScrollDown, 5)
        await pilot.pause()
        assert view.scroll_y > 0
        # The wheel scrolls; the cursor and focus stay where they were.
        assert view.passage_id == f"{RIGHT}:1"
        assert app.focused is reader.pane(0).view
        assert reader.pane(0).view.scroll_y == 0
        top = round(view.scroll_y)
        index = view._layout.heights.find(top)
        offset = top - view.line_of(index)
        lines = view._layout.lines[index]
        if offset < len(lines):  # else the blank line after a passage is at the top
            start, end = lines[offset]
            passage = view.document.passages[index]
            assert passage.text[start:end] in view.render_line(0).text  # drawn from the top
        wheel(events.MouseScrollUp, 20)
        await pilot.pause()
        assert view.scroll_y == 0


async def test_tab_switches_panes() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        assert app.focused is reader.pane(0).view
        await pilot.press("tab")
        assert app.focused is reader.pane(1).view
        await pilot.press("j")
        assert reader.pane(1).view.passage_id == f"{RIGHT}:2"
        assert reader.pane(0).view.passage_id == f"{LEFT}:1"


async def test_click_selects_a_passage() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        view = app.reader.pane(1).view
        line = view.line_of(1) - round(view.scroll_y)  # first line of passage 2
        await pilot.click(view, offset=(20, line))
        assert app.focused is view
        assert view.passage_id == f"{RIGHT}:2"


async def test_follow_link_shows_target_selected_with_evidence_highlighted() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("j")  # para. 2: "closely intertwined"
        source = reader.view
        links = reader.session.links_of(source.passage_id)
        assert links, "the intertwined paragraph has cross-references"
        best = links[0]
        await pilot.press("x")
        target = reader.pane(1).view
        assert target.passage_id == best.target
        assert reader.view is source  # focus stays in the source pane
        # The target is shown at the screen row of the source (as far as scrolling allows).
        assert target.cursor_row() == min(source.cursor_row(), target.line_of(target.cursor))
        from tui.widgets.highlight import DRAWN_AS

        # The evidence: each shared / alias / similar item, over the matched sentence of the
        # long paragraphs (drawn in the style DRAWN_AS gives it).
        pair = best.sentences
        assert pair is not None
        drawn = {(h.start, h.end): h.kind for h in target.highlights}
        expected = {s.target_span: DRAWN_AS.get(s.kind, s.kind) for s in best.shared}
        expected[pair.target_span] = DRAWN_AS.get("sentence", "sentence")
        assert drawn == expected
        sources = {s.source_span for s in best.shared} | {pair.source_span}
        assert {(h.start, h.end) for h in source.highlights} == sources
        assert f"link 1 of {len(links)}" in reader.status_text


async def test_alias_evidence_is_marked_as_alias() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        # A name alone is no longer evidence: the first passage whose best link has an alias
        # match beside shared wording ("UN Security Council resolutions" / "UNSC resolutions").
        passages = reader.view.document.passages
        index, link = next(
            (i, links[0])
            for i, p in enumerate(passages)
            if (links := reader.session.links_of(p.id))
            and {s.kind for s in links[0].shared} >= {"alias", "shared"}
        )
        await pilot.press(*["j"] * index, "x")
        assert reader.pane(1).view.passage_id == link.target

        def marked(pane: int, kind: str) -> set[str]:
            return {
                reader.corpus.passage(h.passage_id).text[h.start : h.end]
                for h in reader.pane(pane).view.highlights
                if h.kind == kind
            }

        source_text = passages[index].text
        target_text = reader.corpus.passage(link.target).text
        aliases = [s for s in link.shared if s.kind == "alias"]
        left = {source_text[slice(*s.source_span)] for s in aliases}
        right = {target_text[slice(*s.target_span)] for s in aliases}
        assert left != right  # different words for one thing on each side
        assert marked(0, "alias") == left
        assert marked(1, "alias") == right
        assert marked(1, "shared")  # and the shared wording apart from them


async def test_enter_follows_and_brackets_step_through_links() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("j")
        links = reader.session.links_of(reader.view.passage_id)
        assert len(links) >= 2
        await pilot.press("enter")
        assert reader.pane(1).view.passage_id == links[0].target
        await pilot.press("right_square_bracket")
        second = reader.query_one("#links").links[reader.link_rank]
        assert reader.pane(1).view.passage_id == second.target
        await pilot.press("left_square_bracket")
        assert reader.pane(1).view.passage_id == links[0].target


async def test_brackets_step_through_links_in_the_order_the_panel_lists_them() -> None:
    from tui.widgets.links_panel import LinksPanel

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("j")  # para. 2: its second best link is in a theme group of its own
        await pilot.pause(0.2)
        panel = reader.query_one(LinksPanel)
        links = reader.session.links_of(f"{LEFT}:2")
        rows = [
            panel.get_option_at_index(i).id
            for i in range(panel.option_count)
            if (panel.get_option_at_index(i).id or "").startswith("link-")
        ]
        listed = [links[int(row[5:])].target for row in rows]
        assert listed != [link.target for link in links]  # grouping reorders them here
        await pilot.press("x")
        seen, places = [], []
        for _ in range(len(links)):
            seen.append(reader.pane(1).view.passage_id)
            places.append(panel.highlighted)
            await pilot.press("right_square_bracket")
        assert seen == listed  # each ] goes one row down the panel
        assert places == sorted(places)
        assert reader.pane(1).view.passage_id == listed[0]  # and wraps round
        assert f"link 1 of {len(links)}" in reader.status_text
        await pilot.press("left_square_bracket")
        assert reader.pane(1).view.passage_id == listed[-1]
        assert f"link {len(links)} of {len(links)}" in reader.status_text


async def test_history_back_and_forward_with_stack_behaviour() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        right = reader.pane(1).view
        # Jumps from paragraphs with links (the heading and the signature line have none).
        assert all(reader.session.links_of(f"{LEFT}:{n}") for n in (2, 3, 5))
        await pilot.press("j", "x")  # jump 1, from para. 2
        after_first = right.passage_id
        await pilot.press("j", "j", "j", "x")  # jump 2, from para. 5
        after_second = right.passage_id
        assert after_first != after_second
        # Back undoes the last jump: both panes return to where they were before it.
        await pilot.press("b")
        assert (reader.view.passage_id, right.passage_id) == (f"{LEFT}:5", after_first)
        await pilot.press("b")
        assert (reader.view.passage_id, right.passage_id) == (f"{LEFT}:2", f"{RIGHT}:1")
        await pilot.press("f")
        assert (reader.view.passage_id, right.passage_id) == (f"{LEFT}:5", after_first)
        await pilot.press("f")
        assert (reader.view.passage_id, right.passage_id) == (f"{LEFT}:5", after_second)
        await pilot.press("b", "b")
        assert reader.forward_stack
        # A new jump (from para. 3) drops the forward entries.
        await pilot.press("j", "x")
        assert reader.forward_stack == []
        await pilot.press("f")
        assert reader.view.passage_id == f"{LEFT}:3"
        await pilot.press("alt+left")
        assert (reader.view.passage_id, right.passage_id) == (f"{LEFT}:3", f"{RIGHT}:1")


async def test_back_and_forward_restore_the_link_highlights_and_status() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        left, right = reader.pane(0).view, reader.pane(1).view
        await pilot.press("g", "j", "x")  # para. 2: the heading (para. 1) has no links
        links = reader.session.links_of(f"{LEFT}:2")
        shown = (list(left.highlights), list(right.highlights))
        assert shown[0] and shown[1]
        status = reader.status_text
        assert f"link 1 of {len(links)}" in status
        depth = len(reader.back_stack)
        await pilot.press("b")
        assert right.passage_id == f"{RIGHT}:1"
        assert left.highlights == [] and right.highlights == []
        assert "link 1 of" not in reader.status_text
        await pilot.press("f")
        assert right.passage_id == links[0].target
        assert (left.highlights, right.highlights) == shown
        assert f"link 1 of {len(links)}" in reader.status_text
        assert len(reader.back_stack) == depth  # showing them again is not a new jump
        # The restored link is the current one: ] steps on from it, in the panel's order.
        from tui.widgets.links_panel import visible_order

        order = visible_order(links, reader.session.theme_label)
        await pilot.press("right_square_bracket")
        assert right.passage_id == links[order[1]].target
        assert f"link 2 of {len(links)}" in reader.status_text


async def test_linked_scrolling_keeps_other_pane_on_best_link() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("s")
        assert reader.linked
        assert "linked scrolling on" in reader.status_text
        for _ in range(3):
            await pilot.press("j")
            best = reader.session.links_of(reader.view.passage_id)
            if best:
                assert reader.pane(1).view.passage_id == best[0].target
        await pilot.press("s")
        assert not reader.linked


async def test_search_as_you_type_enter_jumps_n_steps_esc_returns() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        start = reader.snapshot()
        await pilot.press("slash", *"intertwined")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reader.search_open
        hits = reader.search_panel.hits
        assert len(hits) == 2
        assert "2 hits" in reader.status_text
        await pilot.press("enter")
        assert isinstance(app.focused, DocumentView)
        assert app.focused.passage_id == hits[0].passage
        assert "hit 1 of 2" in reader.status_text
        marked = [h for h in app.focused.highlights if h.kind == "search"]
        passage = reader.corpus.passage(hits[0].passage)
        assert marked and all(
            passage.text[h.start : h.end].lower().startswith("intertwin") for h in marked
        )
        await pilot.press("n")
        assert "hit 2 of 2" in reader.status_text
        assert reader.view.passage_id == hits[1].passage
        await pilot.press("N")
        assert "hit 1 of 2" in reader.status_text
        await pilot.press("slash", "escape")
        assert not reader.search_open
        assert reader.snapshot().passages == start.passages


async def test_esc_after_jumping_to_hits_returns_to_where_the_search_started() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("tab", "j", "j")  # right pane, para. 3
        start = reader.snapshot()
        await pilot.press("slash", *"intertwined")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        hits = reader.search_panel.hits
        await pilot.press("enter", "n")
        assert isinstance(app.focused, DocumentView)  # the focus left the field
        assert reader.view.passage_id == hits[1].passage
        assert reader.snapshot().passages != start.passages
        await pilot.press("escape")
        assert not reader.search_open
        assert reader.snapshot().passages == start.passages
        assert reader.active == start.active
        assert app.focused is reader.pane(1).view
        assert not any(h.kind == "search" for p in reader.panes for h in p.view.highlights)
        assert "hit" not in reader.status_text
        # Returning was a jump: b goes back to the last hit visited.
        await pilot.press("b")
        assert reader.view.passage_id == hits[1].passage


def send_burst(app: XrefApp, keys: list[str]) -> None:
    """Queue key events the way the terminal driver does when it reads several keys at once
    (typed fast, or pasted without bracketed paste): no processing between them."""
    from textual import events

    names = {"/": "slash", " ": "space"}
    for char in keys:
        app._driver.send_message(events.Key(names.get(char, char), char))


async def test_keys_typed_right_after_slash_land_in_the_search_field() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("slash", "n", "o", "r")
        assert reader.search_open
        assert reader.search_panel.input.value == "nor"
        await pilot.press("escape")
        assert not reader.search_open
        # A burst, as a terminal delivers "/north" sent in one write: the first open (the panel
        # already mounted) and again after closing, where the old text is replaced.
        send_burst(app, list("/north"))
        await pilot.pause(0.3)
        assert app.screen is reader  # "o" did not open the document picker
        assert type(app.focused).__name__ == "SearchInput"
        assert reader.search_panel.input.value == "north"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reader.search_panel.hits
        # A slash in the field is typed, not a new search.
        await pilot.press("end", "slash", "R")
        assert reader.search_panel.input.value == "north/R"


async def test_a_burst_right_after_the_first_slash_lands_in_the_search_field() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        send_burst(app, list("/north"))  # the search panel is mounted by this slash
        await pilot.pause(0.3)
        assert app.screen is reader
        assert reader.search_panel.input.value == "north"
        assert reader.view.passage_id == f"{LEFT}:1"


async def test_search_query_error_is_a_sentence() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("slash", *"date:[2024 TO", "quotation_mark")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(reader.search_panel.query_one("#search-status").content)
        assert status == ('a quotation mark (") is not closed: add the closing one or remove it')
        assert reader.search_open


async def test_a_query_error_drops_the_previous_results() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("slash", *"nor")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "“nor”" in reader.status_text
        assert any(h.kind == "search" for p in reader.panes for h in p.view.highlights)
        await pilot.press("space", "quotation_mark")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = reader.search_panel.query_one("#search-status")
        assert str(status.content) == (
            'a quotation mark (") is not closed: add the closing one or remove it'
        )
        assert status.has_class("-error")
        assert reader.trail is None
        assert "“nor”" not in reader.status_text and "hit" not in reader.status_text
        assert not any(h.kind == "search" for p in reader.panes for h in p.view.highlights)
        assert reader.search_panel.results.option_count == 0
        before = reader.snapshot()
        await pilot.press("enter")  # nothing to jump to
        assert reader.snapshot().passages == before.passages
        assert reader.search_open


async def test_theme_browser_highlights_passages_and_n_steps() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("t")
        assert type(app.screen).__name__ == "ThemeBrowser"
        from textual.widgets import OptionList

        options = app.screen.query_one(OptionList)
        lines = [options.render_line(y).text for y in range(options.size.height)]
        listed = " ".join(" ".join(lines).split())
        # Long titles are cut with … before their paragraphs, and wrapped lines keep the indent.
        assert "Special Representative for Korean Peninsula Pea… (¶2)" in listed
        raised = next(i for i, line in enumerate(lines) if "raised by:" in line)
        column = lines[raised].index("Special")
        assert lines[raised + 1][:column].strip() == "" and lines[raised + 1][column] != " "
        theme_id = reader.session.theme_list()[0].id
        passages = reader.session.theme_passages(theme_id)
        await pilot.press("enter")
        assert app.screen is reader
        assert reader.view.passage_id == passages[0]
        assert f"passage 1 of {len(passages)}" in reader.status_text
        highlighted = {
            h.passage_id for p in reader.panes for h in p.view.highlights if h.kind == "theme"
        }
        shown = {p.document.id for p in reader.panes}
        assert highlighted == {pid for pid in passages if pid.rpartition(":")[0] in shown}
        await pilot.press("n")
        assert reader.view.passage_id == passages[1 % len(passages)]


async def test_theme_browser_lists_every_document_of_a_theme_on_space(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    for number in range(1, 12):
        body = "The harbour reopened." if number < 11 else "Nothing of the kind."
        (tmp_path / f"s{number:02}.md").write_text(
            f"---\ntitle: Statement {number:02}\ndate: 2024-01-{number:02}\n---\n\n{body}\n"
        )
    (tmp_path / "themes.yaml").write_text(
        "themes:\n  - id: harbour\n    label: The harbour\n    description: Ports.\n"
        "    match:\n      - harbour\n"
    )
    app = make_app([tmp_path])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("t")
        browser = app.screen
        assert type(browser).__name__ == "ThemeBrowser"
        options = browser.query_one(OptionList)

        def shown() -> str:
            return " ".join(options.render_line(y).text for y in range(options.size.height))

        folded = " ".join(shown().split())
        assert "+4 more" in folded
        assert "Statement 06" in folded and "Statement 07" not in folded
        assert "not raised by: Statement 11" in folded
        await pilot.press("space")
        expanded = " ".join(shown().split())
        assert "more" not in expanded
        for number in range(1, 11):
            assert f"Statement {number:02} (¶1)" in expanded
        await pilot.press("space")  # folds again
        assert "+4 more" in " ".join(shown().split())
        await pilot.press("enter")
        assert app.screen is app.reader


async def test_document_picker_opens_in_focused_pane(tmp_path: Path) -> None:
    extra = tmp_path / "third.md"
    extra.write_text(
        "---\ntitle: A third [b]statement[/b]\ndate: 2025-01-01\n---\n\nOne.\n\nTwo.\n"
    )
    app = make_app([bundled_texts_dir(), extra])
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("tab", "o")
        assert type(app.screen).__name__ == "DocumentPicker"
        await pilot.press(*"third", "enter")
        assert reader.pane(1).document.id == "third"
        assert reader.pane(1).document.title == "A third [b]statement[/b]"
        await pilot.press("b")
        assert reader.pane(1).document.id == RIGHT


async def test_help_lists_every_key_and_closes() -> None:
    from tui.keymap import SPECS

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert app.screen is app.reader
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpScreen"
        assert len({s.id for s in SPECS}) == len(SPECS)


@pytest.mark.parametrize("width", [120, 80, 60])
async def test_footer_keeps_help_and_quit_and_never_cuts_a_word(width: int) -> None:
    from tui.widgets.key_hints import SHOWN, KeyHints

    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await ready(app, pilot)
        footer = app.reader.query_one(KeyHints)
        line = footer.render_line(0).text.strip()
        assert "? Keys" in line and line.endswith("q Quit")
        assert "…" not in line
        labels = dict(SHOWN)
        entries = footer.entries(footer.content_region.width)
        assert line == "  ".join(f"{key} {label}" for key, label in entries)
        assert all(label in labels.values() for _, label in entries)
        if width >= 120:
            assert len(entries) == len(SHOWN)  # everything at full width
        else:
            assert "/ Search" in line and "x Follow" in line


async def test_copy_puts_passage_and_citation_on_clipboard() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("j", "c")
        passage = app.corpus.passage(f"{LEFT}:2")
        assert app.clipboard.startswith(passage.text)
        assert app.clipboard.endswith(app.corpus.citation(passage))
        assert "para. 2" in app.clipboard


async def test_state_restored_on_second_start() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("j", "j", "tab", "j")
        app.theme = "textual-light"
        await pilot.press("q")
    second = make_app()
    async with second.run_test(size=(120, 40)) as pilot:
        await ready(second, pilot)
        reader = second.reader
        assert reader.pane(0).view.passage_id == f"{LEFT}:3"
        assert reader.pane(1).view.passage_id == f"{RIGHT}:2"
        assert reader.active == 1
        assert second.theme == "textual-light"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_remembered_paragraph_comes_back_a_third_of_the_way_down(
    private_dirs: Path, size
) -> None:
    import json

    from tui.state import corpus_key

    state = private_dirs / "state"
    state.mkdir(parents=True, exist_ok=True)
    entry = {
        "panes": [
            {"document": LEFT, "passage": f"{LEFT}:3"},
            {"document": RIGHT, "passage": f"{RIGHT}:2"},
        ],
        "active": 0,
    }
    key = corpus_key([bundled_texts_dir()])
    (state / "reader-state.json").write_text(json.dumps({"corpora": {key: entry}}))
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        for pane, passage_id in zip(app.reader.panes, (f"{LEFT}:3", f"{RIGHT}:2"), strict=True):
            view = pane.view
            assert view.passage_id == passage_id
            height = view.scrollable_content_region.height
            top_line = view.line_of(view.cursor)
            # A third of the way down, or as near as the top of the document allows.
            assert view.cursor_row() == min(height // 3, top_line)
            assert view.cursor_row() + 3 <= height  # more than its first line shows


async def test_keymap_file_remaps_and_reports_bad_entries(private_dirs: Path) -> None:
    config = private_dirs / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "keys.yaml").write_text(
        "keys:\n  passage.next: l\n  no.such.binding: z\n  link.follow: ''\n"
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("l")
        assert reader.view.passage_id == f"{LEFT}:2"
        await pilot.press("x")  # the bad remap kept the default key
        assert reader.pane(1).view.highlights
        problems = str(reader.query_one("#problems").content)
        assert "keys.yaml:3" in problems and "no.such.binding" in problems
        assert "keys.yaml:4" in problems


async def test_problems_warning_lists_bad_files_and_is_dismissible(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("---\ntitle: Good\n---\n\nText [red]here[/red].\n")
    (tmp_path / "bad.md").write_text("no front matter\n")
    app = make_app([tmp_path])
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        warning = app.reader.query_one("#problems")
        assert warning.display
        assert "bad.md:1" in str(warning.content)
        await pilot.press("escape")
        assert not warning.display


async def test_empty_corpus_explains_how_to_add_documents(tmp_path: Path) -> None:
    app = make_app([tmp_path])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "EmptyCorpusScreen"
        text = " ".join(str(w.content) for w in app.screen.query("Static"))
        assert "No documents" in text and "--texts" in text


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_markup_in_documents_is_shown_as_written(tmp_path: Path, size) -> None:
    hostile = "[bold red]not bold[/] [@click=app.quit]quit[/] [/] \\[x] :smile:"
    (tmp_path / "m.md").write_text(f"---\ntitle: '[b]T[/b]'\n---\n\n{hostile}\n")
    app = make_app([tmp_path])
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        view = app.reader.view
        lines = "".join(view.render_line(y).text for y in range(6))
        assert "[bold red]not bold[/]" in lines
        assert "[@click=app.quit]quit[/]" in lines
        assert ":smile:" in lines
        await pilot.click(view, offset=(20, 0))
        assert app.is_running


async def test_tiny_terminal_and_back_keeps_working() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.resize_terminal(20, 6)
        await pilot.pause()
        await pilot.press("j", "j", "x", "k")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        reader = app.reader
        assert reader.view.passage_id == f"{LEFT}:2"
        assert 0 <= reader.view.cursor_row() < reader.view.size.height


async def test_pasting_100_kb_into_search_gives_an_answer() -> None:
    from textual import events

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("slash")
        app.focused.post_message(events.Paste("korea " * 17_000))
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(reader.search_panel.query_one("#search-status").content)
        assert status and "Traceback" not in status
        await pilot.press("escape")
        assert not reader.search_open
        await pilot.press("j")
        assert reader.view.passage_id == f"{LEFT}:2"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_search_results_show_the_match_in_aligned_columns(tmp_path: Path, size) -> None:
    from rich.cells import cell_len

    (tmp_path / "short.md").write_text(
        "---\ntitle: Short\ndate: 2025-01-01\n---\n\n"
        + "Words before it. " * 12
        + "The security of the region.\n"
    )
    (tmp_path / "korean.md").write_text(
        "---\ntitle: 북한 러시아 군사협력 규탄 공동성명 전문과 관련 자료 모음\n---\n\n"
        + "대한민국 " * 30
        + "security matters.\n"
    )
    app = make_app([bundled_texts_dir(), tmp_path])
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("slash", *"security")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = reader.search_panel.results
        hits = reader.search_panel.hits
        assert len(hits) >= 4
        shown = min(len(hits), results.scrollable_content_region.height)
        columns = set()
        for y in range(shown):
            strip = results.render_line(y)
            line = strip.text.rstrip()
            assert cell_len(line) <= results.size.width
            hit = hits[y]
            start, end = hit.matches[0]
            word = reader.corpus.passage(hit.passage).text[start:end]
            assert word in line, (y, line)
            assert any(
                word in segment.text and segment.style and segment.style.reverse
                for segment in strip
            ), (y, line)
            columns.add(cell_len(line[: line.index("¶")]))
        assert len(columns) == 1  # the ¶ column lines up, whatever the title's length
        titles = [results.render_line(y).text for y in range(shown)]
        assert any("Short" in t for t in titles)
        long_titles = [t for t in titles if "Special Representative" in t]
        assert long_titles and all("…" in t for t in long_titles)
        # Narrower at 80 columns than at 120.
        column = columns.pop()
        assert column <= (28 if size[0] == 80 else 44)


async def test_search_hit_in_an_unshown_document_opens_in_the_other_pane(tmp_path: Path) -> None:
    extra = tmp_path / "third.md"
    extra.write_text("---\ntitle: Third\ndate: 2025-02-01\n---\n\nAbout zeppelins.\n\nTwo.\n")
    app = make_app([bundled_texts_dir(), extra])
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("slash", *"zeppelins")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        assert reader.pane(1).document.id == "third"
        assert reader.pane(1).view.passage_id == "third:1"
        assert reader.pane(0).document.id == LEFT
        assert app.focused is reader.pane(1).view


async def test_command_palette_runs_reader_commands() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"linked scrolling")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.reader.linked


async def test_command_palette_hints_use_the_loaded_keys_and_list_no_duplicates(
    private_dirs: Path,
) -> None:
    from textual.command import CommandList

    from tui.widgets.key_hints import KeyHints

    config = private_dirs / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "keys.yaml").write_text("keys:\n  search.open: ctrl+f\n  history.back: h\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        shown = app.screen.query_one(CommandList)
        prompts = [str(shown.get_option_at_index(i).prompt) for i in range(shown.option_count)]
        everything = "\n".join(prompts)
        search = next(p for p in prompts if p.startswith("Search passages"))
        assert "(ctrl+f)" in search and "(/)" not in search
        back = next(p for p in prompts if p.startswith("Back"))
        assert "(h)" in back and "(b" not in back
        names = [p.splitlines()[0] for p in prompts]
        assert "Switch colour theme" in names and "Show keys" in names
        assert "Theme" not in names and "Keys" not in names  # Textual's own, duplicates
        assert "Quit" in everything
        await pilot.press("escape")
        await pilot.pause()
        footer = app.reader.query_one(KeyHints).render_line(0).text
        assert "ctrl+f Search" in footer and "h Back" in footer
        await pilot.press("ctrl+f")  # the remapped key opens the search
        assert app.reader.search_open


async def test_links_panel_lists_the_current_passages_links_and_selecting_follows() -> None:
    from tui.widgets.links_panel import LinksPanel

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        await pilot.press("j")
        await pilot.pause(0.2)
        panel = reader.query_one(LinksPanel)
        links = reader.session.links_of(f"{LEFT}:2")
        assert [link.target for link in panel.links] == [link.target for link in links]
        # Clicking the last link's row follows it.
        panel.focus()
        panel.highlighted = panel.get_option_index(f"link-{len(links) - 1}")
        await pilot.press("enter")
        assert reader.pane(1).view.passage_id == links[-1].target
        assert app.focused is reader.pane(0).view


async def test_links_panel_fits_titles_with_an_ellipsis_and_tells_alike_titles_apart(
    tmp_path: Path,
) -> None:
    from rich.cells import cell_len

    from tui.widgets.links_panel import LinksPanel

    text = (
        "The ministers condemned the unlawful transfer of ballistic missiles and artillery "
        "shells and the deployment of troops, a flagrant violation of Security Council "
        "resolutions that threatens peace and stability on the Korean Peninsula."
    )
    prefix = "Joint Statement of the Foreign Ministers of the Group on the Situation in "
    for name, where, date in (("a", "Spring", "2024-03-01"), ("b", "Autumn", "2024-10-01")):
        (tmp_path / f"{name}.md").write_text(
            f"---\ntitle: {prefix}{where}\ndate: {date}\n---\n\n{text}\n\nOther words.\n"
        )
    (tmp_path / "k.md").write_text(
        "---\ntitle: 북한 러시아 군사협력 규탄 공동성명 전문과 관련 자료 모음 그리고 더 많은 "
        f"설명\ndate: 2024-11-01\n---\n\n{text}\n"
    )
    app = make_app([tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        panel = reader.query_one(LinksPanel)
        await pilot.pause(0.2)
        assert len(panel.links) == 2
        width = panel.content_region.width
        lines = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        heading = lines[0]
        assert heading.startswith("¶1 of Joint Statement") and heading.endswith(
            ": 2 cross-references"
        )
        assert "…:" in heading and " …" not in heading
        assert cell_len(heading) <= width
        rows = [line for line in lines if "¶1" in line and line is not heading]
        assert len(rows) == 2
        # The other statement of the same title prefix shows its date; the Korean title is cut
        # by cells, not characters.
        assert any("2024-10-01" in row for row in rows)
        korean = next(row for row in rows if "북한" in row)
        assert "…" in korean and " …" not in korean
        columns = {cell_len(row[: row.index(" ¶1")]) for row in rows}
        assert len(columns) == 1  # padded: the ¶ column lines up


async def test_command_palette_shows_markup_in_titles_as_written(tmp_path: Path) -> None:
    (tmp_path / "m.md").write_text(
        "---\ntitle: '[bold]Zq[/bold] [@click=app.quit]x[/]'\n"
        "issuer: '[red]Ministry'\n---\n\nText.\n"
    )
    app = make_app([tmp_path])
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open in right pane zq")
        await pilot.pause(0.5)
        from textual.command import CommandList

        shown = app.screen.query_one(CommandList)
        prompts = [str(shown.get_option_at_index(i).prompt) for i in range(shown.option_count)]
        assert any("[bold]Zq[/bold] [@click=app.quit]x[/]" in p for p in prompts)
        assert any("[red]Ministry" in p for p in prompts)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running


async def test_a_strange_state_file_falls_back_to_the_first_documents(private_dirs: Path) -> None:
    import json

    from tui.state import corpus_key

    state = private_dirs / "state"
    state.mkdir(parents=True, exist_ok=True)
    key = corpus_key([bundled_texts_dir()])
    entry = {"panes": [5, {"document": RIGHT, "passage": f"{LEFT}:3"}], "active": [1], "theme": 7}
    (state / "reader-state.json").write_text(json.dumps({"corpora": {key: entry}}))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        reader = app.reader
        assert reader.pane(0).view.passage_id == f"{RIGHT}:1"
        assert reader.active == 0


async def test_unusable_config_and_state_folders_do_not_stop_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home that cannot be written (a file where a folder should be): the reader opens,
    works and quits, and says why it could not remember its place instead of a traceback."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XREF_CONFIG_DIR", str(blocker / "config"))
    monkeypatch.setenv("XREF_STATE_DIR", str(blocker / "state"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("j")
        assert app.reader.view.passage_id == f"{LEFT}:2"
        await pilot.press("q")
    assert app.save_problem is not None and "not-a-folder" in app.save_problem


async def test_a_cold_start_builds_in_a_child_process_and_keys_move_meanwhile(
    tmp_path: Path,
) -> None:
    """Whoosh holds the GIL: the index and links are built by `xref index` in a child
    process (its progress relayed), the reader opens them warm when it ends."""
    texts = tmp_path / "texts"
    texts.mkdir()
    body = "\n\n".join(f"Paragraph {i} on DPRK sanctions and missile {i}." for i in range(4000))
    (texts / "long.md").write_text(f"---\ntitle: Long\n---\n\n{body}\n", encoding="utf-8")
    (texts / "short.md").write_text("---\ntitle: Short\n---\n\nDPRK missile sanctions.\n")
    app = make_app([texts])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(200):  # the worker starts shortly after the first frame
            if app.session.child is not None or app.reader.ready:
                break
            await pilot.pause(0.02)
        await pilot.press("j", "j", "j")
        assert app.reader.view.cursor == 3  # keys answered while the child builds
        await ready(app, pilot)
        assert app.session.child is not None and app.session.child.returncode == 0
        assert app.reader.ready and "ready" in app.reader.status_text
        outcome = app.session.search("missile 3999", limit=5)
        assert [h.passage for h in outcome.hits][:1] == ["long:4000"]
    assert app.session.engine_session.is_built()  # everything is in the cache for the next start


async def test_damage_a_search_reaches_is_rebuilt_and_the_search_answers() -> None:
    """The reader's search meets damage the checks on opening could not see: the index is
    rebuilt (in a child process) and the same search answers, with a notice."""
    from damage import damage_only_a_search_finds

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        damage_only_a_search_finds(app.corpus, "intertwined")
        outcome = app.session.search("intertwined")
        assert outcome.error is None, outcome.error
        assert {h.passage for h in outcome.hits} == {f"{LEFT}:2", f"{RIGHT}:4"}
        assert any("rebuilt" in notice for notice in app.session.notices)
