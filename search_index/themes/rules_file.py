"""Reading themes.yaml: each theme checked, every bad theme or rule a Problem with its line.

A theme's `match` rules are analysed like search queries (stems, spelling folds, aliases), so a
rule "North Korea" also tags a passage that says "DPRK". A broken theme or rule is reported with
its line and skipped; the other themes still apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..analysis import Analyzer
from ..corpus import Corpus, Problem, files_named
from ..corpus.cleaning import clean_text, strip_controls
from ..yamlfile import RuleTextError, YamlError, compose_yaml, load_yaml, read_rule_text
from .model import Theme
from .theme_set import ThemeSet

THEMES_FILE = "themes.yaml"
THEME_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_RULE_CHARS = 500


def _line(node: Any) -> int | None:
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def _mapping_get(node: Any, key: str) -> Any:
    import yaml  # here, not above: a command on a corpus without themes.yaml needs no YAML

    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v
    return None


def _theme_nodes(text: str) -> list[Any]:
    """The YAML nodes of the items of the 'themes' list, for line numbers."""
    import yaml

    root = compose_yaml(text)
    seq = _mapping_get(root, "themes")
    return list(seq.value) if isinstance(seq, yaml.SequenceNode) else []


def _item_line(node: Any, index: int) -> int | None:
    import yaml

    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return _line(node.value[index])
    return None


def _text_list(value: Any) -> list[str] | None:
    """A list of non-empty strings (a single string counts as a list of one), else None."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return None
    out = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            return None
        out.append(" ".join(strip_controls(str(item)).split()))
    return out


def parse_themes(
    text: str, source: str, corpus: Corpus | None, analyzer: Analyzer
) -> tuple[list[Theme], list[Problem]]:
    """Parse one themes.yaml; every bad theme or rule is a Problem with its line, and skipped."""
    problems: list[Problem] = []

    def problem(message: str, line: int | None) -> None:
        problems.append(Problem(source, message, line))

    text = clean_text(text)  # no control bytes reach a label printed on a terminal
    try:
        data = load_yaml(text)
    except YamlError as error:
        return [], [Problem(source, error.message, error.line)]
    if data is None:
        return [], []
    items = data.get("themes") if isinstance(data, Mapping) else None
    if items is None and isinstance(data, Mapping) and "themes" in data:
        return [], []
    if not isinstance(items, list):
        return [], [Problem(source, "expected a list 'themes:' of themes (- id: ...)", 1)]
    nodes = _theme_nodes(text)
    themes: list[Theme] = []
    seen: dict[str, int | None] = {}
    for index, item in enumerate(items):
        node = nodes[index] if index < len(nodes) else None
        line = _line(node)
        if not isinstance(item, Mapping):
            problem("a theme must be a mapping with id, label, description and match", line)
            continue
        theme_id = item.get("id")
        if not isinstance(theme_id, str) or not THEME_ID.match(theme_id):
            shown = "missing" if theme_id is None else repr(str(theme_id)[:40])
            problem(f"theme id {shown}: use lowercase letters, digits and -", line)
            continue
        if theme_id in seen:
            problem(f"duplicate theme id {theme_id!r} (first on line {seen[theme_id]})", line)
            continue
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            problem(f"theme {theme_id!r} needs a label (a short name)", line)
            continue
        description = item.get("description")
        if description is not None and not isinstance(description, str):
            problem(f"theme {theme_id!r}: description must be one line of text", line)
            continue
        description = description or ""
        if not description.strip():  # the theme still applies: the label names it
            problem(
                f"theme {theme_id!r} needs a description (one line saying what it is about)",
                _line(_mapping_get(node, "description")) or line,
            )
        unknown = sorted(set(map(str, item)) - {"id", "label", "description", "match", "passages"})
        if unknown:
            problem(f"theme {theme_id!r}: unknown key {unknown[0]!r} (ignored)", line)

        match_node = _mapping_get(node, "match")
        rules = _text_list(item.get("match", []) or [])
        good_rules: list[str] = []
        if rules is None:
            problem(
                f"theme {theme_id!r}: match must be a list of words or phrases",
                _line(match_node) or line,
            )
            rules = []
        for k, rule in enumerate(rules):
            rule_line = _item_line(match_node, k) or _line(match_node) or line
            if len(rule) > MAX_RULE_CHARS:
                problem(
                    f"theme {theme_id!r}: rule longer than {MAX_RULE_CHARS} characters", rule_line
                )
            elif not analyzer.terms(rule):
                problem(
                    f"theme {theme_id!r}: empty rule {rule[:40]!r} (only stop words or "
                    "punctuation: it can match nothing)",
                    rule_line,
                )
            else:
                good_rules.append(rule)

        include: list[str] = []
        exclude: list[str] = []
        passages = item.get("passages")
        passages_node = _mapping_get(node, "passages")
        if passages is not None:
            if not isinstance(passages, Mapping) or set(map(str, passages)) - {
                "include",
                "exclude",
            }:
                problem(
                    f"theme {theme_id!r}: passages must be a mapping with include: and/or "
                    "exclude: lists of passage ids",
                    _line(passages_node) or line,
                )
            else:
                for key, target in (("include", include), ("exclude", exclude)):
                    list_node = _mapping_get(passages_node, key)
                    ids = _text_list(passages.get(key, []) or [])
                    if ids is None:
                        problem(
                            f"theme {theme_id!r}: passages {key} must be a list of passage ids",
                            _line(list_node) or line,
                        )
                        continue
                    for k, pid in enumerate(ids):
                        id_line = _item_line(list_node, k) or _line(list_node) or line
                        if corpus is not None:
                            try:
                                corpus.passage(pid)
                            except KeyError:
                                problem(
                                    f"theme {theme_id!r}: unknown passage {pid[:60]!r} in "
                                    f"{key} (skipped)",
                                    id_line,
                                )
                                continue
                        target.append(pid)
        if not good_rules and not include:
            problem(
                f"theme {theme_id!r} has no usable match rule or included passage: it tags "
                "nothing (skipped)",
                line,
            )
            continue
        seen[theme_id] = line
        themes.append(
            Theme(
                id=theme_id,
                label=" ".join(strip_controls(label).split()),
                description=" ".join(strip_controls(description).split()),
                match=tuple(good_rules),
                include=tuple(include),
                exclude=tuple(exclude),
                source=source,
                line=line,
            )
        )
    return themes, problems


