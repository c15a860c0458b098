"""Deterministic statement-like corpora for the benchmarks.

Real statements repeat themselves across documents (the same diplomatic formulas, the same
names written in several ways), so the generator mixes a fixed vocabulary of domain words, a
long tail of rare names (vocabulary keeps growing with the corpus, as it does in real text), a
pool of shared phrases drawn with a Zipf-like skew (what links find as verbatim evidence), and
aliases (DPRK / North Korea / Democratic People's Republic of Korea ...), so search and links
work on text that behaves like the real thing. The same seed always gives the same bytes.

    python tests/bench/corpus_gen.py --passages 10000 --out /tmp/corpus
    python tests/bench/corpus_gen.py --big --out /tmp/big
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

GENERATOR_VERSION = "1"
"""Bump when the output changes, so cached corpora are regenerated."""

SIZES = (1_000, 10_000, 100_000)
BIG_PARAGRAPHS = 30_000

ALIASES: dict[str, list[str]] = {
    "dprk": ["DPRK", "North Korea", "Democratic People's Republic of Korea", "the DPRK"],
    "rok": ["ROK", "Republic of Korea", "South Korea", "the ROK"],
    "unsc": ["UNSC", "UN Security Council", "United Nations Security Council", "the UNSC"],
    "russia": ["Russia", "Russian Federation", "the Russian Federation"],
    "eu": ["EU", "European Union", "the EU", "the European Union"],
}
OTHER_ACTORS = [
    "Japan",
    "the United States",
    "China",
    "Ukraine",
    "Australia",
    "Canada",
    "the G7",
    "ASEAN",
    "NATO",
    "the IAEA",
    "Iran",
    "India",
    "New Zealand",
    "the United Kingdom",
    "Germany",
    "France",
    "Poland",
    "the Philippines",
    "Mongolia",
    "Viet Nam",
]
ISSUERS = [
    "Ministry of Foreign Affairs, Republic of Korea",
    "EU High Representative for Foreign Affairs and Security Policy",
    "European External Action Service",
    "Council of the European Union",
    "Ministry of Foreign Affairs of Japan",
    "U.S. Department of State",
    "Office of the Spokesperson",
    "Permanent Mission to the United Nations",
    "Ministry of National Defense",
    "G7 Foreign Ministers",
    "Federal Foreign Office",
    "Ministry for Europe and Foreign Affairs",
]
TITLE_PATTERNS = [
    "Joint Statement on {topic}",
    "Press Release: {actor} and {actor2} Discuss {topic}",
    "Statement by the Spokesperson on {topic}",
    "Remarks at the Security Council Briefing on {topic}",
    "Foreign Ministers' Communique on {topic}",
    "Readout of the Meeting on {topic}",
    "Declaration on {topic}",
]
TOPICS = [
    "DPRK-Russia Military Cooperation",
    "Nuclear Non-Proliferation",
    "Maritime Security",
    "Sanctions Implementation",
    "Human Rights in North Korea",
    "Cyber Threats",
    "Indo-Pacific Security",
    "Arms Transfers",
    "Ballistic Missile Launches",
    "Regional Stability",
    "Economic Security",
    "Humanitarian Assistance",
    "Illicit Revenue Generation",
    "Export Controls",
    "Space Security",
]
SUBJECTS = [
    "The Minister",
    "The Foreign Minister",
    "The Special Representative",
    "Both sides",
    "The two sides",
    "The ministers",
    "The High Representative",
    "The delegation",
    "The Spokesperson",
    "The participants",
    "The leaders",
    "The Deputy Secretary General",
    "The Ambassador",
    "The Council",
    "The Government",
    "The Managing Director",
]
VERBS = [
    "condemned",
    "strongly condemned",
    "reaffirmed",
    "expressed serious concern about",
    "welcomed",
    "emphasized",
    "noted",
    "underlined",
    "stressed",
    "agreed to strengthen",
    "discussed",
    "highlighted",
    "recalled",
    "called for",
    "reiterated",
    "deplored",
    "acknowledged",
    "supported",
    "rejected",
    "urged an end to",
    "took note of",
    "shared concerns on",
    "pledged to address",
    "agreed to coordinate on",
    "reviewed",
]
ADJECTIVES = [
    "illegal",
    "illicit",
    "military",
    "nuclear",
    "ballistic",
    "regional",
    "international",
    "continued",
    "growing",
    "serious",
    "unlawful",
    "destabilizing",
    "close",
    "joint",
    "autonomous",
    "coordinated",
    "comprehensive",
    "sustained",
    "flagrant",
    "reckless",
    "provocative",
    "strategic",
    "economic",
    "humanitarian",
    "multilateral",
    "bilateral",
    "maritime",
    "cyber",
    "financial",
    "technical",
    "unprecedented",
    "dangerous",
    "firm",
    "effective",
    "credible",
    "transparent",
    "peaceful",
    "diplomatic",
    "full",
    "complete",
    "verifiable",
    "irreversible",
    "collective",
    "global",
    "significant",
    "further",
    "concrete",
    "robust",
    "urgent",
    "steady",
    "renewed",
    "enhanced",
    "appropriate",
]
NOUNS = [
    "cooperation",
    "sanctions",
    "resolutions",
    "violation",
    "violations",
    "threat",
    "threats",
    "security",
    "stability",
    "peace",
    "missile",
    "missiles",
    "program",
    "programs",
    "arms",
    "transfers",
    "munitions",
    "technology",
    "development",
    "activities",
    "regime",
    "measures",
    "efforts",
    "dialogue",
    "diplomacy",
    "provocations",
    "launches",
    "tests",
    "weapons",
    "capabilities",
    "tensions",
    "revenue",
    "workers",
    "hacking",
    "networks",
    "exports",
    "shipments",
    "vessels",
    "transfers",
    "assistance",
    "commitment",
    "obligations",
    "partnership",
    "consultations",
    "implementation",
    "enforcement",
    "nonproliferation",
    "non-proliferation",
    "denuclearization",
    "deterrence",
    "aggression",
    "occupation",
    "territory",
    "sovereignty",
    "integrity",
    "rights",
    "situation",
    "awareness",
    "concern",
    "support",
    "coordination",
    "response",
    "pressure",
    "engagement",
    "talks",
    "framework",
    "region",
    "peninsula",
    "community",
    "order",
    "law",
    "principles",
    "cyberattacks",
    "cryptocurrency",
    "laundering",
    "evasion",
    "smuggling",
    "procurement",
    "components",
    "ammunition",
    "artillery",
    "drones",
    "satellites",
    "reconnaissance",
    "exercises",
    "deployment",
    "troops",
    "personnel",
    "envoys",
    "summit",
    "visit",
    "briefing",
    "meeting",
]
PREPOSITIONS = [
    "in {place}",
    "with {actor}",
    "against {actor}",
    "on the Korean Peninsula",
    "in the Indo-Pacific region",
    "in Europe",
    "around the world",
    "at the United Nations",
    "in the region and beyond",
    "through various measures",
    "by {actor}",
    "for {actor}",
    "under international law",
    "in close coordination with {actor}",
    "since {year}",
    "in line with {unsc} resolutions",
    "at the invitation of {actor}",
    "in {month} {year}",
]
CONNECTIVES = ["and", "as well as", "including", "while addressing", "together with"]
OPENERS = [
    "",
    "",
    "",
    "",
    "In particular, ",
    "To this end, ",
    "Furthermore, ",
    "In addition, ",
    "On the same day, ",
    "Moreover, ",
    "At the meeting, ",
    "In this regard, ",
]
SHARED_SEEDS = [
    "the security of the Indo-Pacific region and Europe is closely intertwined",
    "in flagrant violation of relevant {unsc} resolutions",
    "complete, verifiable and irreversible denuclearization of {dprk}",
    "arms transfers and military technology cooperation between {russia} and {dprk}",
    "threatens peace and stability on the Korean Peninsula and beyond",
    "undermines the global non-proliferation regime",
    "cut off the revenue that funds {dprk}'s nuclear and missile programs",
    "illicit cyber activities, such as hacking and the dispatch of IT workers",
    "the human rights situation in {dprk} remains dire",
    "{eu} and {rok} will continue to work closely together",
    "full implementation of all relevant {unsc} resolutions by all member states",
    "we call on {dprk} to abandon its nuclear weapons and ballistic missile programs",
    "the transfer of ballistic missiles and munitions to {russia}",
    "Russia's war of aggression against Ukraine",
    "a rules-based international order grounded in the principles of the UN Charter",
    "we remain committed to diplomacy and dialogue",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SYLLABLES = [
    "ka",
    "ro",
    "min",
    "sol",
    "tra",
    "ven",
    "dal",
    "ir",
    "bo",
    "lek",
    "san",
    "ta",
    "mur",
    "hel",
    "gri",
    "zon",
    "pa",
    "vik",
    "ul",
    "nes",
    "tor",
    "am",
    "ki",
    "len",
    "sha",
    "dor",
    "bri",
    "mo",
    "quen",
    "rus",
    "ya",
    "fel",
    "tan",
    "gor",
    "lis",
    "ne",
]


class _Words:
    """The random pieces a generator draws from, fixed by the seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        # A long tail of rare names (places, people, vessels): grows the vocabulary.
        names: set[str] = set()
        while len(names) < 6000:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            names.add(word.capitalize())
        self.names = sorted(names)
        self.name_weights = _zipf_cumulative(len(self.names), 1.05)
        # Shared phrases: the seeds plus generated formulas, drawn with a strong skew.
        phrases = list(SHARED_SEEDS)
        while len(phrases) < 400:
            phrases.append(
                f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} of "
                f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {self._prep()}"
            )
        self.phrases = phrases
        self.phrase_weights = _zipf_cumulative(len(phrases), 0.9)

    def name(self) -> str:
        return self.rng.choices(self.names, cum_weights=self.name_weights)[0]

    def actor(self) -> str:
        rng = self.rng
        if rng.random() < 0.55:
            return rng.choice(ALIASES[rng.choice(list(ALIASES))])
        return rng.choice(OTHER_ACTORS)

    def fill(self, template: str) -> str:
        rng = self.rng
        if "{" not in template:
            return template
        values = {key: rng.choice(names) for key, names in ALIASES.items()}
        values.update(
            actor=self.actor(),
            actor2=self.actor(),
            place=self.name(),
            year=str(rng.randint(2006, 2025)),
            month=rng.choice(MONTHS),
            topic=rng.choice(TOPICS),
        )
        return template.format(**values)

    def _prep(self) -> str:
        return self.fill(self.rng.choice(PREPOSITIONS))

    def noun_phrase(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            return f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        if roll < 0.6:
            return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {self._prep()}"
        if roll < 0.8:
            return f"the {rng.choice(NOUNS)} of {self.actor()}"
        return f"{self.actor()}'s {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"

    def sentence(self) -> str:
        rng = self.rng
        opener, subject = rng.choice(OPENERS), rng.choice(SUBJECTS)
        if opener:
            subject = subject[0].lower() + subject[1:]
        parts = [opener + subject, rng.choice(VERBS), self.noun_phrase()]
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            parts += [rng.choice(CONNECTIVES), self.noun_phrase()]
        if rng.random() < 0.35:
            phrase = rng.choices(self.phrases, cum_weights=self.phrase_weights)[0]
            parts += [
                rng.choice(("recalling", "noting", "concerning", "regarding")),
                self.fill(phrase),
            ]
        if rng.random() < 0.3:
            parts.append(f"in a meeting with {self.name()} {self.name()} {self._prep()}")
        return " ".join(parts) + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def passage(self) -> str:
        return self.paragraph(self.rng.choices((1, 2, 3), weights=(35, 40, 25))[0])


def _zipf_cumulative(n: int, exponent: float) -> list[float]:
    total = 0.0
    cumulative = []
    for rank in range(1, n + 1):
        total += 1.0 / rank**exponent
        cumulative.append(total)
    return cumulative


def _front_matter(doc_id: str, title: str, issuer: str, date: str) -> str:
    # json.dumps gives valid YAML double-quoted strings.
    return (
        f"---\nid: {doc_id}\ntitle: {json.dumps(title)}\nissuer: {json.dumps(issuer)}\n"
        f"date: {date}\nlanguage: en\n---\n\n"
    )


def documents(passages: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """(file name, file text) of documents holding exactly `passages` passages in all."""
    rng = random.Random(f"corpus-{seed}")
    words = _Words(rng)
    start = dt.date(2015, 1, 1)
    left = passages
    index = 0
    while left > 0:
        count = min(left, rng.randint(10, 40))
        left -= count
        index += 1
        doc_id = f"statement-{index:05d}"
        date = (start + dt.timedelta(days=rng.randint(0, 3650))).isoformat()
        title = words.fill(rng.choice(TITLE_PATTERNS))
        body = "\n\n".join(f"{n}. {words.passage()}" for n in range(1, count + 1))
        yield f"{doc_id}.md", _front_matter(doc_id, title, rng.choice(ISSUERS), date) + body + "\n"


def write_documents(folder: Path, passages: int, seed: int = 1) -> Path:
    """Write `documents(passages, seed)` into `folder` (made if missing); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents(passages, seed):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def big_document(paragraphs: int = BIG_PARAGRAPHS, seed: int = 1) -> str:
    """One long document (an annual report): about 5 MB in 30,000 paragraphs."""
    rng = random.Random(f"big-{seed}")
    words = _Words(rng)
    parts = [
        _front_matter(
            "annual-report", "Annual Report on Sanctions Implementation", ISSUERS[0], "2024-12-31"
        )
    ]
    for _ in range(paragraphs):
        parts.append(words.sentence() + "\n\n")
    return "".join(parts)


def bench_dir() -> Path:
    """Where generated corpora and bench caches live (XREF_BENCH_DIR overrides); never $HOME."""
    base = os.environ.get("XREF_BENCH_DIR") or os.path.join(
        tempfile.gettempdir(), f"xref-bench-{os.getuid()}"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _materialise(name: str, write: callable) -> Path:  # type: ignore[valid-type]
    """Generate into a temporary folder and rename it into place, so a cut-short run is redone."""
    root = bench_dir() / "corpora"
    root.mkdir(exist_ok=True)
    target = root / f"{name}-g{GENERATOR_VERSION}"
    if (target / ".complete").exists():
        return target
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    write(tmp)
    (tmp / ".complete").write_text("ok\n")
    if target.exists():
        shutil.rmtree(target)
    os.rename(tmp, target)
    return target


def corpus_path(passages: int, seed: int = 1) -> Path:
    """A folder of generated documents with `passages` passages, cached by seed and size."""

    return _materialise(
        f"corpus-s{seed}-n{passages}", lambda folder: write_documents(folder, passages, seed)
    )


def big_document_path(seed: int = 1) -> Path:
    """A folder holding the single 5 MB document, cached by seed."""

    def write(folder: Path) -> None:
        (folder / "annual-report.md").write_text(big_document(seed=seed), encoding="utf-8")

    return _materialise(f"big-s{seed}", write) / "annual-report.md"


def disk_size(path: Path) -> int:
    """Bytes of the document files under a path (what the corpus costs on disk)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*.md"))


def verify(passages: int, seed: int = 1) -> list[str]:
    """Why the generated corpus would not measure what it claims: load problems or a wrong
    passage count (empty when it is sound). Uses the real loader."""
    from search_index import load_corpus

    path = corpus_path(passages, seed)
    corpus = load_corpus([path])
    problems = [str(problem) for problem in corpus.problems]
    if len(corpus) != passages:
        problems.append(f"{path}: {len(corpus)} passages, expected {passages}")
    again = dict(documents(min(passages, 200), seed))
    if again != dict(documents(min(passages, 200), seed)):
        problems.append("the generator is not deterministic")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--big", action="store_true", help="the single 5 MB document instead")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="write here instead of the bench cache folder")
    args = parser.parse_args()
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        if args.big:
            (out / "annual-report.md").write_text(big_document(seed=args.seed), encoding="utf-8")
        else:
            for name, text in documents(args.passages, args.seed):
                (out / name).write_text(text, encoding="utf-8")
    else:
        out = big_document_path(args.seed) if args.big else corpus_path(args.passages, args.seed)
    print(f"{out}  ({disk_size(out) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
