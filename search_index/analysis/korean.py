"""Korean words (eojeol): where the content ends and the particle or ending begins.

Korean writes a particle or an ending onto the word it follows (공무원은, 공무원이, 공무원의
are all "civil servant"). The analyser indexes Hangul as character pairs, so a word is found
inside compounds (국가공무원); this module says which part of a written word is its content,
so a query with a particle asks for the content only, and which words are grammar only
(수 있다, 하여야 한다), so they never count as shared wording.

The rules are light (no dictionary): a particle or ending is taken off only if what is left
is long enough to be a word, and not when the word's last two syllables are a noun that only
looks like one (회의, 반도, 결과). Kiwi, a morphological analyser, can take their place
(tests/bench/korean_kiwi.py); tests/bench/korean_search.py measures both.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol


def is_hangul(ch: str) -> bool:
    """A Hangul syllable (가-힣): the script whose particles are taken off."""
    return "\uac00" <= ch <= "\ud7a3"


# Particles (josa), safe after a one-syllable word too: 원은, 원을, 원에서.
_SAFE = """은 는 을 를 에 에서 에게 에게서 께서 께서는 에서는 에서도 에서의 에게는 에게도
에는 에도 에의 으로 으로서 으로써 으로는 으로도 으로의 으로부터 로부터 로서 로써
로는 로도 로의 와의 과의 와는 과는 와도 과도 이나 이며 이고 이자 이다 이란 이라는
이라고 이라면 이라도 이지만 이므로 이었다 였다 입니다 라는 라고 까지 까지는 까지의
부터 부터는 마다 조차 보다 처럼 만큼 밖에 마저 이든 뿐만 뿐이다 만이 에게만 에만
과만 와만 으로만 로만 이든지 든지""".split()
# One syllable that ends many nouns too (국가, 회의, 인도): taken off only after two syllables.
_AMBIGUOUS = "이 가 의 도 로 와 과 나 만 며 께 랑 야".split()
# Endings of 하다/되다 verbs made from nouns (대응하여 -> 대응): after two syllables only.
_VERBAL = """하여 하였다 하였으며 하였고 하였음 하였습니다 하고 하는 하며 하기 하기로 하기를
한다 할 한 함 함으로써 해 했다 했으며 했고 하게 하자고 하면서 하지 하도록 하여야 해야 합니다
했습니다 하겠다 하겠다고 하려는 하려고 하던 하였던 했던 된다 되는 된 될 되어 되었다 되었으며 됨
되고 되며 되도록 되지 시키고 시키는 시켜 시킨 시킬""".split()
_AFTER_JEOK = ("인", "으로", "이며", "이고", "이다", "이었다")
"""Endings taken off -적 adjectives (국제적인 -> 국제적): the -적 stays, as Kiwi keeps it."""
_ENDINGS = sorted(
    {(p, True) for p in _SAFE} | {(p, False) for p in _AMBIGUOUS} | {(p, False) for p in _VERBAL},
    key=lambda item: -len(item[0]),
)
_PARTICLES = frozenset(_SAFE) | frozenset(_AMBIGUOUS)
"""Every particle, as a bare word after Latin letters (EU가) or alone."""

NOUN_ENDS = frozenset(
    """회의 합의 협의 논의 결의 동의 정의 주의 건의 심의 토의 발의 의의 강의 모의 거의 의의 민의
    제도 한도 정도 태도 속도 지도 반도 인도 시도 의도 용도 각도 궤도 고도 강도 제주 경기 강원
    국가 평가 추가 증가 참가 대가 단가 물가 시가 부가 인가 휴가 문가 치가 교가
    결과 효과 성과 통과 부과 사과 학과 교과 초과 경과 간과
    차이 사이 나이 아이 거이 높이 길이 넓이 깊이 놀이 먹이 웨이 라이 이이
    경로 진로 항로 해로 통로 도로 수로 공로 활로 회로 판로 기로 미로 노로
    기만 불만 충만 미만 이만 자만 태만
    마을 가을 노을 고을 하나 로나 침해 피해 손해 방해 이해 재해 권한 제한 기한 시한 방한 북한 남한
    역할 포함""".split()
)
"""Two-syllable nouns whose last syllable looks like a particle: a word ending in one keeps it
(정상회의 is not 정상회 + 의, 한반도 not 한반 + 도, 전문가 not 전문 + 가)."""
_KEEP = frozenset(
    """벨기에 스페인 우크라이나 노르웨이 카자흐스탄 이탈리아 파트너 대한민국 조선민주주의인민공화국
    말레이시아 인도네시아 한국인 외국인 남북한 전문가 정치가 외교가 전략가 활동가""".split()
)
"""Whole words that end in a particle-like syllable but are one word."""

FUNCTION_WORDS = frozenset(
    """수 것 등 및 또는 또 또한 그 이 저 그리고 그러나 다만 때 바 데 뿐 중 각 모든 다른 같은
    같이 있다 없다 있는 없는 있고 없고 있으며 없으며 있음 없음 있을 없을 있어 없어
    있도록 있습니다 없습니다 있으면 없으면 있어야 있었다 없었다 있게 없이 한다 하다 하는
    하고 하며 하여 하여야 해야 했다 하였다 하였으며 하였고 하기로 하기 할 한 함 해
    합니다 했습니다 하였습니다 하게 하지 하도록 하면 하거나 하려는 된다 되다 되는 된 될
    되어 되었다 되고 되며 되지 되도록 되면 아니한다 아니하다 아니된다 아니하는 아니한
    아니하고 아니하며 아니하면 아니할 않는다 않고 않은 않는 관한 대한 위한 따른 의한
    인한 관하여 대하여 위하여 따라 의하여 통하여 인하여 통해 위해 대해 관해 해당하는
    해당한다 해당하면 해당하지 다음 이하 이상 이내 이후
    있다고 있다는 있다며 없다고 없다는 한다고 한다는 한다며 했다고 했다는 하였다고 하여서
    해서 된다고 된다는 되었다고
    특히 한편 아울러 더불어 이에 이를 이와 이러한 그러한
    나가다 나가고 나가며 나가기 나가기로 나가자고 나가는 나갈 나간다 나갔다 나가야
    나가겠다 나가면서 나가도록""".split()
)
"""Eojeol that are grammar only (verbs of being and doing and their quoting forms, bound
nouns, postpositions, linking adverbs, the auxiliary 나가다 of 강화해 나가기로; not 이전, which
is also "transfer"): never a search term, never shared wording between two passages."""


_BOUND = frozenset("측간")
"""Bound nouns written onto a Latin name (EU측, 한-EU간: the EU side, between Korea and the EU):
after Latin letters they are grammar, so the name is still the name."""


class KoreanStemmer(Protocol):
    """Where the content of one Hangul word ends (characters from its start), and where it
    may end too when that cannot be told (the same place when it can)."""

    name: str

    def content_length(self, word: str) -> int: ...

    def alternative_length(self, word: str) -> int: ...


def _strip(word: str, min_stem: int) -> int:
    """Length of the word without its longest particle or ending (rules above)."""
    if word in _KEEP or len(word) < 2:
        return len(word)
    for ending in _AFTER_JEOK:
        if word.endswith("적" + ending) and len(word) > len(ending) + 1:
            return len(word) - len(ending)
    tail2 = word[-2:]
    for ending, safe in _ENDINGS:
        if not word.endswith(ending) or len(ending) >= len(word):
            continue
        stem = len(word) - len(ending)
        needed = max(min_stem, 1 if safe else 2)
        if stem < needed:
            continue
        if len(ending) == 1 and tail2 in NOUN_ENDS:
            continue
        return stem
    return len(word)


class LightKorean:
    """The default: particle and ending rules, no dictionary, nothing to load."""

    name = "light"

    def content_length(self, word: str) -> int:
        return _content_length(word)

    def alternative_length(self, word: str) -> int:
        """The other reading of a word the rules cannot decide (위협의: 위협 + 의, or 위 + 협의?):
        a particle taken off where the rules kept it. A query asks for both readings."""
        return _alternative_length(word)


@lru_cache(maxsize=200_000)
def _content_length(word: str) -> int:
    """For a word ending in Hangul: how many leading characters are its content. A word of
    Latin letters or digits followed only by a particle (EU가, DPRK의, 27개국의) keeps the head."""
    if not word or not is_hangul(word[-1]):
        return len(word)
    start = len(word)
    while start > 0 and is_hangul(word[start - 1]):
        start -= 1
    if start == 0:
        return _strip(word, 1)
    tail = word[start:]
    if word[start - 1].isdigit():
        return start if tail in _SAFE else start + _strip(tail, 1)  # 10만 is ten thousand
    if tail in _PARTICLES or (tail[0] in _BOUND and (len(tail) == 1 or tail[1:] in _PARTICLES)):
        return start  # EU가, DPRK의, EU측의, 한-EU간
    return start + _strip(tail, 1)


@lru_cache(maxsize=100_000)
def _alternative_length(word: str) -> int:
    keep = _content_length(word)
    if keep < len(word) or word in _KEEP or not all(is_hangul(ch) for ch in word):
        return keep
    for ending in _AMBIGUOUS:
        if word.endswith(ending) and len(word) > 1:
            return len(word) - 1
    return keep


LIGHT = LightKorean()


_NOT_FUNCTION = frozenset(
    "수도 각도 바로 때로 중도 수로 이도 저도 그도 이나 수만 중이 데도".split()
)
"""Function word + particle-like syllable that is a word of its own (수도, capital city)."""
_PARTICLE_ENDINGS = [e for e, _safe in _ENDINGS if e in _PARTICLES]


@lru_cache(maxsize=100_000)
def function_stem(word: str) -> str:
    """A word with any particle taken off, however short what is left (것을 -> 것)."""
    if word in _NOT_FUNCTION:
        return word
    for ending in _PARTICLE_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


def is_function_word(word: str) -> bool:
    """Whether one written Hangul word is grammar only (수, 있다, 하여야, 것을, 등의)."""
    return word in FUNCTION_WORDS or function_stem(word) in FUNCTION_WORDS


_EOJEOL = re.compile(r"[^\s]+")
_CONTENT = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _hangul_word() -> re.Pattern[str]:
    return re.compile(r"[\uac00-\ud7a3]+")  # compiled when first needed: 2 ms


def eojeol_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each eojeol: Korean words are what lies between spaces."""
    return [m.span() for m in _EOJEOL.finditer(text)]


