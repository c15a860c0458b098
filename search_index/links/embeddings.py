"""Passage embeddings, cached by text: a second build embeds nothing, a changed passage only itself.

Embedding costs about 1/27 s a passage on 2 cores, so vectors are kept in one file per model,
`<cache>/embeddings/<model id>.npz` (the private cache folder the links use): the SHA-256
(first 16 bytes) of each passage's text and its unit vector in float16 (768 bytes a passage;
cosines move by about 1e-3). A build reads the file, embeds only the texts it lacks and, only
then, writes it again, atomically (temp file + rename); a damaged or foreign file is ignored
and replaced. The vectors used are always the float16 ones, so a rebuild gives the same scores.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..paths import cache_folder, foreign_file
from .table import replace_atomically

EMBEDDINGS_FOLDER = "embeddings"
MAX_STORED = 100_000
"""Vectors kept in the cache file (about 77 MB): the corpus just built first, then the others
it held, so several corpora share it without it growing for ever."""
BATCH = 64
"""Passages embedded between two progress reports."""
FORMAT = 1


@dataclass(slots=True)
class Embedded:
    """Vectors of the passages asked for (zero rows for the others), and what it cost."""

    vectors: np.ndarray
    computed: int
    """Passages embedded by this call (the others came from the cache)."""
    notices: list[str]


def text_key(text: str) -> bytes:
    """What a vector is cached under: the first 16 bytes of the text's SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:16]


def passage_vectors(
    texts: Sequence[str],
    wanted: Sequence[bool],
    zip_path: Path,
    model_id: str,
    progress: Callable[[str, int, int], None] | None = None,
) -> Embedded:
    """Unit vectors of texts[i] where wanted[i] (zero rows elsewhere), from the cache where it
    has them; the rest are embedded with the model in `zip_path` (progress: ("meaning", done,
    total)) and cached under `model_id`."""
    notices: list[str] = []
    rows = [i for i, w in enumerate(wanted) if w]
    keys = [text_key(texts[i]) for i in rows]
    path: Path | None = None
    try:
        path = cache_folder(EMBEDDINGS_FOLDER) / f"{model_id}.npz"
    except OSError as error:
        notices.append(
            f"embeddings cannot be cached ({getattr(error, 'strerror', None) or error}); "
            "they are computed again on every build"
        )
    stored_keys, stored = _load(path, model_id) if path is not None else _empty()
    where = {k: i for i, k in enumerate(stored_keys)}
    missing: dict[bytes, str] = {}
    for i, key in zip(rows, keys, strict=True):
        if key not in where and key not in missing:
            missing[key] = texts[i]
    fresh = _embed(zip_path, list(missing.values()), progress) if missing else None
    dims = stored.shape[1] if fresh is None else fresh.shape[1]
    out = np.zeros((len(texts), dims), dtype=np.float32)
    new_where = {k: j for j, k in enumerate(missing)}
    for i, key in zip(rows, keys, strict=True):
        j = where.get(key)
        out[i] = stored[j] if j is not None else fresh[new_where[key]]  # type: ignore[index]
    if fresh is not None and path is not None:
        try:
            _save(path, model_id, keys, out[rows], stored_keys, stored)
        except OSError as error:
            notices.append(
                f"embeddings cannot be saved in {path.parent} ({error.strerror or error})"
            )
    return Embedded(out, len(missing), notices)


def _embed(
    zip_path: Path, texts: list[str], progress: Callable[[str, int, int], None] | None
) -> np.ndarray:
    """float16-rounded unit vectors of `texts` (the model loaded here: only when needed)."""
    from .minilm import MiniLM

    total = len(texts)
    if progress is not None:
        progress("meaning", 0, total)
    minilm = MiniLM(zip_path)
    parts = []
    for a in range(0, total, BATCH):
        parts.append(minilm.embed(texts[a : a + BATCH]).astype(np.float16))
        if progress is not None:
            progress("meaning", min(total, a + BATCH), total)
    return np.concatenate(parts).astype(np.float32)


def _empty() -> tuple[list[bytes], np.ndarray]:
    return [], np.zeros((0, 0), dtype=np.float32)


def _load(path: Path, model_id: str) -> tuple[list[bytes], np.ndarray]:
    """The cached keys and vectors (float32 from float16), or none if missing or unusable."""
    if not path.exists() or foreign_file(path) is not None:
        return _empty()
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes().decode("utf-8"))
            keys = data["keys"]
            vectors = data["vectors"]
    except Exception:  # any damage means "embed again", never a wrong vector
        return _empty()
    if (
        meta.get("format") != FORMAT
        or meta.get("model") != model_id
        or keys.ndim != 2
        or keys.shape[1] != 16
        or vectors.ndim != 2
        or len(keys) != len(vectors)
        or vectors.dtype != np.float16
        or not np.all(np.isfinite(vectors))
    ):
        return _empty()
    return [bytes(k) for k in keys], vectors.astype(np.float32)


def _save(
    path: Path,
    model_id: str,
    keys: list[bytes],
    vectors: np.ndarray,
    old_keys: list[bytes],
    old: np.ndarray,
) -> None:
    """This corpus's vectors, then the old ones it does not have, up to MAX_STORED; atomically."""
    seen: dict[bytes, int] = {}
    for j, key in enumerate(keys):
        seen.setdefault(key, j)
    order = list(seen.values())[:MAX_STORED]
    new_keys = [keys[j] for j in order]
    parts = [vectors[order]]
    room = MAX_STORED - len(new_keys)
    if room > 0 and len(old_keys):
        taken = set(new_keys)
        keep = [i for i, k in enumerate(old_keys) if k not in taken][:room]
        new_keys += [old_keys[i] for i in keep]
        parts.append(old[keep])
    buffer = io.BytesIO()
    np.savez(
        buffer,
        meta=np.frombuffer(json.dumps({"format": FORMAT, "model": model_id}).encode(), np.uint8),
        keys=np.frombuffer(b"".join(new_keys), dtype=np.uint8).reshape(-1, 16),
        vectors=np.concatenate(parts).astype(np.float16),
    )
    replace_atomically(path, buffer.getvalue(), "embeddings")
