"""The existing link benchmarks in small settings, printed by link_quality.py beside the
labelled real statements: the paraphrased twins of paraphrase_links.py, heavy twins hidden in a
generated corpus (scale), the link build against a Whoosh index build, and the translation
benchmark; and how link_quality.py tells a link with evidence from one without."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TOP = 5
"""Links of a passage that count (recall@5; the reader's panel shows more)."""
EVIDENCE_FIELDS = ("shared", "themes", "similar", "similar_wording", "reason", "reasons")
"""Fields of a link's detail any one of which, when non-empty, is evidence for the link."""


def detail_fields(detail: Any) -> dict[str, Any]:
    """A link detail as a mapping, whatever fields the engine has added to it."""
    to_json = getattr(detail, "to_json", None)
    data: dict[str, Any] = {}
    if callable(to_json):
        try:
            data = dict(to_json())
        except TypeError:
            data = {}
    for name in EVIDENCE_FIELDS:
        if name not in data and hasattr(detail, name):
            data[name] = getattr(detail, name)
    return data


def has_evidence(detail: Any) -> bool:
    data = detail_fields(detail)
    return any(bool(data.get(name)) for name in EVIDENCE_FIELDS)


def _worded(text: str) -> bool:
    """Whether a passage has words to link on: a twin the generator cut down to its paragraph
    number ("17.") or a marker ("Begin Text:") has none, and the engine rightly links neither
    (numbers alone are no evidence; markers are not content)."""
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 4


def _twin_scores(
    tops: dict[str, list[str]], gold: dict[str, str], texts: dict[str, str]
) -> dict[str, Any]:
    """P@1 and recall@5 over every gold pair, and over the pairs worded on both sides."""
    worded = [p for p in gold if _worded(texts[p]) and _worded(texts[gold[p]])]
    out: dict[str, Any] = {"worded_pairs": len(worded), "gold_pairs": len(gold)}
    for subset, tail in ((list(gold), ""), (worded, "_worded")):
        n = len(subset) or 1
        out[f"p_at_1{tail}"] = sum(tops[p][:1] == [gold[p]] for p in subset) / n
        out[f"recall_at_5{tail}"] = sum(gold[p] in tops[p][:TOP] for p in subset) / n
    return out


def paraphrase_twins(generated: int) -> dict[str, Any]:
    """paraphrase_links.py's twins: P@1 and recall@5 as it counts them, links without evidence."""
    import paraphrase_links as pl

    from search_index.links import link_detail
    from search_index.session import Session

    base = pl.base_corpus(generated)
    analyzer = Session.open(base).analyzer
    out: dict[str, Any] = {"generated_passages": generated}
    for level in pl.LEVELS:
        corpus, gold = pl.twin_corpus(base, level)
        r = pl.evaluate(corpus, gold, analyzer)
        table = r["table"]
        bare = sum(not has_evidence(link_detail(x, corpus, analyzer, table)) for x in table)
        tops = {p: [x.target for x in table.links_of(p, TOP)] for p in gold}
        out[level] = {
            "passages": len(corpus),
            **_twin_scores(tops, gold, {p.id: p.text for p in corpus}),
            "links": r["links"],
            "links_without_evidence": bare / r["links"] if r["links"] else 0.0,
        }
    return out


def scale_twins(passages: int, twins: int = 40, sample: int = 3000) -> dict[str, Any]:
    """Heavy twins of a few documents hidden in a generated corpus (paraphrase_links --scale)."""
    import corpus_gen
    import paraphrase_links as pl

    from search_index import Corpus, load_corpus
    from search_index.links import build_links, corpus_terms, link_detail
    from search_index.session import Session

    generated = load_corpus([corpus_gen.corpus_path(passages)])
    analyzer = Session.open(generated).analyzer
    with_twins, gold = pl.twin_corpus(Corpus(generated.documents[:twins]), "heavy")
    added = [d for d in with_twins.documents if d.id.endswith("-twin")]
    corpus = Corpus(generated.documents + added)
    table = build_links(corpus, analyzer, passage_terms=corpus_terms(corpus, analyzer))
    tops = {pid: [x.target for x in table.links_of(pid, TOP)] for pid in gold}
    texts = {p.id: p.text for p in corpus if p.id in gold}
    links = list(table)
    step = max(1, len(links) // sample)
    checked = links[::step]
    bare = sum(not has_evidence(link_detail(x, corpus, analyzer, table)) for x in checked)
    return {
        "passages": len(corpus),
        "hidden_twins": len(gold) // 2,
        **_twin_scores(tops, gold, texts),
        "links_without_evidence": bare / len(checked) if checked else 0.0,
        "links_checked_for_evidence": len(checked),
    }


def build_timing(passages: int) -> dict[str, Any]:
    """Link build / Whoosh index build on a generated corpus (paraphrase_links --timing)."""
    import paraphrase_links as pl

    from search_index.session import Session

    return pl.time_builds(passages, lambda c: Session.open(c).analyzer)


def translation() -> dict[str, Any]:
    """A translation benchmark's P@1, if tests/bench holds one (run as a subprocess)."""
    words = ("translation", "kjv", "matthew")
    scripts = sorted(p for p in HERE.glob("*.py") if any(w in p.stem.lower() for w in words))
    if not scripts:
        return {"status": "n/a: no translation benchmark in tests/bench"}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.json"
        command = [sys.executable, str(scripts[0]), "--json", str(out)]
        run = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
        text = out.read_text() if out.is_file() else ""
    found = re.search(r'"(?:p_at_1|precision_at_1)":\s*([0-9.]+)', text)
    result: dict[str, Any] = {
        "script": scripts[0].name,
        "p_at_1": float(found.group(1)) if found else None,
        "exit": run.returncode,
    }
    try:  # translation_links.py: both directions, and the links as the build makes them
        data = json.loads(text)
    except ValueError:
        return result
    for key in ("p_at_1_ko_en", "p_at_1_en_ko"):
        result[key] = data.get(key)
        result[f"built_{key}"] = data.get("built_mixed_corpus", {}).get(key)
    result["unrelated_links"] = sum(data.get("mixed_corpus", {}).get("unrelated", {}).values())
    return result


def fmt(value: Any) -> str:
    """A figure as printed: two decimals, n/a for a missing one."""
    return f"{value:.2f}" if isinstance(value, float) else "n/a" if value is None else str(value)


def print_existing(results: dict[str, Any]) -> None:
    print("Existing benchmarks (similar meaning off: XREF_EMBEDDINGS=0)")
    twins = results.get("paraphrase_twins", {})
    if "status" in twins:
        print(f"  paraphrase twins: {twins['status']}")
    for level in (x for x in ("light", "heavy") if x in twins):
        t = twins[level]
        print(
            f"  {level} twins ({t['passages']} passages): P@1 {fmt(t['p_at_1'])}  recall@5 "
            f"{fmt(t['recall_at_5'])}  links without evidence {fmt(t['links_without_evidence'])}"
        )
        print(
            f"    over the {t['worded_pairs']} of {t['gold_pairs']} twins worded on both sides: "
            f"P@1 {fmt(t['p_at_1_worded'])}  recall@5 {fmt(t['recall_at_5_worded'])}"
        )
    for name in ("scale", "timing", "translation"):
        r = results.get(name)
        if r is None:
            continue
        if "status" in r:
            print(f"  {name}: {r['status']}")
        elif name == "scale":
            print(
                f"  heavy twins hidden in {r['passages']} passages: P@1 {fmt(r['p_at_1'])}  "
                f"recall@5 {fmt(r['recall_at_5'])}  links without evidence "
                f"{fmt(r['links_without_evidence'])} (of {r['links_checked_for_evidence']})"
            )
            print(
                f"    over the {r['worded_pairs']} of {r['gold_pairs']} twins worded on both "
                f"sides: P@1 {fmt(r['p_at_1_worded'])}  recall@5 {fmt(r['recall_at_5_worded'])}"
            )
        elif name == "timing":
            print(
                f"  link build / Whoosh index build at {r['passages']} passages: "
                f"{r['links_s']:.2f} s / {r['index_s']:.2f} s = {r['ratio']:.2f} "
                "(target <= 0.5 at 100,000 passages: --timing 100000)"
            )
        else:
            print(f"  translation ({r['script']}): P@1 {fmt(r['p_at_1'])} (target >= 0.9)")
            if "p_at_1_ko_en" in r:
                print(
                    f"    alignment P@1 ko->en {fmt(r['p_at_1_ko_en'])}  en->ko "
                    f"{fmt(r['p_at_1_en_ko'])}; translation links as built (mixed corpus) "
                    f"ko->en {fmt(r['built_p_at_1_ko_en'])}  "
                    f"en->ko {fmt(r['built_p_at_1_en_ko'])}, "
                    f"{r['unrelated_links']} between unrelated documents"
                )
