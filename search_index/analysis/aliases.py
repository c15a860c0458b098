"""Alias groups: several names for one thing (DPRK / North Korea / ...), from aliases.yaml.

The bundled aliases always apply (they are general knowledge); an aliases.yaml in a folder
given with --texts adds groups or names. A broken rule is reported with its line and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus import Corpus, Problem, bundled_texts_dir, files_named
from ..corpus.cleaning import clean_text
from ..yamlfile import RuleTextError, YamlError, compose_yaml, load_yaml, read_rule_text

ALIASES_FILE = "aliases.yaml"
GROUP_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_GROUP_NAMES = 200
"""Names in one group: a real group has a handful (DPRK has four). Every name is a branch of
the alias matcher and of the query parser's alias pattern; a group of 60,000 names made every
command take 40 s, so a larger group is refused with a problem line."""
MAX_ALIAS_NAMES = 10_000
"""Names in all groups of all alias files together; groups past it are refused."""


@dataclass(slots=True)
class AliasTable:
    """Alias groups by id, each a list of names as written in aliases.yaml."""

    groups: dict[str, list[str]] = field(default_factory=dict)

    def add(self, group_id: str, names: Iterable[str]) -> None:
        """Add names to a group (made if new); a name already there is not repeated."""
        known = self.groups.setdefault(group_id, [])
        present = set(known)  # a set: testing the list made adding quadratic
        for name in names:
            if name not in present:
                present.add(name)
                known.append(name)


@dataclass(slots=True)
class LoadedAliases:
    """The merged alias table of a corpus, with the bad rules skipped and the files read."""

    table: AliasTable
    problems: list[Problem]
    sources: list[Path]
    """The aliases.yaml files read, in order: part of the index fingerprint."""


def _node_lines(text: str) -> dict[str, int]:
    """Line of each group id in the 'aliases' mapping, for problem reports."""
    import yaml

    root = compose_yaml(text)
    lines: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if getattr(key, "value", None) == "aliases" and isinstance(value, yaml.MappingNode):
                for group_key, _ in value.value:
                    lines[str(group_key.value)] = group_key.start_mark.line + 1
    return lines


def parse_aliases(text: str, source: str) -> tuple[AliasTable, list[Problem]]:
    """Parse one aliases.yaml; invalid groups become problems and are skipped."""
    table = AliasTable()
    problems: list[Problem] = []
    try:
        data = load_yaml(clean_text(text))
    except YamlError as error:
        return table, [Problem(source, error.message, error.line)]
    if data is None:
        return table, problems
    groups = data.get("aliases") if isinstance(data, Mapping) else None
    if not isinstance(groups, Mapping):
        return table, [Problem(source, "expected a mapping 'aliases:' of group ids to names", 1)]
    lines = _node_lines(text)
    for group_id, names in groups.items():
        line = lines.get(str(group_id))
        if not isinstance(group_id, str) or not GROUP_ID.match(group_id):
            problems.append(
                Problem(source, f"bad alias group id {str(group_id)[:40]!r}: use a-z, 0-9, -", line)
            )
            continue
        if not isinstance(names, list) or not names:
            problems.append(
                Problem(source, f"alias group {group_id!r} needs a list of names", line)
            )
            continue
        # A number is a name as written (resolution 1540); yes/no and lists are not names.
        good = [
            str(n).strip()
            for n in names
            if isinstance(n, str | int | float) and not isinstance(n, bool) and str(n).strip()
        ]
        if len(good) != len(names):
            problems.append(
                Problem(source, f"alias group {group_id!r}: every name must be text", line)
            )
            continue
        if len(good) < 2:
            problems.append(
                Problem(source, f"alias group {group_id!r} needs at least two names", line)
            )
            continue
        if len(good) > MAX_GROUP_NAMES:
            problems.append(
                Problem(
                    source,
                    f"alias group {group_id!r} has {len(good):,} names; at most "
                    f"{MAX_GROUP_NAMES} are allowed (group skipped)",
                    line,
                )
            )
            continue
        table.add(group_id, good)
    return table, problems


def _parsed(text: str, source: str) -> tuple[AliasTable, list[Problem]]:
    """parse_aliases, remembered between runs for the same text (no YAML parsed then)."""
    import sys

    from .. import rules_cache, yamlfile
    from ..corpus import cleaning

    def parse() -> dict[str, Any]:
        table, problems = parse_aliases(text, source)
        return {
            "groups": table.groups,
            "problems": [[p.path, p.message, p.line] for p in problems],
        }

    code = (sys.modules[__name__], yamlfile, cleaning)
    data = rules_cache.remembered("aliases", source, text, code, parse)
    try:
        groups = {str(k): [str(n) for n in v] for k, v in data["groups"].items()}
        problems = [Problem(str(p), str(m), line) for p, m, line in data["problems"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return parse_aliases(text, source)
    return AliasTable(groups), problems


def load_aliases(paths: Iterable[Path]) -> LoadedAliases:
    """Merge alias files in order; unreadable files are problems, not errors."""
    table = AliasTable()
    problems: list[Problem] = []
    sources: list[Path] = []
    total = 0
    for path in paths:
        try:
            text = read_rule_text(path)
        except RuleTextError as error:
            problems.append(Problem(str(path), error.message, error.line))
            continue
        if text is None:
            continue
        sources.append(path)
        parsed, found = _parsed(text, str(path))
        problems.extend(found)
        skipped = []
        for group_id, names in parsed.groups.items():
            if skipped or total + len(names) > MAX_ALIAS_NAMES:
                skipped.append(group_id)
                continue
            total += len(names)
            table.add(group_id, names)
        if skipped:  # one line, however many groups: the cap is there to keep things quick
            problems.append(
                Problem(
                    str(path),
                    f"more than {MAX_ALIAS_NAMES:,} alias names in all: {len(skipped):,} "
                    f"groups skipped from {skipped[0]!r} on",
                )
            )
    return LoadedAliases(table, problems, sources)


def alias_files_for(corpus: Corpus) -> list[Path]:
    """The bundled aliases first, then each corpus folder's own, without repeats."""
    return files_named([bundled_texts_dir(), *corpus.folders], ALIASES_FILE)


def load_aliases_for(corpus: Corpus) -> LoadedAliases:
    """The aliases that apply to a corpus: the bundled ones and its folders' own."""
    return load_aliases(alias_files_for(corpus))
