"""A Korean release beside its English version in the reader: the links panel lists the
translation link as such, and following it marks the aligned words in both panes."""

from __future__ import annotations

from pathlib import Path

from search_index import load_corpus
from tests.reader.test_snapshots import settle
from tui.app import XrefApp

ROOT = Path(__file__).resolve().parents[2]
PATHS = [ROOT / "tests/data/korean/mofa-kim-gunn-eu-psc-ko.md", ROOT / "texts/kim-gunn-eu-psc.md"]
KO, EN = "mofa-kim-gunn-eu-psc-ko", "kim-gunn-eu-psc"


def make_app() -> XrefApp:
    return XrefApp(load_corpus(PATHS), PATHS)


async def test_following_a_translation_link_marks_the_aligned_words_in_both_panes() -> None:
    from tui.widgets.links_panel import LinksPanel

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reader = app.reader
        assert [pane.document.id for pane in reader.panes] == [EN, KO]
        await pilot.press("l")  # fold the links panel away, then open it again
        assert not reader.query_one("#side").display
        await pilot.press("l", "j")  # para. 2: Russia and North Korea, the UN Security Council
        await pilot.pause(0.2)
        panel = reader.query_one(LinksPanel)
        assert reader.query_one("#side").display
        rows = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert "Translation" in rows  # the group heading
        (row,) = [r for r in rows if "[translation]" in r]
        assert "¶2" in row
        await pilot.press("x")
        assert reader.pane(1).view.passage_id == f"{KO}:2"
        assert "translation" in reader.status_text

        def marked(pane: int) -> set[str]:
            return {
                reader.corpus.passage(h.passage_id).text[h.start : h.end]
                for h in reader.pane(pane).view.highlights
                if h.kind == "alias"
            }

        assert {"Russia", "North Korea", "UN Security Council", "Indo-Pacific"} <= marked(0)
        assert {"러북", "안보리", "인태", "유럽"} <= marked(1)


def test_translation_link_followed(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "x")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)