def inside_korean_word(text: str, i: int) -> bool:
    """Whether position i lies between two letters of one word, one of them Hangul."""
    if i <= 0 or i >= len(text):
        return False
    left, right = text[i - 1], text[i]
    return left.isalnum() and right.isalnum() and (is_hangul(left) or is_hangul(right))


def eojeol_at(text: str, i: int) -> tuple[int, int]:
    """(start, end) of the eojeol holding position i, without punctuation at either end."""
    a, b = i, i
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < len(text) and not text[b].isspace():
        b += 1
    while a < b and not text[a].isalnum():
        a += 1
    while b > a and not text[b - 1].isalnum():
        b -= 1
    return a, b


def snap_span(text: str, start: int, end: int, stemmer: KoreanStemmer = LIGHT) -> tuple[int, int]:
    """A span of shared wording at Korean word (eojeol) edges, so a highlight never cuts a
    word: an end inside a Korean word moves to the word's edge, and the last word then loses
    the particle or ending the analysis takes off (령령 inside 대통령령으로 becomes 대통령령, 원은
    of 공무원은 becomes 공무원). A span of a particle alone (를 of 같다)를) comes back empty: no
    wording. Ends outside Korean words stay where they are (North Korea in North Korea's, EU
    in EU가)."""
    if inside_korean_word(text, start):
        start = eojeol_at(text, start)[0]
    if end <= start:
        return start, end
    a, b = eojeol_at(text, end - 1)
    word = text[a:b]
    if (inside_korean_word(text, end) or end == b) and any(is_hangul(ch) for ch in word):
        end = max(start, a + stemmer.content_length(word))
    return start, end


def is_function_phrase(text: str) -> bool:
    """Whether a piece of text says nothing but grammar: every Hangul word a function word or a
    bare particle, no other letters (하여야 한다, 수 있다, 에는; a page number such as - 10 -)."""
    words = [w for w in _EOJEOL.findall(text)]
    content = False
    for word in words:
        letters = "".join(_CONTENT.findall(word))
        if not letters:
            continue  # digits and punctuation
        if not _hangul_word().fullmatch(letters):
            return False
        if letters in _PARTICLES or letters in _VERBAL:
            continue
        if is_function_word(letters):
            continue
        content = True
    return not content
