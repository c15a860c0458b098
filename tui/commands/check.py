"""`xref check`: validate the corpus and its rule files; exit 1 on any problem."""

from __future__ import annotations

import argparse

from search_index import Problem

from .common import load


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    subparsers.add_parser(
        "check",
        parents=parents,
        help="validate documents, aliases and themes",
        description="Validate the documents (and aliases.yaml, themes.yaml); print every "
        "problem, one per line. Exit 1 if there are any, 0 if clean.",
    )


def rule_problems(corpus) -> list[Problem]:
    """Problems of aliases.yaml and themes.yaml, where the engine has them, and themes that
    tag no passage (valid, but almost certainly a mistake)."""
    from search_index.aliases import load_aliases_for

    problems: list[Problem] = list(load_aliases_for(corpus).problems)
    try:
        from search_index.themes import load_themes_for, unmatched_problems
    except ImportError:
        return problems
    themes = load_themes_for(corpus)
    problems.extend(themes.problems)
    problems.extend(unmatched_problems(themes))
    return problems


def run(args: argparse.Namespace) -> int:
    corpus = load(args, warn=False)
    problems = list(corpus.problems) + rule_problems(corpus)
    for problem in problems:
        print(problem)
    documents = len(corpus.documents)
    passages = len(corpus)
    summary = (
        f"{documents} document{'s' * (documents != 1)}, {passages} passage{'s' * (passages != 1)}"
    )
    if problems:
        print(f"{len(problems)} problem{'s' * (len(problems) != 1)}; {summary} loaded")
        return 1
    print(f"ok: {summary}")
    return 0
