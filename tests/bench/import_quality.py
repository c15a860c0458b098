"""Import quality on the labelled set in tests/data/import/: per input, is the title right, is
the date right, paragraph recall and precision against the expected paragraphs, and how many
chrome lines leaked into the document; totals at the end. Two runs: the libraries alone
(trafilatura for pages, pdfminer.six for PDFs, the text split as the loader splits it) and
`xref import` with its own rules on top:

    python tests/bench/import_quality.py [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data" / "import"
INPUT_SUFFIXES = (".html", ".htm", ".pdf", ".txt")
TARGETS = {"titles": 0.9, "dates": 0.9, "recall": 0.95, "precision": 0.95, "chrome": 0}


@dataclass
class Score:
    name: str
    title: bool
    date: bool
    recall: float
    precision: float
    chrome: int
    """Output paragraphs (or a title) that hold one of the page's chrome lines."""


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def score(
    name: str, expected: dict, title: str | None, date: str | None, paragraphs: list[str]
) -> Score:
    """How an extraction compares with the expected title, date and paragraphs."""
    want = [_norm(p) for p in expected["paragraphs"]]
    got = [_norm(p) for p in paragraphs if _norm(p)]
    found = sum(1 for p in want if p in got)
    right = sum(1 for p in got if p in want)
    markers = [_norm(c).lower() for c in expected.get("chrome", [])]
    pieces = [*got, _norm(title or "")]
    leaked = sum(
        1 for piece in pieces if piece not in want and any(m in piece.lower() for m in markers)
    )
    return Score(
        name,
        _norm(title or "") == _norm(expected["title"]),
        date == expected["date"],
        found / len(want) if want else 1.0,
        right / len(got) if got else 0.0,
        leaked,
    )


def inputs() -> list[tuple[Path, dict]]:
    """Each input of the labelled set with its expected result."""
    out = []
    for path in sorted(DATA.iterdir()):
        if path.suffix.lower() in INPUT_SUFFIXES:
            expected = path.with_name(path.stem + ".expected.json")
            out.append((path, json.loads(expected.read_text(encoding="utf-8"))))
    return out


def with_rules(path: Path) -> tuple[str | None, str | None, list[str]]:
    """What `xref import` makes of the input."""
    from search_index.importing import Refused
    from search_index.importing.sources import Input, read_input

    try:
        article = read_input(Input(str(path), path=path))
    except Refused:
        return None, None, []
    return article.title, article.date, article.paragraphs


def libraries_alone(path: Path) -> tuple[str | None, str | None, list[str]]:
    """What the extractors give without this project's rules."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        from pdfminer.high_level import extract_text

        text = extract_text(str(path))
        blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]
        return (blocks[0] if blocks else None), None, blocks[1:]
    if path.suffix == ".txt":
        lines = [line.strip() for line in data.decode("utf-8").split("\n") if line.strip()]
        return (lines[0] if lines else None), None, lines[1:]
    import trafilatura

    result = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    if result is None:
        return None, None, []
    lines = [" ".join(line.split()) for line in (result.text or "").split("\n") if line.strip()]
    return result.title, result.date, lines


def run(extract) -> list[Score]:  # type: ignore[no-untyped-def]
    return [score(path.name, expected, *extract(path)) for path, expected in inputs()]


def totals(scores: list[Score]) -> dict[str, float]:
    count = len(scores) or 1
    return {
        "titles": sum(s.title for s in scores) / count,
        "dates": sum(s.date for s in scores) / count,
        "recall": sum(s.recall for s in scores) / count,
        "precision": sum(s.precision for s in scores) / count,
        "chrome": sum(s.chrome for s in scores),
    }


def meets_targets(summary: dict[str, float]) -> list[str]:
    """The targets missed, in words; empty when all are met."""
    missed = [
        f"{key} {summary[key]:.3f} < {TARGETS[key]}"
        for key in ("titles", "dates", "recall", "precision")
        if summary[key] < TARGETS[key]
    ]
    if summary["chrome"] > TARGETS["chrome"]:
        missed.append(f"{summary['chrome']:g} chrome lines leaked")
    return missed


def _table(label: str, scores: list[Score]) -> None:
    print(f"\n{label}")
    print(f"{'input':<34} {'title':>5} {'date':>5} {'recall':>7} {'prec.':>7} {'chrome':>6}")
    for s in scores:
        print(
            f"{s.name:<34} {'yes' if s.title else 'NO':>5} {'yes' if s.date else 'NO':>5} "
            f"{s.recall:>7.2f} {s.precision:>7.2f} {s.chrome:>6}"
        )
    t = totals(scores)
    n = len(scores)
    print(
        f"{'total (' + str(n) + ' inputs)':<34} {round(t['titles'] * n):>3}/{n} "
        f"{round(t['dates'] * n):>3}/{n} {t['recall']:>7.3f} {t['precision']:>7.3f} "
        f"{t['chrome']:>6g}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    before, after = run(libraries_alone), run(with_rules)
    if args.json:
        print(
            json.dumps(
                {
                    "before": {"inputs": [asdict(s) for s in before], "totals": totals(before)},
                    "after": {"inputs": [asdict(s) for s in after], "totals": totals(after)},
                },
                indent=2,
            )
        )
    else:
        _table("Libraries alone (trafilatura, pdfminer.six, lines of the text)", before)
        _table("xref import (the libraries with the rules of search_index/importing)", after)
        missed = meets_targets(totals(after))
        print("\ntargets met" if not missed else "\ntargets missed: " + "; ".join(missed))
    return 0 if not meets_targets(totals(after)) else 1


if __name__ == "__main__":
    raise SystemExit(main())