def unmatched_problems(themes: ThemeSet) -> list[Problem]:
    """A problem for each theme that tags no passage of the corpus: a rule that does not say
    what the documents say (a typo, another spelling) is otherwise silent. Tags every
    passage, so for `xref check`, not for a start."""
    tagged = {theme_id for ids in themes.tags.values() for theme_id in ids}
    return [
        Problem(theme.source, f"theme {theme.id!r} matches no passage", theme.line)
        for theme in themes.themes
        if theme.id not in tagged
    ]


def theme_files_for(corpus: Corpus) -> list[Path]:
    """themes.yaml of each corpus folder (the bundled folder for the bundled statements).

    Themes are about particular documents, so unlike aliases the bundled file does not apply
    to a user's own corpus."""
    return files_named(corpus.folders, THEMES_FILE)


def load_themes(paths: Iterable[Path], corpus: Corpus | None, analyzer: Analyzer) -> ThemeSet:
    """Merge themes files in order; a theme id already defined is a problem, not an override."""
    themes: list[Theme] = []
    problems: list[Problem] = []
    sources: list[Path] = []
    for path in paths:
        try:
            text = read_rule_text(path)
        except RuleTextError as error:
            problems.append(Problem(str(path), error.message, error.line))
            continue
        if text is None:
            continue
        sources.append(path)
        found, found_problems = parse_themes(text, str(path), corpus, analyzer)
        problems.extend(found_problems)
        known = {t.id for t in themes}
        for theme in found:
            if theme.id in known:
                problems.append(
                    Problem(str(path), f"theme {theme.id!r} already defined (skipped)", theme.line)
                )
                continue
            themes.append(theme)
    return ThemeSet(themes, problems, sources, corpus, analyzer)


def load_themes_for(corpus: Corpus, analyzer: Analyzer) -> ThemeSet:
    """The themes of a corpus, their rules analysed by `analyzer` (Session.open gives the one
    with the corpus's aliases)."""
    return load_themes(theme_files_for(corpus), corpus, analyzer)
