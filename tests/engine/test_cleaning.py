"""The cleaning rules: what the reader shows is exactly the document's text, minus anything
that could act on the terminal (escape sequences, control characters) or break offsets
(BOM, CR line ends, decomposed characters, tabs)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from search_index.corpus.cleaning import TAB_SIZE, clean_text, strip_controls

# Every character a terminal could act on: C0 controls except tab/newline, DEL, C1.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_bom_removed() -> None:
    assert clean_text("\ufeffHello") == "Hello"


def test_bom_inside_text_is_not_the_first_character_only() -> None:
    # Only a leading BOM is a byte-order mark; the text after it is kept whole.
    assert clean_text("\ufeff---\ntitle: x\n") == "---\ntitle: x\n"


def test_crlf_becomes_lf() -> None:
    assert clean_text("one\r\ntwo\r\n\r\nthree") == "one\ntwo\n\nthree"


def test_lone_cr_becomes_lf() -> None:
    assert clean_text("one\rtwo\r\rthree") == "one\ntwo\n\nthree"


def test_mixed_line_ends() -> None:
    assert clean_text("a\r\nb\rc\nd") == "a\nb\nc\nd"


def test_nfc_normalisation() -> None:
    decomposed = "Kvarnstro\u0308m"  # o + combining diaeresis
    cleaned = clean_text(decomposed)
    assert cleaned == "Kvarnström"
    assert unicodedata.is_normalized("NFC", cleaned)
    assert len(cleaned) == len(decomposed) - 1


def test_hangul_jamo_composed() -> None:
    assert clean_text("\u1100\u1161") == "가"


@pytest.mark.parametrize("code", [c for c in range(0x20) if c not in (0x09, 0x0A)] + [0x7F])
def test_c0_controls_and_del_removed(code: int) -> None:
    # (A non-ASCII neighbour, so that ESC is not read as the start of a two-byte sequence.)
    cleaned = clean_text(f"a{chr(code)}ü")
    # CR becomes a newline; every other control disappears.
    assert cleaned == ("a\nü" if code == 0x0D else "aü")


@pytest.mark.parametrize("code", range(0x80, 0xA0))
def test_c1_controls_removed(code: int) -> None:
    cleaned = clean_text(f"left {chr(code)}right")
    assert not FORBIDDEN.search(cleaned)
    assert cleaned.startswith("left ")


def test_newline_and_tab_kept_tab_expanded() -> None:
    assert clean_text("a\tb\nc") == "a" + " " * (TAB_SIZE - 1) + "b\nc"


def test_tab_expansion_aligns_to_columns() -> None:
    assert clean_text("\tx") == " " * TAB_SIZE + "x"
    assert clean_text("abcd\tx") == "abcd" + " " * TAB_SIZE + "x"
    assert "\t" not in clean_text("\t\t\t")


def test_csi_colour_sequence_removed_whole() -> None:
    assert clean_text("plain \x1b[31mred\x1b[0m plain") == "plain red plain"


def test_csi_with_parameters_and_private_marker_removed_whole() -> None:
    assert clean_text("a\x1b[?1049hb\x1b[38;5;196mc\x1b[2Jd") == "abcd"


def test_osc_clipboard_sequence_removed_whole_bel_terminated() -> None:
    assert clean_text("before\x1b]52;c;ZWNobyBwd25lZA==\x07after") == "beforeafter"


def test_osc_hyperlink_removed_whole_st_terminated() -> None:
    text = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ here"
    assert clean_text(text) == "click here"


def test_osc_title_change_removed() -> None:
    assert clean_text("x\x1b]0;pwned\x07y") == "xy"


def test_dcs_sequence_removed() -> None:
    assert clean_text("x\x1bPq#0;2;0;0;0\x1b\\y") == "xy"


def test_two_byte_escape_removed() -> None:
    # ESC c resets the terminal; ESC 7 / ESC 8 save and restore the cursor.
    assert clean_text("a\x1bcb") == "ab"
    assert not FORBIDDEN.search(clean_text("a\x1b7b\x1b8c"))


def test_c1_csi_sequence_removed_whole() -> None:
    assert clean_text("a\x9b31mb") == "ab"


def test_c1_osc_sequence_removed_whole() -> None:
    assert clean_text("a\x9d52;c;abc\x07b") == "ab"


def test_lone_escape_at_end_removed() -> None:
    assert clean_text("end\x1b") == "end"


def test_unterminated_osc_leaves_no_control() -> None:
    cleaned = clean_text("start\x1b]52;c;AAAA")
    assert not FORBIDDEN.search(cleaned)
    assert cleaned.startswith("start")


def test_markup_like_text_kept_verbatim() -> None:
    # Cleaning is about the terminal, not about markup: brackets are data and stay.
    text = "[@click=app.quit]Quit[/] [bold red]x[/bold red] [/]"
    assert clean_text(text) == text


def test_ordinary_unicode_untouched() -> None:
    text = "바로가기 — “DPRK” ‘Kvarnström’ 2024 € 中文 😀"
    assert clean_text(text) == text


def test_strip_controls_keeps_newline_and_tab() -> None:
    assert strip_controls("a\tb\nc\x00d\x1b[1me") == "a\tb\ncde"


def test_clean_text_is_idempotent() -> None:
    messy = "\ufeffa\r\nb\tc\x1b[31md\x9b1me\x00f\u0065\u0301"
    once = clean_text(messy)
    assert clean_text(once) == once
    assert not FORBIDDEN.search(once)


def test_mojibake_c1_quote_does_not_eat_the_rest_of_the_document() -> None:
    # '”' read as cp1252 is 'â€\x9d': the stray C1 goes, every word after it stays.
    text = "He said â€œhelloâ€\x9d and left.\n\nNext paragraph.\n\nThird."
    assert clean_text(text) == "He said â€œhelloâ€ and left.\n\nNext paragraph.\n\nThird."


def test_latin1_mojibake_between_quotes_keeps_every_word() -> None:
    text = "â\x80\x9chelloâ\x80\x9d said he. â\x80\x9cHiâ\x80\x9d"
    assert clean_text(text) == "âhelloâ said he. âHiâ"


def test_stray_osc_or_dcs_introducer_keeps_the_following_text() -> None:
    assert clean_text("junk \x1b]x then text\n\nNext paragraph.") == (
        "junk x then text\n\nNext paragraph."
    )
    assert clean_text("junk \x1bP then text\n\nNext.") == "junk  then text\n\nNext."


def test_osc_not_ended_on_its_line_does_not_swallow_later_lines() -> None:
    cleaned = clean_text("a\x1b]0;title\nsecond line\x07 end")
    assert "second line" in cleaned and " end" in cleaned
    assert not FORBIDDEN.search(cleaned)


def test_c1_osc_with_st_terminator_removed_whole() -> None:
    assert clean_text("a\x9d0;title\x9cb \x9d8;;u\x1b\\c") == "ab c"


def test_nfc_applies_after_controls_are_removed() -> None:
    assert clean_text("e\x00\u0301") == "é"
    assert clean_text("e\x1b[1m\u0301") == "é"
