"""Curated themes: rules analysed like queries (aliases, stems, phrases), explicit passages,
themes.yaml errors with their lines, the bundled themes, and `xref themes` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from console import xref

from search_index import bundled_texts_dir, load_corpus
from search_index.session import Session

KIM, BORRELL = "kim-gunn-eu-psc", "borrell-cho-dprk-russia"


def write_doc(folder: Path, doc_id: str, date: str, *paragraphs: str) -> None:
    body = "\n\n".join(paragraphs)
    (folder / f"{doc_id}.md").write_text(
        f"---\nid: {doc_id}\ntitle: {doc_id}\ndate: {date}\n---\n\n{body}\n", encoding="utf-8"
    )


def corpus_with_themes(tmp_path: Path, themes_yaml: str):
    write_doc(
        tmp_path,
        "alpha",
        "2024-01-01",
        "The DPRK launched a missile.",
        "Arms transfers to Russia continue.",
        "The weather was fine in Brussels.",
    )
    write_doc(
        tmp_path,
        "beta",
        "2024-02-01",
        "North Korea's program worries the region.",
        "They discussed the transfer of arms and trade.",
    )
    (tmp_path / "themes.yaml").write_text(themes_yaml, encoding="utf-8")
    corpus = load_corpus([tmp_path])
    return corpus, Session.open(corpus).themes


def test_alias_rule_tags_every_name_of_the_thing(tmp_path: Path) -> None:
    _corpus, themes = corpus_with_themes(
        tmp_path,
        "themes:\n  - id: dprk\n    label: North Korea\n    description: d\n"
        "    match: [North Korea]\n",
    )
    assert themes.problems == []
    # "DPRK" in alpha:1 and "North Korea's" in beta:1 are the same alias term.
    assert themes.passages_of("dprk") == ["alpha:1", "beta:1"]


def test_phrase_rules_match_stems_in_sequence_only(tmp_path: Path) -> None:
    _corpus, themes = corpus_with_themes(
        tmp_path,
        "themes:\n  - id: arms\n    label: Arms\n    match:\n      - arms transfer\n",
    )
    # "Arms transfers" matches by stem; "transfer of arms" has the words in the other order.
    assert themes.passages_of("arms") == ["alpha:2"]
    assert themes.tags == {"alpha:2": ["arms"]}


def test_explicit_passages_include_and_exclude(tmp_path: Path) -> None:
    _corpus, themes = corpus_with_themes(
        tmp_path,
        "themes:\n"
        "  - id: arms\n    label: Arms\n    description: Arms.\n    match: [arms]\n"
        "    passages:\n      include: [alpha:3]\n      exclude: [beta:2]\n",
    )
    assert themes.problems == []
    assert themes.passages_of("arms") == ["alpha:2", "alpha:3"]


def test_bad_rules_are_reported_with_their_line_and_the_rest_still_apply(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "themes:",  # 1
            "  - id: Bad Id",  # 2
            "    label: x",  # 3
            "    match: [missile]",  # 4
            "  - id: good",  # 5
            "    label: Good",  # 6
            "    description: Good.",  # 7
            "    match:",  # 8
            "      - missile",  # 9
            "      - the",  # 10  only a stop word: matches nothing
            "    passages:",  # 11
            "      include:",  # 12
            "        - nosuch:9",  # 13
            "  - id: good",  # 14 duplicate
            "    label: Again",  # 15
            "    match: [weather]",  # 16
            "  - id: nolabel",  # 17
            "    match: [weather]",  # 18
            "  - id: empty",  # 19 no description, no rule
            "    label: Empty",  # 20
            "    match: []",  # 21
            "",
        ]
    )
    _corpus, themes = corpus_with_themes(tmp_path, text)
    found = {(p.line, p.message.split(":")[0]) for p in themes.problems}
    lines = sorted(p.line for p in themes.problems)
    assert lines == [2, 10, 13, 14, 17, 19, 19], [str(p) for p in themes.problems]
    assert all(p.path.endswith("themes.yaml") for p in themes.problems)
    messages = " | ".join(str(p) for p in themes.problems)
    assert "'the'" in messages and "nosuch:9" in messages and "duplicate" in messages
    assert found  # every problem has a line
    assert [t.id for t in themes.themes] == ["good"]
    assert themes.passages_of("good") == ["alpha:1"]


def test_yaml_syntax_error_is_one_problem_with_a_line(tmp_path: Path) -> None:
    _corpus, themes = corpus_with_themes(
        tmp_path, "themes:\n  - id: a\n    label: [unclosed\n  - id: b\n"
    )
    assert themes.themes == []
    assert len(themes.problems) == 1
    assert themes.problems[0].line is not None
    assert str(themes.problems[0]).startswith(str(tmp_path / "themes.yaml") + ":")


def test_xref_check_reports_themes_problems_with_lines(tmp_path: Path) -> None:
    corpus_with_themes(tmp_path, "themes:\n  - id: ok\n    label: Ok\n    match: [missile, of]\n")
    result = xref("--texts", str(tmp_path), "check", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{tmp_path / 'themes.yaml'}:4:" in result.stdout
    assert "Traceback" not in result.stderr


def test_bundled_themes_are_curated_and_each_tags_a_passage() -> None:
    corpus = load_corpus([bundled_texts_dir()])
    themes = Session.open(corpus).themes
    assert themes.problems == []
    assert len(themes.themes) >= 8
    by_doc: dict[str, set[str]] = {}
    for theme in themes.themes:
        passages = themes.passages_of(theme.id)
        assert passages, f"theme {theme.id} tags nothing"
        assert theme.label and theme.description
        by_doc[theme.id] = {p.rpartition(":")[0] for p in passages}
    shared = [t for t, docs in by_doc.items() if docs == {KIM, BORRELL}]
    only_kim = [t for t, docs in by_doc.items() if docs == {KIM}]
    only_borrell = [t for t, docs in by_doc.items() if docs == {BORRELL}]
    assert shared and only_kim and only_borrell
    intertwined = [t for t in themes.themes if "intertwined" in t.label.lower()]
    assert len(intertwined) == 1
    assert "Indo-Pacific" in intertwined[0].label
    assert themes.passages_of(intertwined[0].id) == [f"{KIM}:2", f"{BORRELL}:4"]


def test_bundled_themes_file_what_each_statement_says() -> None:
    """The curation read as an analyst: wording the audit found unfiled is filed."""
    themes = Session.open(load_corpus([bundled_texts_dir()])).themes

    def numbers(theme_id: str, doc: str) -> list[int]:
        prefix = doc + ":"
        return [int(p[len(prefix) :]) for p in themes.passages_of(theme_id) if p.startswith(prefix)]

    # "decided to further strengthen cooperation to respond to North Korea's illegal activities"
    assert 5 in numbers("eu-rok-cooperation", KIM)
    # "the proliferation of munitions produced in North Korea": arms going abroad.
    assert numbers("dprk-russia-arms", KIM) == [2, 5]
    # January's "illegal"/"illicit" activities and November's "unlawful" arms transfers, war
    # and military cooperation are one framing, raised by both statements ...
    assert numbers("unlawful-conduct", KIM) == [3, 5]
    assert numbers("unlawful-conduct", BORRELL) == [1, 3]
    # ... while international law and the UN Charter are November's alone.
    assert themes.passages_of("international-law") == [f"{BORRELL}:1"]


def test_bundled_themes_do_not_apply_to_another_corpus(tmp_path: Path) -> None:
    write_doc(tmp_path, "alpha", "2024-01-01", "Security is closely intertwined.")
    themes = Session.open(load_corpus([tmp_path])).themes
    assert themes.themes == [] and themes.tags == {}


def test_xref_themes_json_and_coverage_table(tmp_path: Path) -> None:
    result = xref("themes", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["id"] for d in data["documents"]] == [KIM, BORRELL]  # date order
    first = data["themes"][0]
    assert set(first) >= {"id", "label", "description", "passages"}
    assert first["id"] == "intertwined-security"
    assert first["passages"] == [f"{KIM}:2", f"{BORRELL}:4"]
    ukraine = next(t for t in data["themes"] if t["id"] == "war-in-ukraine")
    assert ukraine["missing"] == [KIM]

    table = xref("themes", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].startswith(f"D1 = {KIM} (2024-01-23)")
    assert lines[1].startswith(f"D2 = {BORRELL} (2024-11-04)")
    row = next(line for line in lines if line.startswith("war-in-ukraine"))
    assert row.split()[1:] == ["-", "1"]


def test_suggestions_are_yaml_that_loads_as_themes(tmp_path: Path) -> None:
    """On the bundled statements every candidate repeats a curated theme, so nothing is
    suggested; with no curated themes (the same texts, aliases and paraphrases, an empty
    themes.yaml) their shared wording is suggested as YAML that loads as themes."""
    bundled = xref("themes", "--suggest", cwd=tmp_path)
    assert bundled.returncode == 0, bundled.stderr
    assert (yaml.safe_load(bundled.stdout) or {}).get("themes") is None, bundled.stdout
    texts = tmp_path / "texts"
    texts.mkdir()
    for source in bundled_texts_dir().iterdir():
        if source.is_file() and source.name != "themes.yaml":
            (texts / source.name).write_bytes(source.read_bytes())
    (texts / "themes.yaml").write_text("themes: []\n", encoding="utf-8")
    result = xref("themes", "--suggest", "--texts", str(texts), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert data["themes"], result.stdout
    for item in data["themes"]:
        assert set(item) == {"id", "label", "description", "match"}
    # Pasted into the themes.yaml beside the statements, they load cleanly and tag passages.
    (texts / "themes.yaml").write_text(result.stdout, encoding="utf-8")
    corpus = load_corpus([texts])
    themes = Session.open(corpus).themes
    assert themes.problems == []
    assert len(themes.themes) == len(data["themes"])
    assert all(themes.passages_of(t.id) for t in themes.themes)

    (texts / "themes.yaml").write_text("themes: []\n", encoding="utf-8")
    as_json = xref(
        "themes", "--suggest", "--json", "--limit", "2", "--texts", str(texts), cwd=tmp_path
    )
    suggestions = json.loads(as_json.stdout)["suggestions"]
    assert 1 <= len(suggestions) <= 2
    assert {"id", "label", "description", "match", "passages"} <= set(suggestions[0])


HOSTILE = {
    "aliases": "a: &a [x, x]\nb: &b [*a, *a]\nthemes: [*b]\n",
    "python tag": "themes:\n  - !!python/object/apply:os.system ['true']\n",
    "not a list": "themes:\n  id: x\n",
    "rule not text": "themes:\n  - id: x\n    label: X\n    match: [{a: b}]\n",
    "not utf-8": b"themes:\n  - id: x\n    label: \xff\xfe\n",
}


def test_hostile_themes_files_are_problems_not_crashes(tmp_path: Path) -> None:
    for name, content in HOSTILE.items():
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        write_doc(folder, "alpha", "2024-01-01", "A missile.")
        data = content if isinstance(content, bytes) else content.encode()
        (folder / "themes.yaml").write_bytes(data)
        themes = Session.open(load_corpus([folder])).themes
        assert themes.themes == [], name
        assert len(themes.problems) >= 1, name
        assert all(p.line for p in themes.problems), (name, [str(p) for p in themes.problems])
    folder = tmp_path / "folder-instead"
    folder.mkdir()
    write_doc(folder, "alpha", "2024-01-01", "A missile.")
    (folder / "themes.yaml").mkdir()
    themes = Session.open(load_corpus([folder])).themes
    assert themes.themes == [] and len(themes.problems) == 1


def test_control_bytes_in_themes_yaml_never_reach_labels(tmp_path: Path) -> None:
    _corpus, themes = corpus_with_themes(
        tmp_path,
        'themes:\n  - id: x\n    label: "Evil \\e[31mred"\n    description: d\n'
        "    match: [missile]\n",
    )
    assert themes.problems == []
    assert "\x1b" not in themes.themes[0].label


def test_xref_check_requires_a_description_and_flags_themes_that_tag_nothing(
    tmp_path: Path,
) -> None:
    text = "\n".join(
        [
            "themes:",  # 1
            "  - id: launches",  # 2
            "    label: Launches",  # 3  no description
            "    match: [missile]",  # 4
            "  - id: blank",  # 5
            "    label: Blank",  # 6
            '    description: ""',  # 7
            "    match: [weather]",  # 8
            "  - id: typo",  # 9
            "    label: Typo",  # 10
            "    description: Sanctions, misspelt.",  # 11
            "    match: [sanctoins]",  # 12  valid, but no passage says it
            "",
        ]
    )
    _corpus, themes = corpus_with_themes(tmp_path, text)
    assert [t.id for t in themes.themes] == ["launches", "blank", "typo"]  # they still apply
    assert themes.passages_of("launches") == ["alpha:1"]
    result = xref("--texts", str(tmp_path), "check", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    path = tmp_path / "themes.yaml"
    lines = result.stdout.splitlines()
    needs = "needs a description (one line saying what it is about)"
    assert f"{path}:2: theme 'launches' {needs}" in lines
    assert f"{path}:7: theme 'blank' {needs}" in lines
    assert f"{path}:9: theme 'typo' matches no passage" in lines
    assert not any("'launches' matches" in line or "'blank' matches" in line for line in lines)
    assert lines[-1].startswith("3 problems;")
    assert "Traceback" not in result.stderr


def test_xref_check_of_the_bundled_statements_is_clean(tmp_path: Path) -> None:
    result = xref("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("ok:")


def test_xref_search_warns_about_themes_problems_and_still_searches(tmp_path: Path) -> None:
    corpus_with_themes(
        tmp_path,
        "themes:\n  - id: ok\n    label: Ok\n    description: d\n    match: [missile, of]\n",
    )
    result = xref("--texts", str(tmp_path), "search", "theme:ok", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "alpha:1" in result.stdout
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"xref: warning: themes: {tmp_path / 'themes.yaml'}:5:")
    assert "'of'" in warnings[0]
