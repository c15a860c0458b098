"""Translation links benchmark: does each Korean paragraph find its English translation?

For the Korean-English pairs of one ministry release in tests/data/korean/pairs/ (the true
alignment in alignment.yaml), search_index.links.translation aligns the paragraphs; this
prints P@1 in both directions (Korean -> English and English -> Korean; target >= 0.9), with
the anchors alone and the paragraph order alone beside the combination, so what each part
brings is seen, and the shared anchors of each best pair. Then the translation links as the
link build makes them (Session.open_links): P@1 both ways over the pair's two documents
alone, and over every Korean test document with the English ones (texts/ and the pairs),
where unrelated documents must get none; beside it, the links into a wrong document and the
paragraphs without a counterpart that got a link anyway:

    python tests/bench/translation_links.py [--anchors] [--json [PATH]]

--json prints the figures as JSON (or writes them to PATH: tests/bench/link_quality.py
reads them so); "p_at_1" is the lower of the two directions of the alignment.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PAIRS = ROOT / "tests" / "data" / "korean" / "pairs"
sys.path.insert(0, str(ROOT))

for _name in ("CACHE", "STATE", "CONFIG", "DATA"):  # never the user's folders
    os.environ[f"XREF_{_name}_DIR"] = tempfile.mkdtemp(prefix=f"xref-bench-{_name.lower()}-")

import yaml  # noqa: E402

from search_index import load_corpus  # noqa: E402
from search_index.links import translation  # noqa: E402
from search_index.session import Session  # noqa: E402


def _p_at_1(best: dict, truth: dict[str, str | None], side: str) -> tuple[int, int]:
    hits = total = 0
    for pid, want in truth.items():
        if want is None:
            continue
        total += 1
        found = best.get(pid)
        if found is not None and (found.en if side == "ko" else found.ko) == want:
            hits += 1
    return hits, total


def run(setting: str, show: bool) -> tuple[int, int, int, int]:
    """P@1 counts (ko hits, ko total, en hits, en total) over every pair for one setting."""
    spec = yaml.safe_load((PAIRS / "alignment.yaml").read_text(encoding="utf-8"))
    saved = translation.ORDER_WEIGHT_PARALLEL, translation.ORDER_WEIGHT
    if setting == "anchors only":
        translation.ORDER_WEIGHT_PARALLEL = translation.ORDER_WEIGHT = 0.0
    elif setting == "order only":
        translation.ORDER_WEIGHT_PARALLEL = translation.ORDER_WEIGHT = 1.0
    totals = [0, 0, 0, 0]
    try:
        for name, pair in spec["pairs"].items():
            ko_path = (PAIRS / pair["ko"]).resolve()
            en_path = (PAIRS / pair["en"]).resolve()
            corpus = load_corpus([ko_path, en_path], cache=False)
            ko_doc, en_doc = corpus.documents
            if ko_doc.language != "ko":
                ko_doc, en_doc = en_doc, ko_doc
            analyzer = Session.open(corpus).analyzer
            found = translation.align(ko_doc.passages, en_doc.passages, analyzer)
            truth_ko = {
                ko_doc.passage(k).id: (en_doc.passage(v).id if v else None)
                for k, v in pair["align"].items()
            }
            truth_en = {v: k for k, v in truth_ko.items() if v is not None}
            best_ko = translation.best_matches(found, "ko")
            best_en = translation.best_matches(found, "en")
            a, b = _p_at_1(best_ko, truth_ko, "ko")
            c, d = _p_at_1(best_en, truth_en, "en")
            for k, v in enumerate((a, b, c, d)):
                totals[k] += v
            if show:
                print(f"\n{name} ({setting}): ko->en {a}/{b}, en->ko {c}/{d}")
                for pid, cand in best_ko.items():
                    mark = "ok" if truth_ko.get(pid) == cand.en else "--"
                    keys = ", ".join(
                        f"{ko_doc_text(corpus, cand.ko, s.ko_span)}={s.key}" for s in cand.anchors
                    )
                    print(f"  {mark} {pid} -> {cand.en} {cand.score:.3f}: {keys[:160]}")
    finally:
        translation.ORDER_WEIGHT_PARALLEL, translation.ORDER_WEIGHT = saved
    return tuple(totals)  # type: ignore[return-value]


def ko_doc_text(corpus, pid: str, span: tuple[int, int]) -> str:
    return corpus.passage(pid).text[span[0] : span[1]]


def _truth() -> list[tuple[Path, Path, dict[str, str | None]]]:
    """(Korean file, English file, {Korean passage id: English passage id or None})."""
    spec = yaml.safe_load((PAIRS / "alignment.yaml").read_text(encoding="utf-8"))
    out = []
    for pair in spec["pairs"].values():
        ko_path = (PAIRS / pair["ko"]).resolve()
        en_path = (PAIRS / pair["en"]).resolve()
        ko_id, en_id = ko_path.stem, en_path.stem
        align = {f"{ko_id}:{k}": (f"{en_id}:{v}" if v else None) for k, v in pair["align"].items()}
        out.append((ko_path, en_path, align))
    return out


def _best_translation(xrefs, passage_id: str) -> str | None:
    found = [d for d in xrefs.links_of(passage_id) if "translation" in d.kinds]
    return max(found, key=lambda d: d.score).target if found else None


def built(paths: list[Path] | None = None) -> dict:
    """P@1 of the translation links the link build makes, both ways, over the labelled pairs:
    each pair's two documents alone (paths None), or every pair in one corpus of `paths`."""
    truth = _truth()
    counts = {"ko_hits": 0, "ko_total": 0, "en_hits": 0, "en_total": 0}
    untranslated = untranslated_linked = 0
    corpora = [[k, e] for k, e, _ in truth] if paths is None else [paths]
    expected: dict[str, str | None] = {}
    for _k, _e, align in truth:
        expected.update(align)
    back = {v: k for k, v in expected.items() if v is not None}
    for files in corpora:
        corpus = load_corpus(files, cache=False)
        xrefs = Session.open(corpus).open_links()
        known = {p.id for p in corpus}
        for ko_id, en_id in expected.items():
            if ko_id not in known:
                continue
            found = _best_translation(xrefs, ko_id)
            if en_id is None:
                untranslated += 1
                untranslated_linked += found is not None
                continue
            counts["ko_total"] += 1
            counts["ko_hits"] += found == en_id
        for en_id, ko_id in back.items():
            if en_id in known:
                counts["en_total"] += 1
                counts["en_hits"] += _best_translation(xrefs, en_id) == ko_id
    return {
        **counts,
        "p_at_1_ko_en": round(counts["ko_hits"] / max(1, counts["ko_total"]), 4),
        "p_at_1_en_ko": round(counts["en_hits"] / max(1, counts["en_total"]), 4),
        "untranslated_paragraphs": untranslated,
        "untranslated_with_a_link": untranslated_linked,
    }


