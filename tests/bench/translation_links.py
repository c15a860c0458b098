"""Translation links benchmark: does each Korean paragraph find its English translation?

For the Korean-English pairs of one ministry release in tests/data/korean/pairs/ (the true
alignment in alignment.yaml), search_index.links.translation aligns the paragraphs; this
prints P@1 in both directions (Korean -> English and English -> Korean; target >= 0.9), with
the anchors alone and the paragraph order alone beside the combination, so what each part
brings is seen, and the shared anchors of each best pair:

    python tests/bench/translation_links.py [--anchors]
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchors", action="store_true", help="show each best pair's anchors")
    args = parser.parse_args()
    print("setting | P@1 ko->en | P@1 en->ko")
    for setting in ("anchors only", "order only", "anchors + order"):
        a, b, c, d = run(setting, args.anchors and setting == "anchors + order")
        print(f"{setting} | {a}/{b} = {a / b:.2f} | {c}/{d} = {c / d:.2f}")


if __name__ == "__main__":
    main()
