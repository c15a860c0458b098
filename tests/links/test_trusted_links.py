"""Links an analyst trusts (issue 13): passage kinds, evidence for every link, similar
wording, sentence pairs, the cap that respects scores, the vocabulary file's errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from search_index import bundled_texts_dir, load_corpus
from search_index.links import MAX_LINKS, TOP_K, build_links
from search_index.session import Session
from tests.console import xref

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "data" / "links_real"

STATEMENT = """---
id: {id}
title: "{title}"
date: 2024-0{month}-01
---

{title}

London, {month} March 2024

Begin Text:

BODY

End Text
"""


def write_corpus(folder: Path) -> Path:
    texts = folder / "texts"
    texts.mkdir()
    bodies = {
        "one": "The security of the Indo-Pacific and of Europe is closely intertwined, and "
        "the ministers committed themselves to monitoring the situation with partners.",
        "two": "The ministers said that the security of Europe and the Indo-Pacific is closely "
        "interconnected, and they will keep monitoring the situation with partners.",
    }
    for month, (doc, body) in enumerate(bodies.items(), start=1):
        text = STATEMENT.format(id=doc, title=f"Joint Statement on Security {doc}", month=month)
        (texts / f"{doc}.md").write_text(text.replace("BODY", body), encoding="utf-8")
    return texts


def links_json(texts: Path, passage: str, cwd: Path) -> dict:
    run = xref("--texts", str(texts), "links", passage, "--json", cwd=cwd)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_kinds_and_no_links_for_boilerplate(tmp_path: Path) -> None:
    texts = write_corpus(tmp_path)
    kinds = {n: links_json(texts, f"one:{n}", tmp_path) for n in (1, 2, 3, 4, 5)}
    assert [kinds[n]["kind"] for n in (1, 2, 3, 4, 5)] == [
        "heading",
        "dateline",
        "transcript_marker",
        "content",
        "transcript_marker",  # "End Text": short and in both documents
    ]
    for n in (1, 2, 3, 5):  # same title, same dateline shape, same markers: still no link
        assert kinds[n]["links"] == []
    assert [x["target"] for x in kinds[4]["links"]] == ["two:4"]


def test_a_note_introducing_the_text_gets_no_links(tmp_path: Path) -> None:
    """'The following press statement was issued today by ... (Japan):' opens a UN press
    statement: near the top and ending in a colon, it introduces what follows. Two such notes
    share a dozen words, yet they are no claim; a colon far down a document stays content."""
    texts = tmp_path / "texts"
    texts.mkdir()
    claim = (
        "The members of the Security Council condemned in the strongest terms the attacks "
        "on commercial vessels and demanded that they cease immediately."
    )
    for doc, president in (
        ("sc-one", "Kazuyuki Yamazaki (Japan)"),
        ("sc-two", "Ana Paz (Ecuador)"),
    ):
        note = (
            "The following Security Council press statement was issued today by Council "
            f"President {president}:"
        )
        body = f"---\nid: {doc}\ntitle: Press statement {doc}\n---\n\n{note}\n\n{claim}\n"
        (texts / f"{doc}.md").write_text(body, encoding="utf-8")
    note = links_json(texts, "sc-one:1", tmp_path)
    assert note["kind"] == "notice"
    assert note["links"] == []
    assert [x["target"] for x in links_json(texts, "sc-one:2", tmp_path)["links"]] == ["sc-two:2"]


def test_similar_wording_evidence_spans_are_exact(tmp_path: Path) -> None:
    texts = write_corpus(tmp_path)
    corpus = load_corpus([texts])
    link = links_json(texts, "one:4", tmp_path)["links"][0]
    source, target = corpus.passage("one:4").text, corpus.passage("two:4").text
    for item in link["shared"]:
        a, b = item["source_span"]
        c, d = item["target_span"]
        assert source[a:b] == item["text"]
        assert target[c:d] == item["target_text"]
    similar = [x for x in link["shared"] if x["kind"] == "similar"]
    assert [(x["text"], x["target_text"]) for x in similar] == [("intertwined", "interconnected")]
    assert similar[0]["group"] == "interconnected"
    texts_once = [(x["text"].casefold(), x["target_text"].casefold()) for x in link["shared"]]
    assert len(texts_once) == len(set(texts_once))  # each shared item once
    assert link["strength"] in {"strong", "related"}


def test_sentence_pair_of_long_paragraphs() -> None:
    corpus = load_corpus([bundled_texts_dir()])
    xrefs = Session.open(corpus).open_links()
    detail = next(
        d for d in xrefs.links_of("kim-gunn-eu-psc:2") if d.target == "borrell-cho-dprk-russia:4"
    )
    pair = detail.sentences
    assert pair is not None
    source = corpus.passage("kim-gunn-eu-psc:2").text
    target = corpus.passage("borrell-cho-dprk-russia:4").text
    assert source[slice(*pair.source_span)] == pair.source_text
    assert target[slice(*pair.target_span)] == pair.target_text
    assert "closely intertwined" in pair.source_text  # the first sentence, not the second
    assert "principal enemy" not in pair.source_text


def test_cap_never_drops_a_pair_while_a_weaker_link_is_kept() -> None:
    """The labelled statements with the default cap: a pair among both passages' ten best
    candidates is dropped only when one passage is full of stronger links."""
    corpus = load_corpus([REAL])
    analyzer = Session.open(corpus).analyzer
    capped = build_links(corpus, analyzer)
    every = build_links(corpus, analyzer, max_links=1000, top_k=1000)
    cap, best = MAX_LINKS, TOP_K
    kept = {(x.source, x.target) for x in capped}
    tops = {pid: {x.target for x in every.links_of(pid, cap)} for pid in every.passage_ids}
    weakest = {
        pid: min((x.score for x in capped.links_of(pid)), default=None)
        for pid in capped.passage_ids
    }
    dropped = [
        x
        for x in every
        if (x.source, x.target) not in kept
        and x.target in tops[x.source]
        and x.source in tops[x.target]
    ]
    assert dropped
    for pair in dropped:
        ends = (pair.source, pair.target)
        assert all(capped.count(p) >= best for p in ends), f"{pair}: a passage lacks its best"
        full = [p for p in ends if capped.count(p) >= cap - 1]
        assert full, f"{pair} dropped though neither passage is full"
        assert any(weakest[p] >= pair.score - 1e-6 for p in full), f"{pair}: a weaker link kept"
    assert max(capped.count(p) for p in capped.passage_ids) <= cap + best


def test_vocabulary_file_errors_are_one_line_each(tmp_path: Path) -> None:
    texts = write_corpus(tmp_path)
    (texts / "paraphrases.yaml").write_text(
        "similar:\n  troops: [contingent]\n  Bad Id: [a, b]\n  ok-group:\n    - the\n"
        "    - long range ballistic missiles\n    - arms\n",
        encoding="utf-8",
    )
    run = xref("--texts", str(texts), "check", cwd=tmp_path)
    assert run.returncode == 1
    where = str(texts / "paraphrases.yaml")
    lines = [line for line in run.stdout.splitlines() if line.startswith(where)]
    assert any(
        line.startswith(f"{where}:3:") and "bad similar-wording group id" in line for line in lines
    )
    assert any(line.startswith(f"{where}:5:") and "only stop words" in line for line in lines)
    assert any(line.startswith(f"{where}:6:") and "at most 2" in line for line in lines)
    # the good entries still apply: "contingent" joined the bundled troops group
    session = Session.open(load_corpus([texts]))
    assert "contingent" in session.vocabulary.groups["troops"]


def test_labelled_set_targets_reached() -> None:
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    import link_quality

    real = link_quality.real_statements()
    assert real["boilerplate_with_links"] <= 0.05
    assert real["links_without_evidence"] == 0
    assert real["content_whose_first_link_is_boilerplate"] == 0


def test_theme_suggestions_are_whole_phrases_of_content_not_curated_repeats() -> None:
    from search_index.analysis import STOP_WORDS
    from search_index.links import suggest_themes

    corpus = load_corpus([REAL])
    session = Session.open(corpus)
    xrefs = session.open_links()
    suggestions = suggest_themes(xrefs)
    assert suggestions
    curated = [frozenset(session.themes.passages_of(t.id)) for t in session.themes.themes]
    for s in suggestions:
        words = s.label.replace("’", "'").split()
        assert words[0].casefold().strip(",.") not in STOP_WORDS, s.label
        assert words[-1].casefold().strip(",.") not in STOP_WORDS, s.label
        assert s.label.count("(") == s.label.count(")"), s.label
        assert all(xrefs.table.kind(p) == "content" for p in s.passages), s.label
        assert not s.description.startswith("Suggested: shared wording")
        assert any(corpus.document(d).title[:20] in s.description for d in s.documents[:1])
        members = frozenset(s.passages)
        assert all(len(members & c) / len(members | c) < 0.5 for c in curated if c), s.label


def kinds_of(highlights: list) -> list[str]:
    return [h.kind for h in highlights]


def test_panes_draw_the_matched_sentence_under_the_words_and_similar_apart() -> None:
    from tui.widgets.highlight import DRAWN_AS, PassageMarks, link_evidence

    corpus = load_corpus([bundled_texts_dir()])
    xrefs = Session.open(corpus).open_links()
    detail = next(
        d for d in xrefs.links_of("kim-gunn-eu-psc:2") if d.target == "borrell-cho-dprk-russia:2"
    )
    source, target = link_evidence(detail)
    assert [h.kind for h in target] == kinds_of(source)
    kinds = [h.kind for h in source]
    assert kinds[0] == "sentence" and "similar" in kinds and "shared" in kinds
    marks = PassageMarks()
    marks.set_highlights(corpus.document("kim-gunn-eu-psc"), source)
    spans = marks.spans_of(1)
    assert spans[0][2] == DRAWN_AS["sentence"]  # drawn first: the words go over it
    assert (detail.sentences.source_span[0], detail.sentences.source_span[1]) == spans[0][:2]
    similar = {DRAWN_AS["similar"]} & {kind for *_, kind in spans}
    assert similar and DRAWN_AS["similar"] not in {"shared", "alias"}
