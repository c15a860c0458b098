"""Every key binding of the reader, with an id, and the user's remapping from keys.yaml.

Why ids: users remap keys by id in `config_dir()/keys.yaml`, e.g.

    keys:
      history.back: b, alt+left
      link.follow: [x, enter]

An entry that cannot be used (unknown id, empty or malformed key) is reported with its line
and the default is kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from search_index import Problem
from search_index.yamlfile import YamlError, load_yaml, read_rule_file

KEYS_FILE = "keys.yaml"
MAX_KEYS_PER_BINDING = 8
"""Keys for one binding: Textual checks every key of every binding on each key press, and
50,000 keys for one binding left the reader at full CPU, deaf to j and q."""


class KeySpec(NamedTuple):
    """One binding: its id, default keys, action and where it applies. A named tuple: a
    frozen slots dataclass cost every start ~1 ms to define."""

    id: str
    keys: str
    action: str
    description: str
    show: bool = False
    where: str = "reader"
    """'reader' (main screen), 'view' (a document pane), 'themes' (the theme browser) or 'app'
    (everywhere)."""
    priority: bool = False
    """Run when the app reads the key, before it goes to the focused widget (see search.open)."""


SPECS: tuple[KeySpec, ...] = (
    KeySpec("passage.next", "j,down", "cursor_down", "Next passage", where="view"),
    KeySpec("passage.previous", "k,up", "cursor_up", "Previous passage", where="view"),
    KeySpec("passage.page_down", "pagedown", "page_down", "Page down", where="view"),
    KeySpec("passage.page_up", "pageup", "page_up", "Page up", where="view"),
    KeySpec("passage.first", "g,home", "first", "First passage", where="view"),
    KeySpec("passage.last", "G,end", "last", "Last passage", where="view"),
    KeySpec("pane.switch", "tab", "switch_pane", "Switch pane", show=True),
    KeySpec("link.follow", "x,enter", "follow_link", "Follow best link", show=True),
    KeySpec("link.next", "right_square_bracket", "next_link", "Next link"),
    KeySpec("link.previous", "left_square_bracket", "previous_link", "Previous link"),
    KeySpec("history.back", "b,alt+left,backspace", "back", "Back", show=True),
    KeySpec("history.forward", "f,alt+right", "forward", "Forward"),
    KeySpec("scroll.linked", "s", "toggle_linked", "Linked scrolling", show=True),
    KeySpec("links.toggle", "l", "toggle_links", "Hide / show the links panel"),
    # A priority binding: the search field has the focus before the keys typed right after the
    # slash are delivered, so a burst ('/north' pasted or typed fast) lands in the field.
    KeySpec("search.open", "slash", "search", "Search", show=True, priority=True),
    KeySpec("hit.next", "n", "next_hit", "Next hit"),
    KeySpec("hit.previous", "N", "previous_hit", "Previous hit"),
    KeySpec("themes.open", "t", "themes", "Themes", show=True),
    KeySpec("document.open", "o", "open_document", "Open document", show=True),
    KeySpec("passage.copy", "c", "copy", "Copy with citation", show=True),
    KeySpec("source.copy", "u", "copy_source", "Copy citation and URL"),
    KeySpec("compare.open", "d", "compare", "Compare word by word"),
    KeySpec("note.edit", "a", "note", "Note on passage"),
    KeySpec("report.write", "r", "report", "Write a report"),
    KeySpec("themes.drift", "d", "drift", "Theme wording over time", where="themes"),
    KeySpec("reader.escape", "escape", "escape", "Close search / clear highlights"),
    KeySpec("app.help", "question_mark,f1", "help", "Keys", show=True, where="app"),
    KeySpec("app.quit", "q", "quit", "Quit", show=True, where="app"),
)
BY_ID = {spec.id: spec for spec in SPECS}

_KEY = re.compile(r"^(?:(?:ctrl|alt|shift|meta|super|hyper)\+)*(?:[a-z0-9_]+|[!-~])$", re.I)


def _key_list(value: object) -> list[str] | None:
    """The keys of an entry, or None if any is malformed (checked before counting, so a
    bad entry says 'bad keys' whatever its length)."""
    if isinstance(value, str):
        keys = [k.strip() for k in value.split(",")]
    elif isinstance(value, list) and all(isinstance(k, str) for k in value):
        keys = [k.strip() for k in value]
    else:
        return None
    if not keys or any(not k or not _KEY.match(k) for k in keys):
        return None
    return keys


_ENTRY = re.compile(r"^\s*['\"]?([^'\"\s:]+)['\"]?\s*:")


def _entry_lines(text: str) -> dict[str, int]:
    """The first line of each binding id, read once: searching the text again for every entry
    was quadratic (50,000 unknown ids took minutes)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = _ENTRY.match(line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def parse_keymap(text: str, source: str) -> tuple[dict[str, str], list[Problem]]:
    """Binding id -> 'key1,key2' for every usable entry; a Problem for every other one."""
    problems: list[Problem] = []
    try:
        data = load_yaml(text)
    except YamlError as error:
        return {}, [Problem(source, f"{error.message}; default keys kept", error.line)]
    if data is None:
        return {}, []
    if isinstance(data, dict) and isinstance(data.get("keys"), dict):
        data = data["keys"]
    if not isinstance(data, dict):
        return {}, [Problem(source, "expected a mapping 'keys:' of binding ids to keys", 1)]
    keymap: dict[str, str] = {}
    lines = _entry_lines(text)
    for binding_id, value in data.items():
        line = lines.get(str(binding_id))
        if str(binding_id) not in BY_ID:
            problems.append(
                Problem(source, f"unknown binding id {str(binding_id)[:40]!r}; ignored", line)
            )
            continue
        keys = _key_list(value)
        if keys is None:
            problems.append(
                Problem(
                    source,
                    f"bad keys {str(value)[:40]!r} for {binding_id}: use key names such as "
                    "'x', 'ctrl+f' or 'f5'; default kept",
                    line,
                )
            )
            continue
        if len(keys) > MAX_KEYS_PER_BINDING:
            problems.append(
                Problem(
                    source,
                    f"{len(keys):,} keys for {binding_id}: at most {MAX_KEYS_PER_BINDING} are "
                    "allowed; default kept",
                    line,
                )
            )
            continue
        keymap[str(binding_id)] = ",".join(keys)
    return keymap, problems


def load_keymap(folder: Path | None = None) -> tuple[dict[str, str], list[Problem]]:
    """Read keys.yaml from the config folder (if there is one)."""
    if folder is None:
        from search_index.paths import config_dir

        folder = config_dir()
    path = folder / KEYS_FILE
    try:
        text = read_rule_file(path).decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        return {}, [Problem(str(path), f"cannot be read ({reason}); default keys kept")]
    return parse_keymap(text, str(path))


def display_keys(keys: str) -> str:
    """'question_mark,f1' -> '? / F1' for the help screen."""
    names = {
        "question_mark": "?",
        "slash": "/",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "pagedown": "PgDn",
        "pageup": "PgUp",
        "escape": "Esc",
        "backspace": "Backspace",
        "enter": "Enter",
        "tab": "Tab",
        "home": "Home",
        "end": "End",
        "down": "↓",
        "up": "↑",
    }
    out = []
    for key in keys.split(","):
        parts = key.split("+")
        parts[-1] = names.get(parts[-1], parts[-1].upper() if len(parts[-1]) == 2 else parts[-1])
        out.append("+".join(parts))
    return " / ".join(out)


def bindings(where: str) -> list:
    """Textual Binding objects (with ids) for one place: 'view', 'reader' or 'app'."""
    from textual.binding import Binding

    return [
        Binding(
            spec.keys,
            spec.action,
            spec.description,
            show=spec.show,
            id=spec.id,
            priority=spec.priority,
        )
        for spec in SPECS
        if spec.where == where
    ]
