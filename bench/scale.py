"""How cost grows with the corpus: index build time and retrieval latency per query."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from eval.running.run import median_p95
from rag.indexing.embedders import Embedder, normalise
from rag.indexing.indexer import build
from rag.search.retrieve import Retriever
from rag.settings import Settings
from rag.indexing.store import make_faiss
from rag.types import Paragraph

from . import synthetic


def build_seconds(settings: Settings, embedder: Embedder, files: list[Path] | None) -> tuple[float, int]:
    """Seconds to read, split, embed and store `files` (None: the shipped sources) into a fresh
    index folder, and the paragraph count."""
    with tempfile.TemporaryDirectory() as tmp:
        s = settings.with_overrides(index_dir=str(Path(tmp) / "index"))
        start = time.perf_counter()
        stored = build(s, embedder, files, progress=False)
        return round(time.perf_counter() - start, 2), len(stored.paragraphs)


def synthetic_build_seconds(settings: Settings, embedder: Embedder, n: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        return build_seconds(settings, embedder, synthetic.write(Path(tmp), n))


def retrieval_latency(settings: Settings, embedder: Embedder, n: int, questions: list[tuple[str, str]],
                      vectors: str = "random") -> dict:
    """Median and p95 milliseconds of one hybrid search (query embedding + FAISS + BM25 + fusion)
    over `n` synthetic paragraphs. Paragraph vectors are random unit vectors (embedding 100k
    paragraphs takes most of an hour here; search cost does not depend on the values)."""
    pairs = synthetic.texts(n, seed=1)
    paragraphs = [Paragraph(i + 1, f"synthetic.{lang}.txt", "", text, False, lang) for i, (lang, text) in enumerate(pairs)]
    rng = np.random.default_rng(0)
    kind = settings.index_kind(n)
    start = time.perf_counter()
    index = make_faiss(normalise(rng.standard_normal((n, embedder.dim)).astype(np.float32)), kind)
    faiss_seconds = time.perf_counter() - start
    retriever = Retriever(paragraphs, index, embedder, settings)
    start = time.perf_counter()
    retriever.search(questions[0][0], questions[0][1])  # builds BM25 and warms the embedder
    lexical_seconds = time.perf_counter() - start
    median, p95 = median_p95(synthetic.search_ms(retriever, questions))
    return {"paragraphs": n, "faiss_index": kind, "median_ms": round(median, 2), "p95_ms": round(p95, 2),
            "faiss_build_s": round(faiss_seconds, 2), "first_query_s": round(lexical_seconds, 2)}
