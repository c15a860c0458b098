"""Korean link evidence through the public API: whole words, never a particle or a fragment."""

from __future__ import annotations

from pathlib import Path

import pytest

from search_index import load_corpus
from search_index.session import Session

STATUTE = """---
title: "국가공무원법"
language: ko
id: statute
---

제71조 공무원은 질병으로 장기 요양이 필요할 때에는 휴직한다. 휴직 기간은 대통령령으로 정한다.

제72조 임용권자는 공무원이 육아휴직을 원하면 휴직을 명할 수 있다.

제73조 국가공무원의 징계처분은 대통령령으로 정한다.
"""

GUIDE = """---
title: "안내"
language: ko
id: guide
---

공무원이 질병으로 장기 요양이 필요할 경우 휴직하며, 휴직 기간은 대통령령에 따른다.

선거관리위원회는 선거의 공정을 위하여 노력한다.

공무원이 받은 처분의 효력은 대통령이 정한다.
"""


@pytest.fixture
def links(tmp_path: Path):
    (tmp_path / "statute.md").write_text(STATUTE, encoding="utf-8")
    (tmp_path / "guide.md").write_text(GUIDE, encoding="utf-8")
    session = Session.open(load_corpus([tmp_path]))
    yield session.open_links()
    session.close()


def evidence(links, source: str, target: str) -> list[tuple[str, str]]:
    """The words at each span of a link's evidence, in the source and in the target."""
    (detail,) = [d for d in links.links_of(source) if d.target == target]
    a = links.corpus.passage(source).text
    b = links.corpus.passage(target).text
    for s in detail.shared:
        assert a[slice(*s.source_span)] == s.text and b[slice(*s.target_span)] == s.target_text
    return [(a[slice(*s.source_span)], b[slice(*s.target_span)]) for s in detail.shared]


def test_a_word_inside_a_compound_is_shown_as_the_whole_compound(links) -> None:
    # Before: 공무원 cut out of 국가공무원, 대통령 out of 대통령령으로.
    assert evidence(links, "statute:3", "guide:3") == [
        ("국가공무원", "공무원"),
        ("대통령령", "대통령"),
        ("정한다", "정한다"),
    ]
    assert evidence(links, "guide:3", "statute:3") == [
        ("공무원", "국가공무원"),
        ("대통령", "대통령령"),
        ("정한다", "정한다"),
    ]


def test_runs_end_before_the_particle_of_their_last_word(links) -> None:
    assert evidence(links, "statute:1", "guide:1") == [
        ("공무원은 질병으로 장기 요양이 필요", "공무원이 질병으로 장기 요양이 필요"),
        ("휴직한다. 휴직 기간은 대통령령", "휴직하며, 휴직 기간은 대통령령"),
    ]
    assert evidence(links, "statute:1", "guide:3") == [
        ("공무원", "공무원"),
        ("대통령령", "대통령"),
        ("정한다", "정한다"),
    ]


RELEASE_A = """---
title: "한-EU 협의 결과"
language: ko
id: release-a
---

특히, 양측은 해양안보 분야 협력을 강화해 나가기로 했다고 밝혔다.

양측은 사이버 분야에서 긴밀히 소통해 나가기로 했다.
"""

RELEASE_B = """---
title: "한-아세안 협의 결과"
language: ko
id: release-b
---

특히, 양측은 해양안보 분야 협력을 계속 강화해 나가자고 했다고 밝혔다.

양측은 기후변화 대응을 위한 재원 마련에 힘써 나가기로 했다.
"""


def test_linking_adverbs_auxiliaries_and_quoting_forms_are_not_shared_wording(
    tmp_path: Path,
) -> None:
    # 특히 (in particular), the auxiliary 나가다 of 강화해 나가기로 and 했다고 (said that ...)
    # are in every release; before, 나가기로 alone linked two unrelated claims.
    (tmp_path / "a.md").write_text(RELEASE_A, encoding="utf-8")
    (tmp_path / "b.md").write_text(RELEASE_B, encoding="utf-8")
    session = Session.open(load_corpus([tmp_path]))
    links = session.open_links()
    try:
        shown = [a for a, _b in evidence(links, "release-a:1", "release-b:1")]
        assert shown == ["양측은 해양안보 분야 협력", "강화해 나가기로 했다고 밝혔다"]  # one run
        assert "release-b:2" not in [d.target for d in links.links_of("release-a:2")]
    finally:
        session.close()