def _mixed_corpus() -> list[Path]:
    """Every Korean test document, the bundled English statements and the pairs' English."""
    return [ROOT / "texts", *sorted((PAIRS.parent).glob("*.md")), *sorted(PAIRS.glob("*.md"))]


def _undated(paths: list[Path], folder: Path) -> list[Path]:
    """Copies of the documents without their `date:` line (the anchors alone decide)."""
    out = []
    for path in paths:
        for file in sorted(path.glob("*.md")) if path.is_dir() else [path]:
            lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
            copy = folder / file.name
            copy.write_text("".join(x for x in lines if not x.startswith("date:")), "utf-8")
            out.append(copy)
    return out


def unrelated_links(paths: list[Path], undated: bool = False) -> dict:
    """Translation links in the mixed corpus between documents that are no labelled pair
    (the second Korean copy of a release is a version too: counted apart); `undated`: with
    every date left out, so the anchors alone decide."""
    truth = _truth()
    versions = {frozenset((k.stem, e.stem)) for k, e, _ in truth}
    versions.add(frozenset(("leaderstimes-kim-gunn-eu-psc", "kim-gunn-eu-psc")))
    if undated:
        with tempfile.TemporaryDirectory() as folder:
            return unrelated_links(_undated(paths, Path(folder)))
    corpus = load_corpus(paths, cache=False)
    xrefs = Session.open(corpus).open_links()
    pairs: dict[str, int] = {}
    for detail in xrefs.all_links():
        if "translation" in detail.kinds:
            key = " / ".join(sorted(p.rpartition(":")[0] for p in (detail.source, detail.target)))
            pairs[key] = pairs.get(key, 0) + 1
    unrelated = {k: v for k, v in pairs.items() if frozenset(k.split(" / ")) not in versions}
    return {"documents": len(corpus.documents), "document_pairs": pairs, "unrelated": unrelated}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchors", action="store_true", help="show each best pair's anchors")
    parser.add_argument(
        "--json", nargs="?", const="-", metavar="PATH", help="print (or write) JSON figures"
    )
    args = parser.parse_args()
    settings = {}
    for setting in ("anchors only", "order only", "anchors + order"):
        a, b, c, d = run(setting, args.anchors and setting == "anchors + order" and not args.json)
        settings[setting] = {
            "p_at_1_ko_en": round(a / b, 4),
            "p_at_1_en_ko": round(c / d, 4),
            "counts": [a, b, c, d],
        }
    mixed = _mixed_corpus()
    results = {
        "p_at_1": min(
            settings["anchors + order"]["p_at_1_ko_en"], settings["anchors + order"]["p_at_1_en_ko"]
        ),
        "p_at_1_ko_en": settings["anchors + order"]["p_at_1_ko_en"],
        "p_at_1_en_ko": settings["anchors + order"]["p_at_1_en_ko"],
        "align": settings,
        "built_pairs_alone": built(),
        "built_mixed_corpus": built(mixed),
        "mixed_corpus": unrelated_links(mixed),
        "mixed_corpus_undated": unrelated_links(mixed, undated=True),
    }
    if args.json:
        text = json.dumps(results, indent=2, ensure_ascii=False)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
        return
    print("align() | P@1 ko->en | P@1 en->ko")
    for setting, r in settings.items():
        a, b, c, d = r["counts"]
        print(f"{setting} | {a}/{b} = {a / b:.2f} | {c}/{d} = {c / d:.2f}")
    print("links as built | P@1 ko->en | P@1 en->ko | untranslated paragraphs with a link")
    for label, key in (
        ("pairs alone", "built_pairs_alone"),
        ("mixed corpus", "built_mixed_corpus"),
    ):
        r = results[key]
        print(
            f"{label} | {r['ko_hits']}/{r['ko_total']} = {r['p_at_1_ko_en']:.2f} | "
            f"{r['en_hits']}/{r['en_total']} = {r['p_at_1_en_ko']:.2f} | "
            f"{r['untranslated_with_a_link']}/{r['untranslated_paragraphs']}"
        )
    m = results["mixed_corpus"]
    print(f"mixed corpus ({m['documents']} documents): translation links by document pair")
    for pair, count in sorted(m["document_pairs"].items()):
        print(f"  {count:3d}  {pair}")
    print(f"  between unrelated documents: {sum(m['unrelated'].values())}")
    u = results["mixed_corpus_undated"]
    print(
        f"  with every date left out: {sum(u['document_pairs'].values())} links, "
        f"{sum(u['unrelated'].values())} between unrelated documents"
    )


if __name__ == "__main__":
    main()
