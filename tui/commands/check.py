"""`xref check`: validate the corpus and its rule files; exit 1 on any problem."""

from __future__ import annotations

import argparse

from .common import load


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    subparsers.add_parser(
        "check",
        parents=parents,
        help="validate documents, aliases and themes",
        description="Validate the documents (and aliases.yaml, themes.yaml); print every "
        "problem, one per line. Exit 1 if there are any, 0 if clean.",
    )


def run(args: argparse.Namespace) -> int:
    from search_index.session import Session
    from search_index.themes import unmatched_problems

    corpus = load(args, warn=False)
    # Themes that tag no passage are valid, but almost certainly a mistake.
    session = Session.open(corpus)
    problems = [*corpus.problems, *session.rule_problems, *unmatched_problems(session.themes)]
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
