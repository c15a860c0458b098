"""Safe YAML loading for front matter, aliases and themes.

YAML comes from documents and shared folders, so it is untrusted: only the safe loader,
no aliases (a few lines of anchors can expand to gigabytes), and a size cap.
"""

from __future__ import annotations

import os
import re
import stat
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

MAX_YAML_BYTES = 1_000_000
MAX_FLOW_DEPTH = 100
"""Nested [ and { beyond this are refused before parsing: PyYAML's pure-Python scanner is
quadratic in the nesting depth (10,000 levels took 20 s)."""
MAX_DEPTH = 100
"""Nested mappings and lists (indented blocks too) beyond this are refused while scanning the
events, before anything is built: PyYAML's composer and constructor recurse once per level,
and 500 indented levels raised RecursionError in every command."""
_FLOW_BRACKET = re.compile(r"[\[\]{}]")


class YamlError(ValueError):
    """A YAML text that cannot be used, with the 1-based line of the problem if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _mark_line(error: yaml.YAMLError) -> int | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def _event_line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark else None


def _first_line(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None)
    context = getattr(error, "context", None)
    text = problem or context or str(error)
    return " ".join(str(text).split())


@cache
def _loaders() -> tuple[Any, Any]:
    """(the safe loader, its subclass used to load) made on first use: PyYAML costs 8 ms to
    import, and a warm start, whose documents come from the cache, parses no YAML.

    The safe loader is libyaml's (CSafeLoader: the same safe constructor, 15 times faster
    than the pure-Python scanner) where PyYAML has it. In the subclass an impossible date
    (2024-13-45) is kept as the text written, so the field's own check reports it ('bad
    date') instead of the whole file failing."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class SafeLoader(base):  # type: ignore[misc, valid-type]
        pass

    def construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError, AttributeError):  # AttributeError: !!timestamp x
            return str(node.value)

    SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    return base, SafeLoader


def _check_flow_depth(text: str) -> None:
    depth = 0
    for match in _FLOW_BRACKET.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                raise YamlError(
                    f"YAML nested too deeply (more than {MAX_FLOW_DEPTH} levels of [ or {{)", line
                )
        elif depth:
            depth -= 1


def load_yaml(text: str) -> Any:
    """Parse YAML text safely; raise YamlError with a one-line reason and a line number."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise YamlError(f"YAML larger than {MAX_YAML_BYTES // 1000} kB")
    _check_flow_depth(text)
    import yaml

    base_loader, safe_loader = _loaders()
    try:
        depth = 0
        for event in yaml.parse(text, Loader=base_loader):
            if isinstance(event, yaml.AliasEvent):
                raise YamlError("YAML aliases (*name) are not allowed", _event_line(event))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(
                        f"YAML nested too deeply (more than {MAX_DEPTH} levels)", _event_line(event)
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.load(text, Loader=safe_loader)  # SafeLoader subclass: still safe
    except yaml.constructor.ConstructorError as error:
        tag = getattr(error, "problem", "") or ""
        raise YamlError(
            f"unsupported YAML tag: {' '.join(tag.split())}", _mark_line(error)
        ) from None
    except yaml.YAMLError as error:
        raise YamlError(f"not valid YAML: {_first_line(error)}", _mark_line(error)) from None
    except YamlError:
        raise
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError, IndexError) as error:
        # PyYAML's constructors raise these for explicit tags on bad values: !!bool x, !!int ''.
        reason = " ".join(str(error).split()) or type(error).__name__
        raise YamlError(f"not valid YAML: a value cannot be read ({reason[:80]})") from None
    except RecursionError:
        raise YamlError("YAML nested too deeply") from None


def compose_yaml(text: str) -> Any:
    """The node tree of a text load_yaml accepted (for line numbers), or None if it has none.

    With libyaml's composer where there is one: the pure-Python one took 3 s on a 1 MB
    aliases.yaml, and every command reads the rules files."""
    import yaml

    try:
        return yaml.compose(text, Loader=_loaders()[0])
    except (yaml.YAMLError, RecursionError):
        return None


class RuleFileError(OSError):
    """A rules file (aliases.yaml, themes.yaml, keys.yaml) that is not a readable small file."""


def read_rule_file(path: Path) -> bytes:
    """The bytes of a rules file, refusing what would hang or exhaust memory.

    A FIFO named themes.yaml would block a plain read forever and /dev/zero would fill
    memory: open without blocking, accept only a regular file, read at most the YAML cap.
    FileNotFoundError passes through (a missing rules file is normal)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        problem = not_a_file(os.fstat(fd))
    except OSError:
        os.close(fd)
        raise
    if problem:
        os.close(fd)
        raise RuleFileError(problem)
    with os.fdopen(fd, "rb") as handle:  # closes fd
        data = handle.read(MAX_YAML_BYTES + 1)
    if len(data) > MAX_YAML_BYTES:
        raise RuleFileError(f"larger than {MAX_YAML_BYTES // 1000} kB")
    return data


class RuleTextError(Exception):
    """Why a rules file's text cannot be read, with the line where that is known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def read_rule_text(path: Path) -> str | None:
    """A rules file's text, or None when there is no such file (a missing one is normal).

    One reading for aliases, themes and similar wording, so each reports an unreadable or
    non-UTF-8 file the same way (RuleTextError: its message and line)."""
    try:
        raw = read_rule_file(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise RuleTextError(f"cannot be read: {error.strerror or error}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise RuleTextError("not UTF-8 text", line) from None


def not_a_file(info: os.stat_result) -> str | None:
    """Why something is not a file to read (a folder, a FIFO, a device), or None."""
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    return None
