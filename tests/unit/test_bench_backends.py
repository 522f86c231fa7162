"""The pieces of `python -m bench.backends` that need no database: its embedder and its documents."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from bench.backends import documents
from bench.replica import DIM, HashEmbedder


def test_the_hash_embedder_gives_normalised_384_d_vectors_the_same_in_every_call() -> None:
    texts = ["Meta membeli 49% saham Scale AI.", "Meta bought 49% of Scale AI."]
    a, b = HashEmbedder().passages(texts), HashEmbedder().queries(texts)
    assert a.shape == (2, DIM) == (2, 384) and np.allclose(np.linalg.norm(a, axis=1), 1.0)
    assert np.array_equal(a, b)
    assert float(a[0] @ a[1]) > float(a[0] @ HashEmbedder().passages(["Kucing tidur di lantai tiga."])[0])


def test_the_kept_documents_are_small_a_title_and_two_paragraphs(tmp_path: Path) -> None:
    files = documents(tmp_path / "docs", 5)
    assert [f.name for f in files] == [f"catatan-{i:04d}.txt" for i in range(5)]
    assert all(f.read_text(encoding="utf-8").strip().count("\n\n") == 2 for f in files)
    assert len({f.read_text(encoding="utf-8") for f in files}) == 5
