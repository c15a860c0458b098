"""Known-answer benchmark for automatic links: does each passage find its own paraphrase?

Every document of a base corpus (the bundled statements plus generated statement-like
documents, which share formulas and aliases across documents, so there are decoys) gets a
paraphrased twin: synonyms substituted, aliases swapped (DPRK <-> North Korea), words deleted,
clauses and sentences reordered. Passage k of a document should link to passage k of its twin.
The script prints precision at 1 and recall at 5 for several settings (so the threshold and the
neighbour boost are chosen on evidence), checks that every evidence span is exact, and times
the link build against a Whoosh index build of the same corpus:

    python tests/bench/paraphrase_links.py [--generated 40] [--timing 10000 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from search_index import Corpus, Document, Passage, bundled_texts_dir, load_corpus  # noqa: E402
from search_index.analysis import Analyzer  # noqa: E402
from search_index.links import (  # noqa: E402
    MAX_DF,
    NEIGHBOUR_BOOST,
    THRESHOLD,
    build_links,
    corpus_terms,
    link_detail,
)
from search_index.session import Session  # noqa: E402

SYNONYMS = {
    "condemn": "denounce",
    "strongly": "firmly",
    "strongest": "firmest",
    "cooperation": "collaboration",
    "cooperate": "collaborate",
    "threaten": "endanger",
    "threatens": "endangers",
    "threatening": "endangering",
    "threats": "dangers",
    "serious": "grave",
    "seriously": "gravely",
    "concerned": "worried",
    "concern": "worry",
    "unlawful": "illegal",
    "illegal": "illicit",
    "immediately": "at once",
    "closely": "tightly",
    "monitoring": "watching",
    "provides": "supplies",
    "provision": "supply",
    "supplying": "providing",
    "weapons": "arms",
    "arms": "weapons",
    "stability": "calm",
    "efforts": "endeavours",
    "discuss": "talk about",
    "discussed": "talked about",
    "meeting": "talks",
    "meetings": "talks",
    "urge": "press",
    "call": "appeal",
    "pointed out": "noted",
    "explained": "stated",
    "emphasized": "stressed",
    "need": "necessity",
    "expressed": "voiced",
    "further": "more",
    "strengthen": "reinforce",
    "measures": "steps",
    "region": "area",
    "regional": "area",
    "international": "global",
    "committed": "pledged",
    "commit": "pledge",
    "support": "backing",
    "reaffirm": "restate",
    "reaffirmed": "restated",
    "welcome": "appreciate",
    "welcomed": "appreciated",
    "violation": "breach",
    "violations": "breaches",
    "attack": "assault",
    "development": "advancement",
}
ALIAS_SWAPS = [
    ("Democratic People's Republic of Korea", "DPRK"),
    ("Democratic People’s Republic of Korea", "DPRK"),
    ("North Korea", "the DPRK"),
    ("DPRK", "North Korea"),
    ("Russian Federation", "Russia"),
    ("Republic of Korea", "ROK"),
    ("ROK", "South Korea"),
    ("European Union", "EU"),
    ("UN Security Council", "UNSC"),
    ("UNSC", "Security Council"),
    ("United States", "US"),
]
STOP = {"the", "of", "and", "a", "an", "to", "in", "on", "for", "with", "that", "by", "as"}


LEVELS = {
    # name: (synonym rate, deletion rate, chance to drop one sentence of several)
    "light": (0.6, 0.12, 0.0),
    "heavy": (0.9, 0.35, 0.5),
}


def paraphrase(text: str, rng: random.Random, level: str = "light") -> str:
    """A rewording of a passage: what a second statement on the same matter might say."""
    synonym_rate, deletion_rate, drop_rate = LEVELS[level]
    for old, new in ALIAS_SWAPS:
        if old in text and rng.random() < 0.7:
            text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    if len(sentences) > 1 and rng.random() < drop_rate:
        sentences.pop(rng.randrange(len(sentences)))
    out_sentences = []
    for sentence in sentences:
        clauses = sentence.rstrip(".").split(", ")
        if len(clauses) > 1 and rng.random() < 0.5:
            k = rng.randrange(1, len(clauses))
            clauses = clauses[k:] + clauses[:k]
        words = " ".join(clauses).split()
        kept = []
        for word in words:
            bare = word.strip(",.;:\"'()").casefold()
            if bare in SYNONYMS and rng.random() < synonym_rate:
                word = word.replace(word.strip(",.;:\"'()"), SYNONYMS[bare])
            elif bare not in STOP and rng.random() < deletion_rate:
                continue  # deleted
            kept.append(word)
        if kept:
            out_sentences.append(" ".join(kept) + ".")
    if len(out_sentences) > 1 and rng.random() < 0.4:
        rng.shuffle(out_sentences)
    return " ".join(out_sentences) or text


def twin_corpus(base: Corpus, level: str = "light", seed: int = 7) -> tuple[Corpus, dict[str, str]]:
    """The base corpus plus a paraphrased twin of every document; gold: passage -> its twin."""
    rng = random.Random(seed)
    documents = list(base.documents)
    gold: dict[str, str] = {}
    for document in base.documents:
        twin_id = f"{document.id}-twin"
        passages = []
        for passage in document.passages:
            pid = f"{twin_id}:{passage.number}"
            passages.append(
                Passage(pid, twin_id, passage.number, paraphrase(passage.text, rng, level), 0, 1)
            )
            gold[passage.id] = pid
            gold[pid] = passage.id
        documents.append(
            Document(
                twin_id,
                f"{document.title} (reworded)",
                document.path,
                tuple(passages),
                date=document.date,
            )
        )
    return Corpus(documents), gold


def base_corpus(generated_passages: int) -> Corpus:
    bundled = load_corpus([bundled_texts_dir()])
    documents = list(bundled.documents)
    if generated_passages:
        import corpus_gen

        generated = load_corpus([corpus_gen.corpus_path(generated_passages, seed=3)])
        documents.extend(generated.documents)
    return Corpus(documents)


def scale_check(passages: int, twins: int = 40) -> None:
    """Quality at scale: twins of a few documents hidden in a large generated corpus, with the
    candidate cap (MAX_DF) at its default and at 4x (slower, closer to exact)."""
    import corpus_gen

    generated = load_corpus([corpus_gen.corpus_path(passages)])
    analyzer = Session.open(generated).analyzer
    sample = Corpus(generated.documents[:twins])
    with_twins, gold = twin_corpus(sample, "heavy")
    added = [d for d in with_twins.documents if d.id.endswith("-twin")]
    corpus = Corpus(generated.documents + added)
    terms = corpus_terms(corpus, analyzer)
    print(f"at scale: {len(corpus)} passages, {len(gold) // 2} hidden heavy paraphrases")
    for max_df in (MAX_DF, 4 * MAX_DF):
        started = time.perf_counter()
        table = build_links(corpus, analyzer, passage_terms=terms, max_df=max_df)
        seconds = time.perf_counter() - started
        p1 = sum(
            bool(t := [x.target for x in table.links_of(pid)]) and t[0] == ans
            for pid, ans in gold.items()
        )
        r5 = sum(ans in [x.target for x in table.links_of(pid, 5)] for pid, ans in gold.items())
        print(
            f"  max_df {max_df:>5}: P@1 {p1 / len(gold):.3f}  R@5 {r5 / len(gold):.3f}  "
            f"build {seconds:.1f} s (terms analysed beforehand)"
        )


def evaluate(corpus: Corpus, gold: dict[str, str], analyzer: Analyzer, **params) -> dict:
    table = build_links(corpus, analyzer, **params)
    p_at_1 = r_at_5 = 0
    for pid, answer in gold.items():
        targets = [link.target for link in table.links_of(pid)]
        p_at_1 += bool(targets) and targets[0] == answer
        r_at_5 += answer in targets[:5]
    return {
        "precision_at_1": p_at_1 / len(gold),
        "recall_at_5": r_at_5 / len(gold),
        "links": len(table),
        "table": table,
    }


def check_spans(corpus: Corpus, analyzer: Analyzer, table) -> tuple[int, int]:
    """(evidence runs checked, runs whose span text is not what the link claims)."""
    checked = bad = 0
    for link in table:
        detail = link_detail(link, corpus, analyzer, table)
        source = corpus.passage(link.source).text
        target = corpus.passage(link.target).text
        for shared in detail.shared:
            checked += 1
            s0, s1 = shared.source_span
            t0, t1 = shared.target_span
            if (
                source[s0:s1] != shared.text
                or target[t0:t1] != shared.target_text
                or analyzer.terms(shared.text) != analyzer.terms(shared.target_text)
            ):
                bad += 1
    return checked, bad


def time_builds(passages: int, analyzer_for, repeats: int = 1) -> dict:
    """Seconds for links and for a Whoosh index of a generated corpus (median of repeats)."""
    import statistics
    import tempfile

    import corpus_gen

    from search_index.index import passage_rows
    from search_index.whoosh.writer import build

    corpus = load_corpus([corpus_gen.corpus_path(passages)])
    analyzer = analyzer_for(corpus)
    link_times, index_times = [], []
    for _ in range(repeats):
        # As `xref index` does: the index build analyses every passage once and the links
        # are built from the terms it kept (timing a fresh analysis as part of the links
        # counted the analyser twice).
        terms: list[list[str]] = []
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            rows = passage_rows(corpus, None)
            ix = build(Path(folder), analyzer, rows, total=len(corpus), terms_out=terms)
            ix.close()
            index_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        build_links(corpus, analyzer, passage_terms=terms)
        link_times.append(time.perf_counter() - started)
    links_s, index_s = statistics.median(link_times), statistics.median(index_times)
    return {
        "passages": passages,
        "links_s": links_s,
        "index_s": index_s,
        "ratio": links_s / index_s,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--generated",
        type=int,
        default=600,
        help="generated passages added to the bundled statements",
    )
    parser.add_argument(
        "--timing",
        type=int,
        nargs="*",
        default=[10_000],
        help="corpus sizes for the links / Whoosh build timing",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        metavar="N",
        help="also check quality with twins hidden in N generated passages",
    )
    parser.add_argument(
        "--max-df",
        type=int,
        default=None,
        help="override links.MAX_DF (terms in more passages skip the product)",
    )
    args = parser.parse_args()

    base = base_corpus(args.generated)
    analyzer = Session.open(base).analyzer
    results = []
    checked = bad = 0
    for level in LEVELS:
        corpus, gold = twin_corpus(base, level)
        print(
            f"{level} paraphrase: {len(corpus.documents)} documents, {len(corpus)} passages "
            f"(each passage's paraphrased twin is the answer)"
        )
        print(f"{'threshold':>9} {'boost':>5} {'P@1':>6} {'R@5':>6} {'links':>7}")
        default = None
        for threshold in (0.02, 0.04, 0.08, 0.12):
            for boost in (0.0, 0.3, 0.6):
                extra = {"max_df": args.max_df} if args.max_df else {}
                r = evaluate(
                    corpus, gold, analyzer, threshold=threshold, neighbour_boost=boost, **extra
                )
                is_default = (threshold, boost) == (
                    THRESHOLD,
                    NEIGHBOUR_BOOST,
                )
                if is_default:
                    default = r
                mark = "  <- default" if is_default else ""
                print(
                    f"{threshold:>9.2f} {boost:>5.1f} {r['precision_at_1']:>6.3f} "
                    f"{r['recall_at_5']:>6.3f} {r['links']:>7}{mark}"
                )
                results.append(
                    {
                        "level": level,
                        "threshold": threshold,
                        "boost": boost,
                        **{k: v for k, v in r.items() if k != "table"},
                    }
                )
        if default is None:
            default = evaluate(corpus, gold, analyzer)
            print(
                f"  default: P@1 {default['precision_at_1']:.3f} R@5 {default['recall_at_5']:.3f}"
            )
        c, b = check_spans(corpus, analyzer, default["table"])
        checked, bad = checked + c, bad + b
        print(f"evidence spans checked: {c}, wrong: {b}")

    if args.scale:
        scale_check(args.scale)

    def analyzer_for(c: Corpus) -> Analyzer:
        return Session.open(c).analyzer

    timings = []
    for size in args.timing:
        t = time_builds(size, analyzer_for)
        timings.append(t)
        print(
            f"build at {size} passages: links {t['links_s']:.2f} s, Whoosh index "
            f"{t['index_s']:.2f} s, ratio {t['ratio']:.3f} (target <= 0.5)"
        )
    if len(timings) >= 2:
        growth = timings[-1]["links_s"] / timings[0]["links_s"]
        print(
            f"links growth {timings[-1]['passages']}/{timings[0]['passages']}: {growth:.1f} "
            "(target <= 15 for 100000/10000)"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "settings": results,
                    "spans_checked": checked,
                    "spans_wrong": bad,
                    "timings": timings,
                },
                indent=1,
            )
        )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
