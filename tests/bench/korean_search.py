"""Korean search benchmark: do particle-bearing queries find what the bare word finds?

On the labelled Korean set (tests/data/korean: ministry releases, republished copies and
statute excerpts; tests/data/korean/queries.yaml: for each word the passages it should find
and the forms with particles a reader types), every query is searched through the engine and
compared with its labels:

- recall and precision of the bare words and of their particle-bearing forms (targets with
  the default install: recall >= 0.95 with precision >= 0.95 for the forms);
- fragments (원은, the end of 법원은 and 국회의원은): passages found that should not be;
- the share of Korean links whose evidence is only function words (수 있다, 하여야 한다);
- evidence spans (both sides of every link with Korean in it) that start or end inside a
  Korean word (령령 of 대통령령으로, 원은 of 공무원은) or keep the particle the analysis takes off
  (공무원은 for 공무원), per analysis and with the links the reader builds (Session).

Side by side: no particle rules (the analysis before issue 15: every form read as written),
the light rules (the default) and Kiwi (a reference in korean_kiwi.py beside this script, when
kiwipiepy is installed: pip install kiwipiepy kiwipiepy-model):

    python tests/bench/korean_search.py [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = ROOT / "tests" / "data" / "korean"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

for _name in ("CACHE", "STATE", "CONFIG", "DATA"):  # never the user's folders
    os.environ[f"XREF_{_name}_DIR"] = tempfile.mkdtemp(prefix=f"xref-bench-{_name.lower()}-")
os.environ["XREF_EMBEDDINGS"] = "0"  # the default install's links (the model reads English)

import yaml  # noqa: E402
from korean_kiwi import KiwiKorean, kiwi_available  # noqa: E402

from search_index import load_corpus  # noqa: E402
from search_index.analysis import Analyzer, load_aliases_for  # noqa: E402
from search_index.analysis.korean import (  # noqa: E402
    LIGHT,
    eojeol_at,
    inside_korean_word,
    is_function_phrase,
    is_hangul,
)
from search_index.index import open_index  # noqa: E402
from search_index.links import open_links  # noqa: E402
from search_index.session import Session  # noqa: E402


class AsWritten:
    """No particle rules: every Korean word is its content (the analysis before issue 15)."""

    name = "as-written"

    def content_length(self, word: str) -> int:
        return len(word)

    def alternative_length(self, word: str) -> int:
        return len(word)


def _scores(found: set[str], expected: set[str]) -> tuple[int, int, int]:
    return len(found & expected), len(found), len(expected)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def measure(corpus, aliases, stemmer, labels: dict) -> dict:
    """Recall and precision of bare words and particle forms, fragment hits, link evidence."""
    analyzer = Analyzer(aliases, korean=stemmer)
    started = time.perf_counter()
    index, _info = open_index(corpus, analyzer)
    built = time.perf_counter() - started
    limit = len(corpus) + 1

    def found(query: str) -> set[str]:
        return {h.passage for h in index.search(query, limit=limit).hits}

    bare = [0, 0, 0]
    forms = [0, 0, 0]
    misses: list[str] = []
    for word, entry in labels["words"].items():
        expected = set(entry["expect"])
        for k, v in enumerate(_scores(found(word), expected)):
            bare[k] += v
        for form in entry["forms"]:
            got = found(form)
            for k, v in enumerate(_scores(got, expected)):
                forms[k] += v
            if got != expected:
                misses.append(
                    f"{form}: {len(got & expected)}/{len(expected)} found, "
                    f"{len(got - expected)} wrong"
                )
    fragment_hits = {q: sorted(found(q) - set(exp)) for q, exp in labels["fragments"].items()}
    links = _link_evidence(corpus, analyzer)
    index.close()
    return {
        "stemmer": stemmer.name,
        "build_s": round(built, 2),
        "bare_recall": round(_ratio(bare[0], bare[2]), 3),
        "bare_precision": round(_ratio(bare[0], bare[1]), 3),
        "forms_recall": round(_ratio(forms[0], forms[2]), 3),
        "forms_precision": round(_ratio(forms[0], forms[1]), 3),
        "fragment_false_hits": sum(len(v) for v in fragment_hits.values()),
        "fragments": fragment_hits,
        "misses": misses,
        **links,
    }


def cut_inside_word(text: str, start: int, end: int, stemmer) -> bool:
    """Whether a span of evidence starts or ends inside a Korean word: after its first
    character (령령 of 대통령령으로) or anywhere but its end or the end of its content (공무원
    of 공무원은 is whole; 공무원은 itself keeps a particle the analysis takes off)."""
    if inside_korean_word(text, start):
        return True
    a, b = eojeol_at(text, max(start, end - 1))
    content = a + stemmer.content_length(text[a:b])
    if any(is_hangul(ch) for ch in text[a:b]) and end == b and content < b:
        return True  # the particle shown as shared wording
    return inside_korean_word(text, end) and end != content


def evidence_spans(corpus, details, stemmer) -> tuple[int, int, list[str]]:
    """(spans cut inside a Korean word, spans, examples) over both sides of each link's
    evidence, among links with a Korean passage on either side."""
    cut = total = 0
    examples: list[str] = []
    for detail in details:
        src, dst = corpus.passage(detail.source), corpus.passage(detail.target)
        if not any(is_hangul(ch) for ch in src.text + dst.text):
            continue
        for s in detail.shared:
            for text, (start, end) in ((src.text, s.source_span), (dst.text, s.target_span)):
                total += 1
                if cut_inside_word(text, start, end, stemmer):
                    cut += 1
                    a, _ = eojeol_at(text, start)
                    _, b = eojeol_at(text, max(start, end - 1))
                    examples.append(f"{text[start:end]!r} in {text[a:b]!r}")
    return cut, total, examples


def _link_evidence(corpus, analyzer) -> dict:
    """Among links between two Korean passages: how many rest on function words only; over
    the evidence of every link with Korean in it, how many spans are cut inside a word."""
    links = open_links(corpus, analyzer)
    korean = {d.id for d in corpus.documents if (d.language or "").lower().startswith("ko")}
    total = function_only = 0
    examples: list[str] = []
    details = links.all_links()
    for detail in details:
        src = corpus.passage(detail.source)
        dst = corpus.passage(detail.target)
        if corpus.document_of(src).id not in korean or corpus.document_of(dst).id not in korean:
            continue
        total += 1
        if detail.shared and all(is_function_phrase(s.text) for s in detail.shared):
            function_only += 1
            examples.append(f"{detail.source} -> {detail.target}: {detail.shared[0].text!r}")
    cut, spans, cut_examples = evidence_spans(corpus, details, analyzer.korean)
    return {
        "korean_links": total,
        "function_only_links": function_only,
        "function_only_share": round(_ratio(function_only, total) if total else 0.0, 3),
        "cut_spans": cut,
        "evidence_spans": spans,
        "function_only_examples": examples[:5],
        "cut_examples": cut_examples[:8],
    }


def session_spans(corpus) -> tuple[int, int, list[str]]:
    """Spans cut inside a Korean word, with links built as the reader builds them
    (`Session.open(corpus).open_links()`: the default install)."""
    session = Session.open(corpus)
    try:
        details = session.open_links().all_links()
        return evidence_spans(corpus, details, session.analyzer.korean)
    finally:
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    corpus = load_corpus(sorted(DATA.glob("*.md")))  # not pairs/: the English of a pair
    aliases = load_aliases_for(corpus).table
    labels = yaml.safe_load((DATA / "queries.yaml").read_text(encoding="utf-8"))
    stemmers = [AsWritten(), LIGHT]
    if kiwi_available():
        stemmers.append(KiwiKorean())
    rows = [measure(corpus, aliases, s, labels) for s in stemmers]
    cut, spans, cut_examples = session_spans(corpus)
    if args.json:
        print(
            json.dumps(
                {"analyses": rows, "session_cut_spans": cut, "session_spans": spans},
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    print(
        f"{len(corpus)} passages, {len(labels['words'])} words, "
        f"{sum(len(e['forms']) for e in labels['words'].values())} particle forms"
    )
    head = (
        "analysis",
        "bare R",
        "bare P",
        "forms R",
        "forms P",
        "fragment hits",
        "ko links",
        "function-only",
        "cut spans",
        "build s",
    )
    print(" | ".join(head))
    for r in rows:
        print(
            " | ".join(
                str(x)
                for x in (
                    r["stemmer"],
                    r["bare_recall"],
                    r["bare_precision"],
                    r["forms_recall"],
                    r["forms_precision"],
                    r["fragment_false_hits"],
                    r["korean_links"],
                    f"{r['function_only_links']} ({r['function_only_share']:.1%})",
                    f"{r['cut_spans']}/{r['evidence_spans']}",
                    r["build_s"],
                )
            )
        )
    for r in rows:
        if r["misses"]:
            print(f"\n{r['stemmer']}: forms that differ from their labels")
            for line in r["misses"][:40]:
                print("  " + line)
        if r["cut_examples"]:
            print(f"{r['stemmer']}: evidence cut inside a word, e.g.")
            for line in r["cut_examples"]:
                print("  " + line)
        if r["function_only_examples"]:
            print(f"{r['stemmer']}: links on function words only, e.g.")
            for line in r["function_only_examples"]:
                print("  " + line)

    print(
        f"\nevidence spans cut inside a Korean word (Session.open(corpus).open_links()): "
        f"{cut} of {spans}"
    )
    for line in cut_examples[:8]:
        print("  " + line)


if __name__ == "__main__":
    main()
