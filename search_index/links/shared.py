"""One run of wording two linked passages share: the item of a link's evidence.

Its own module so evidence.py (which finds the runs) and similar_evidence.py (which finds
near-synonyms) both make these items without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Shared"]


@dataclass(frozen=True, slots=True)
class Shared:
    """One run of wording both passages use."""

    text: str
    """The wording as it is in the source passage: source.text[source_span[0]:source_span[1]]."""
    source_span: tuple[int, int]
    target_text: str
    """The wording as it is in the target passage (may differ: 'North Korea' / 'DPRK')."""
    target_span: tuple[int, int]
    terms: int
    """How many terms the run has."""
    alias: bool = False
    """An alias match: the two passages use different words for it and those words are an
    alias name ("North Korea" / "DPRK"). Different forms of one word ("attack" / "attacking")
    are shared wording, not an alias match."""
    kind: str = "shared"
    """'shared' (the same words), 'alias' (another name for one thing) or 'similar' (near-
    synonyms of paraphrases.yaml: "intertwined" / "interconnected"), counted for less."""
    group: str = ""
    """For similar wording: the paraphrases.yaml group the two words are in."""
