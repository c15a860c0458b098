"""Similar wording: near-synonyms of policy statements, from paraphrases.yaml.

Statements that make the same claim often do it in other words ("closely interconnected" /
"closely intertwined", "troops" / "military personnel", "munitions" / "ammunition"). Exact
terms cannot see that, so a vocabulary of near-synonym groups adds one feature per group to
the link build (at a lower weight than a shared word) and one "similar wording" item to the
evidence. The bundled texts/paraphrases.yaml always applies; a paraphrases.yaml in a folder
given with --texts adds groups or words, as aliases.yaml does. A broken rule is reported with
its file and line and skipped (`xref check` lists them); the others apply.

Nothing here imports NumPy: the session loads the vocabulary without opening the links.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analysis import Analyzer
from ..corpus import Corpus, Problem, bundled_texts_dir, files_named
from ..corpus.cleaning import clean_text
from ..yamlfile import RuleTextError, YamlError, compose_yaml, load_yaml, read_rule_text

PARAPHRASES_FILE = "paraphrases.yaml"
GROUP_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_MEMBER_TERMS = 2
"""Words of one entry once stop words are left out: the build matches one term or a pair of
adjacent terms (vectorised); "return to diplomacy" is two, "weapons of mass destruction" is
three and refused (an alias is the tool for a name that long)."""
MAX_GROUP_WORDS = 50
MAX_WORDS = 5_000
"""Entries in all groups of all files together; groups past it are refused."""


@dataclass(slots=True)
class Vocabulary:
    """Near-synonym groups by id, each a list of entries as written in paraphrases.yaml."""

    groups: dict[str, list[str]] = field(default_factory=dict)
    lines: dict[str, int | None] = field(default_factory=dict)
    """Where each group was written (for the problem of a group left with one word)."""

    def add(self, group_id: str, words: Iterable[str]) -> None:
        known = self.groups.setdefault(group_id, [])
        present = {w.casefold() for w in known}
        for word in words:
            if word.casefold() not in present:
                present.add(word.casefold())
                known.append(word)

    @property
    def digest(self) -> str:
        """What the links depend on (part of the link cache key)."""
        h = hashlib.sha256()
        for group_id in sorted(self.groups):
            h.update(f"{group_id}\t{'|'.join(self.groups[group_id])}\n".encode())
        return h.hexdigest()[:16]

    def compile(self, analyzer: Analyzer) -> dict[tuple[str, ...], tuple[str, ...]]:
        """Term sequences (one or two terms) -> the groups they belong to.

        An entry is analysed as passages are (stems, spellings), so "intertwined" also meets
        "intertwining"; one whose terms are an alias name is left out (aliases are matched
        apart, as the same name)."""
        out: dict[tuple[str, ...], list[str]] = {}
        for group_id, words in self.groups.items():
            for word in words:
                terms = tuple(analyzer.terms(word))
                if not terms or len(terms) > MAX_MEMBER_TERMS:
                    continue
                found = out.setdefault(terms, [])
                if group_id not in found:
                    found.append(group_id)
        return {terms: tuple(groups) for terms, groups in out.items()}


@dataclass(slots=True)
class LoadedVocabulary:
    """The merged vocabulary of a corpus, with the bad rules skipped and the files read."""

    vocabulary: Vocabulary
    problems: list[Problem]
    sources: list[Path]


def _lines(text: str) -> dict[tuple[str, int], int]:
    """Line of each group id (key (id, -1)) and of each entry ((id, k)), for problem reports."""
    root = compose_yaml(text)
    lines: dict[tuple[str, int], int] = {}
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        return lines
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        if getattr(key, "value", None) != "similar" or not isinstance(value, yaml.MappingNode):
            continue
        for group_key, group_value in value.value:
            gid = str(group_key.value)
            lines[(gid, -1)] = group_key.start_mark.line + 1
            if isinstance(group_value, yaml.SequenceNode):
                for k, item in enumerate(group_value.value):
                    lines[(gid, k)] = item.start_mark.line + 1
    return lines


def parse_vocabulary(
    text: str, source: str, analyzer: Analyzer | None = None
) -> tuple[Vocabulary, list[Problem]]:
    """Parse one paraphrases.yaml; invalid groups or entries become problems and are skipped.

    With an analyzer, an entry of stop words only ("the") or of more than MAX_MEMBER_TERMS
    words is a problem too: it would silently never match."""
    vocabulary = Vocabulary()
    problems: list[Problem] = []
    try:
        data = load_yaml(clean_text(text))
    except YamlError as error:
        return vocabulary, [Problem(source, error.message, error.line)]
    if data is None:
        return vocabulary, problems
    groups = data.get("similar") if isinstance(data, Mapping) else None
    if not isinstance(groups, Mapping):
        message = "expected a mapping 'similar:' of group ids to lists of words"
        return vocabulary, [Problem(source, message, 1)]
    lines = _lines(text)
    for group_id, words in groups.items():
        gid = str(group_id)
        line = lines.get((gid, -1))
        if not isinstance(group_id, str) or not GROUP_ID.match(group_id):
            problems.append(
                Problem(source, f"bad similar-wording group id {gid[:40]!r}: use a-z, 0-9, -", line)
            )
            continue
        if not isinstance(words, list) or not words:
            problems.append(Problem(source, f"group {gid!r} needs a list of words", line))
            continue
        good: list[str] = []
        for k, word in enumerate(words):
            where = lines.get((gid, k), line)
            if not isinstance(word, str) or not word.strip():
                problems.append(
                    Problem(source, f"group {gid!r}: entry {k + 1} must be text", where)
                )
                continue
            word = " ".join(word.split())
            if analyzer is not None:
                terms = analyzer.terms(word)
                if not terms:
                    problems.append(
                        Problem(
                            source,
                            f"group {gid!r}: {word[:40]!r} has only stop words, never matches",
                            where,
                        )
                    )
                    continue
                if len(terms) > MAX_MEMBER_TERMS:
                    problems.append(
                        Problem(
                            source,
                            f"group {gid!r}: {word[:40]!r} has {len(terms)} words besides stop "
                            f"words; at most {MAX_MEMBER_TERMS} (use aliases.yaml for a name)",
                            where,
                        )
                    )
                    continue
            good.append(word)
        if len(good) > MAX_GROUP_WORDS:
            problems.append(
                Problem(
                    source,
                    f"group {gid!r} has {len(good)} words; at most {MAX_GROUP_WORDS} "
                    "(group skipped)",
                    line,
                )
            )
            continue
        if good:  # one word may extend a group of the same id in another file
            vocabulary.add(gid, good)
            vocabulary.lines.setdefault(gid, line)
    return vocabulary, problems


def load_vocabulary(paths: Iterable[Path], analyzer: Analyzer | None = None) -> LoadedVocabulary:
    """Merge paraphrases.yaml files in order; unreadable files are problems, not errors.

    A folder's group with the id of a bundled one adds words to it."""
    vocabulary = Vocabulary()
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
        parsed, found = parse_vocabulary(text, str(path), analyzer)
        problems.extend(found)
        for group_id, words in parsed.groups.items():
            if total + len(words) > MAX_WORDS:
                problems.append(
                    Problem(
                        str(path), f"more than {MAX_WORDS:,} words in all: {group_id!r} on skipped"
                    )
                )
                break
            total += len(words)
            vocabulary.add(group_id, words)
        for group_id in parsed.groups:
            if len(vocabulary.groups.get(group_id, ())) < 2:
                line = parsed.lines.get(group_id)
                problems.append(
                    Problem(str(path), f"group {group_id!r} needs at least two words", line)
                )
                vocabulary.groups.pop(group_id, None)
    return LoadedVocabulary(vocabulary, problems, sources)


def vocabulary_files_for(corpus: Corpus) -> list[Path]:
    """The bundled vocabulary first, then each corpus folder's own, without repeats."""
    return files_named([bundled_texts_dir(), *corpus.folders], PARAPHRASES_FILE)


def load_vocabulary_for(corpus: Corpus, analyzer: Analyzer | None = None) -> LoadedVocabulary:
    """The similar wording that applies to a corpus: the bundled file and its folders' own."""
    return load_vocabulary(vocabulary_files_for(corpus), analyzer)


def describe(vocabulary: Vocabulary) -> dict[str, Any]:
    """The groups as JSON-ready data (stored with the links: evidence names the group)."""
    return {gid: list(words) for gid, words in vocabulary.groups.items()}
