"""Text cleaning applied to every document as it is read.

Document text is data that ends up on a terminal: anything that could act as a control
sequence is removed here, once, so no later layer has to remember to do it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

TAB_SIZE = 4

# C0 controls except tab and newline, DEL, and the C1 range (0x80-0x9f), which terminals
# honour as 8-bit escape introducers (CSI = 0x9b, OSC = 0x9d).
# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) go too: a
# terminal obeys them, so "\u202eeman" printed as "name" reversed disguises a title or a name.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# A 7-bit escape sequence (CSI, OSC, DCS ... up to its terminator) is removed whole, so its
# parameters do not linger in the text as garbage like "[31m". A string sequence (OSC, DCS)
# counts only if it ends on the same line: a stray ESC ] must not swallow the rest of the
# document (only the introducer goes, by the last branch).
#
# These and _unprintable are compiled when first needed: most texts have no escape or C1
# character, and a search prints no message (compiling them all was 1 ms of `xref search`).
@cache
def _escape_sequence() -> re.Pattern[str]:
    return re.compile(
        r"\x1b(?:"
        r"\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
        r"|\][^\x07\x1b\n]*(?:\x07|\x1b\\)"  # OSC ... BEL or ST
        r"|[PX^_][^\x1b\n]*\x1b\\"  # DCS / SOS / PM / APC ... ST
        r"|[ -/]*[0-~]"  # other escapes: ESC c (reset), ESC 7, ESC ( B ... (nF, Fp, Fe, Fs)
        r")"
    )


# 8-bit string sequences: printable ASCII up to BEL or ST. Scraped text has C1 characters
# from mojibake ('â€\x9d' is a closing quote read as cp1252); those must not eat the text.
@cache
def _c1_sequences() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The 8-bit string sequences and the 8-bit CSI."""
    return (
        re.compile(r"[\x90\x98\x9d\x9e\x9f][\x20-\x7e]*(?:\x07|\x9c|\x1b\\)"),
        re.compile(r"\x9b[0-?]*[ -/]*[@-~]"),
    )


_C1_ANY = re.compile(r"[\x80-\x9f]")


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters, keeping newline and tab."""
    if _C1_ANY.search(text):  # a regex, not a Python loop: 10x faster on a 5 MB document
        c1_string, c1_csi = _c1_sequences()
        text = c1_csi.sub("", c1_string.sub("", text))
    if "\x1b" in text:
        text = _escape_sequence().sub("", text)
    return _CONTROL.sub("", text)


def clean_text(text: str) -> str:
    """Return text as the reader shows it: no BOM, LF line ends, NFC, no controls, no tabs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Controls go before NFC: 'e', NUL, combining acute must compose to 'é'.
    text = unicodedata.normalize("NFC", strip_controls(text))
    if text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")  # every leading one: cleaning twice changes nothing
    if "\t" in text:
        text = text.expandtabs(TAB_SIZE)
    return text


@cache
def _unprintable() -> re.Pattern[str]:
    return re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        code -= 0xDC00
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """One terminal-safe line for a message: controls, line breaks and raw bytes as \\xNN.

    File names and command-line arguments are not cleaned like document text, but they end
    up in problem reports and error messages printed to the terminal.
    """
    return _unprintable().sub(_escape_char, text)
