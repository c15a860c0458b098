"""The link table: every passage's links, best first, and its cache file `links.npz`.

A compact CSR layout (source rows, targets, scores as NumPy arrays) that loads in
milliseconds, so a warm start reads the links instead of computing them. The file is written
atomically and checked whole on load: any damage means "rebuild", never a wrong link.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..paths import foreign_file, private_folder

LINKS_FILE = "links.npz"
LINKS_FORMAT = 4
"""2: links bounded per passage (MAX_LINKS), ties spread instead of going to the lowest ids.
3: passage kinds (no links for non-content passages), names, similar wording, evidence for
every link, the cap that respects scores. 4: each link's kind (LINK_KINDS: translation links
between a Korean document and its English version)."""
LINK_KINDS = ("similarity", "translation")
"""What a link was found by, in the order of their codes in the table: the wording two
passages share (0), or the alignment of a document with its translation (1, versions.py)."""


@dataclass(frozen=True, slots=True)
class Link:
    source: str
    target: str
    score: float
    kind: str = LINK_KINDS[0]
    """'similarity' or 'translation' (LINK_KINDS)."""


class LinkTable:
    """Links of every passage, best first: a compact CSR layout that loads in milliseconds."""

    def __init__(
        self,
        passage_ids: Sequence[str],
        src: np.ndarray,
        dst: np.ndarray,
        score: np.ndarray,
        term_df: dict[str, int] | None = None,
        key: str = "",
        *,
        ordered: bool = False,
        kinds: np.ndarray | None = None,
        names: Iterable[str] = (),
        similar: Mapping[tuple[str, ...], Sequence[str]] | None = None,
        link_kinds: np.ndarray | None = None,
        meaning: np.ndarray | None = None,
        meaning_note: str = "",
    ) -> None:
        self.passage_ids = list(passage_ids)
        self._row = {pid: i for i, pid in enumerate(self.passage_ids)}
        self.src = np.asarray(src, dtype=np.int32)
        self.dst = np.asarray(dst, dtype=np.int32)
        self.score = np.asarray(score, dtype=np.float32)
        self.link_kinds = (
            np.asarray(link_kinds, dtype=np.uint8)
            if link_kinds is not None
            else np.zeros(len(self.src), np.uint8)
        )
        """Each link's kind as its code in LINK_KINDS (0: similarity)."""
        self.meaning = None if meaning is None else np.asarray(meaning, dtype=np.float32)
        """Each link's embedding cosine when its score blends similar meaning (meaning.py),
        NaN for a link that was not blended; None when the blend was off for the build."""
        if not ordered:  # by source, best first (a cached table is stored that way)
            order = np.lexsort((-self.score, self.src))
            self.src, self.dst, self.score = self.src[order], self.dst[order], self.score[order]
            self.link_kinds = self.link_kinds[order]
            if self.meaning is not None:
                self.meaning = self.meaning[order]
        self.indptr = np.searchsorted(self.src, np.arange(len(self.passage_ids) + 1))
        self.term_df = term_df or {}
        """Passages containing each unigram term: how rare a shared single word is."""
        self.key = key
        n = len(self.passage_ids)
        self.kinds = (
            np.asarray(kinds, dtype=np.uint8) if kinds is not None else np.zeros(n, np.uint8)
        )
        """Each passage's kind as its code in kinds.KINDS (0: content)."""
        self.names = frozenset(names)
        """Terms that are names in this corpus: a run of names only is no evidence."""
        self.similar = {tuple(t): tuple(g) for t, g in (similar or {}).items()}
        """Near-synonym term sequences -> their groups (vocabulary.Vocabulary.compile)."""
        self.meaning_note = meaning_note
        """Why the build did not blend similar meaning although the model is installed (a
        corpus above meaning.MAX_MEANING_PASSAGES), or "": said on every start."""

    def __len__(self) -> int:
        return len(self.src)

    @property
    def passage_count(self) -> int:
        return len(self.passage_ids)

    def kind(self, passage_id: str) -> str:
        """The passage's kind (kinds.KINDS): 'content', 'heading', 'dateline', ..."""
        from .kinds import KINDS

        row = self._row.get(passage_id)
        if row is None or row >= len(self.kinds) or self.kinds[row] >= len(KINDS):
            return KINDS[0]
        return KINDS[int(self.kinds[row])]

    def count(self, passage_id: str) -> int:
        """How many links a passage has (no evidence computed: for gutter markers)."""
        row = self._row.get(passage_id)
        return 0 if row is None else int(self.indptr[row + 1] - self.indptr[row])

    def counts(self, passage_ids: Iterable[str]) -> dict[str, int]:
        """How many links each passage has, in one vectorised step (a document's gutter
        markers); an unknown passage counts 0, as in `count`."""
        ids = list(passage_ids)
        rows = np.fromiter((self._row.get(pid, -1) for pid in ids), dtype=np.int64, count=len(ids))
        known = rows >= 0
        sizes = np.zeros(len(ids), dtype=np.int64)
        sizes[known] = self.indptr[rows[known] + 1] - self.indptr[rows[known]]
        return dict(zip(ids, sizes.tolist(), strict=True))

    def meaning_of(self, source: str, target: str) -> float | None:
        """The embedding cosine blended into the link's score, or None (not blended)."""
        row = self._row.get(source)
        col = self._row.get(target)
        if self.meaning is None or row is None or col is None:
            return None
        a, b = int(self.indptr[row]), int(self.indptr[row + 1])
        hit = np.flatnonzero(self.dst[a:b] == col)
        if len(hit) == 0 or np.isnan(self.meaning[a + int(hit[0])]):
            return None
        return float(self.meaning[a + int(hit[0])])

    def links_of(self, passage_id: str, limit: int | None = None) -> list[Link]:
        """The passage's links, best first; [] for an unknown or unlinked passage."""
        row = self._row.get(passage_id)
        if row is None:
            return []
        a, b = int(self.indptr[row]), int(self.indptr[row + 1])
        if limit is not None:
            b = min(b, a + max(limit, 0))
        ids = self.passage_ids
        kinds = self.link_kinds[a:b].tolist()
        return [
            Link(passage_id, ids[int(d)], float(s), LINK_KINDS[k])
            for d, s, k in zip(self.dst[a:b], self.score[a:b], kinds, strict=True)
        ]

    def link_kind(self, i: int) -> str:
        """The kind of the table's link `i` (LINK_KINDS)."""
        return LINK_KINDS[int(self.link_kinds[i])]

    def __iter__(self) -> Iterator[Link]:
        ids = self.passage_ids
        kinds = self.link_kinds.tolist()
        for s, d, v, k in zip(self.src, self.dst, self.score, kinds, strict=True):
            yield Link(ids[int(s)], ids[int(d)], float(v), LINK_KINDS[k])

    # --- the cache file ---------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write atomically (temp file + rename): a killed build leaves the old file or none.
        The folder is made 0700 and must be ours and private (paths.private_folder), as the
        index's: its parent must exist."""
        terms = list(self.term_df)
        arrays = {
            "meta": _text_array(
                json.dumps(
                    {
                        "format": LINKS_FORMAT,
                        "key": self.key,
                        "names": sorted(self.names),
                        "similar": [[list(t), list(g)] for t, g in self.similar.items()],
                        "meaning_note": self.meaning_note,
                    }
                )
            ),
            "kinds": self.kinds,
            "passage_ids": _text_array("\n".join(self.passage_ids)),
            "src": self.src,
            "dst": self.dst,
            "score": self.score,
            "link_kinds": self.link_kinds,
            "terms": _text_array("\n".join(terms)),
            "df": np.asarray([self.term_df[t] for t in terms], dtype=np.int32),
        }
        if self.meaning is not None:
            arrays["meaning"] = self.meaning
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        private_folder(path.parent)
        replace_atomically(path, buffer.getvalue(), "links")

    @staticmethod
    def stored_key(path: Path) -> str | None:
        """The key a cached table was built for (only its small meta part is read), or None
        if the file is missing, damaged or not ours."""
        if foreign_file(path) is not None:
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(_array_text(data["meta"]))
        except Exception:
            return None
        return str(meta.get("key")) if meta.get("format") == LINKS_FORMAT else None

    @classmethod
    def load(cls, path: Path, key: str) -> LinkTable | None:
        """The cached table if it is whole, was built for `key` and is a file only we can
        write (paths.foreign_file: a planted one is never read); None otherwise."""
        if foreign_file(path) is not None:
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(_array_text(data["meta"]))
                if meta.get("format") != LINKS_FORMAT or meta.get("key") != key:
                    return None
                ids = _array_text(data["passage_ids"]).split("\n")
                src, dst, score = data["src"], data["dst"], data["score"]
                link_kinds = data["link_kinds"]
                terms_text = _array_text(data["terms"])
                df = data["df"]
                kinds = data["kinds"]
                names = [str(t) for t in meta.get("names", [])]
                similar = {
                    tuple(str(x) for x in t): tuple(str(x) for x in g)
                    for t, g in meta.get("similar", [])
                }
                meaning = data["meaning"] if "meaning" in data.files else None
                meaning_note = str(meta.get("meaning_note", ""))
        except Exception:  # any damage (truncated zip, bad JSON, missing array) means rebuild
            return None
        terms = terms_text.split("\n") if terms_text else []
        n = len(ids)
        if (
            len(terms) != len(df)
            or not len(src) == len(dst) == len(score) == len(link_kinds)
            or (len(link_kinds) and int(link_kinds.max()) >= len(LINK_KINDS))
            or (len(src) and (src.min() < 0 or src.max() >= n or dst.min() < 0 or dst.max() >= n))
            or not np.all(np.isfinite(score))
            or len(kinds) != n
            or (len(src) > 1 and np.any(np.diff(src) < 0))
            or (meaning is not None and len(meaning) != len(src))
        ):
            return None
        term_df = dict(zip(terms, df.tolist(), strict=True))
        return cls(
            ids,
            src,
            dst,
            score,
            term_df,
            key,
            ordered=True,
            kinds=kinds,
            names=names,
            similar=similar,
            link_kinds=link_kinds,
            meaning=meaning,
            meaning_note=meaning_note,
        )


def replace_atomically(path: Path, data: bytes, what: str) -> None:
    """Write `data` to `path` through a temp file (.<what>-<pid>-*.tmp) and a rename, so a
    crash mid-write leaves the old file or none, never a broken one; the temps of killed
    writers are removed first."""
    remove_dead_temps(path.parent, f".{what}-*.tmp")
    fd, tmp = tempfile.mkstemp(prefix=f".{what}-{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove_dead_temps(folder: Path, pattern: str = ".links-*.tmp") -> None:
    """Delete temp files (`pattern`: .<what>-<pid>-*.tmp) of builds that were killed (their
    process is gone)."""
    try:
        leftovers = list(folder.glob(pattern))
    except OSError:
        return
    for leftover in leftovers:
        parts = leftover.name.split("-")
        pid = int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None
        if pid is not None and pid != os.getpid():
            try:
                os.kill(pid, 0)
                continue  # still building
            except ProcessLookupError:
                pass
            except OSError:
                continue
        with contextlib.suppress(OSError):
            leftover.unlink()


def _text_array(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _array_text(array: np.ndarray) -> str:
    return array.tobytes().decode("utf-8")
