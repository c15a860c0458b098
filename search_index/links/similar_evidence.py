"""Similar wording in a link's evidence: near-synonyms of one vocabulary group that the two
passages use in different words ("intertwined" / "interconnected"), one item per group.

Apart from evidence.py so each stays readable; both make shared.Shared items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .shared import Shared

if TYPE_CHECKING:
    from ..analysis import Token


def _groups_at(
    tokens: Sequence[Token], used: Sequence[bool], similar: Mapping[tuple[str, ...], Sequence[str]]
) -> dict[str, tuple[tuple[str, ...], int, int]]:
    """Group -> (terms, first token, tokens) of its first occurrence not already evidence."""
    found: dict[str, tuple[tuple[str, ...], int, int]] = {}
    for i in range(len(tokens)):
        for size in (2, 1):
            if i + size > len(tokens) or any(used[i : i + size]):
                continue
            terms = tuple(t.term for t in tokens[i : i + size])
            for group in similar.get(terms, ()):
                found.setdefault(group, (terms, i, size))
    return found


def similar_wording(
    source_text: str,
    target_text: str,
    ta: Sequence[Token],
    tb: Sequence[Token],
    used_a: Sequence[bool],
    used_b: Sequence[bool],
    similar: Mapping[tuple[str, ...], Sequence[str]],
) -> list[Shared]:
    """One 'similar' item per near-synonym group both passages use in different words."""
    in_a = _groups_at(ta, used_a, similar)
    in_b = _groups_at(tb, used_b, similar)
    out: list[Shared] = []
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    for group, (terms, i, size) in sorted(in_a.items(), key=lambda kv: kv[1][1]):
        other = in_b.get(group)
        if other is None or other[0] == terms or i in taken_a or other[1] in taken_b:
            continue
        j, size_b = other[1], other[2]
        taken_a.add(i)
        taken_b.add(j)
        s0, s1 = ta[i].start, ta[i + size - 1].end
        t0, t1 = tb[j].start, tb[j + size_b - 1].end
        out.append(
            Shared(
                source_text[s0:s1],
                (s0, s1),
                target_text[t0:t1],
                (t0, t1),
                size,
                False,
                "similar",
                group,
            )
        )
    return out
