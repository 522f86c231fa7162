"""The index made in memory over the sources and the database's documents (rag.indexing.memory): grown
from the last one when documents were only added, it equals one made whole; a removal makes it whole."""
from __future__ import annotations

import numpy as np
import pytest

from rag.indexing.indexer import build
from rag.indexing.memory import Document, Memory
from rag.settings import Settings
from rag.types import Paragraph
from tests.fakes import FakeEmbedder


def document(name: str, texts: list[str], embedder: FakeEmbedder) -> Document:
    paragraphs = [Paragraph(i, name, "", t, language="id") for i, t in enumerate(texts, 1)]
    return Document(f"id-{name}", name, f"sha-{name}", (paragraphs, embedder.passages(texts)))


@pytest.fixture
def three(embedder: FakeEmbedder) -> list[Document]:
    return [document("a.md", ["Kucing bernama Whiskers.", "Whiskers tidur."], embedder),
            document("b.md", ["Anjing bernama Bruno."], embedder),
            document("c.md", ["Rapat setiap Kamis.", "Notulen lewat surel.", "Ruang rapat di lantai tiga."], embedder)]


def searched(stored, embedder: FakeEmbedder) -> list[tuple[list[int], list[float]]]:  # noqa: ANN001
    out = []
    for q in ("Whiskers", "Bruno anjing", "rapat Kamis lantai", "saham Meta"):
        scores, ids = stored.index.search(embedder.queries([q]), 5)
        out.append((ids[0].tolist(), np.round(scores[0], 5).tolist()))
    return out


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_grown_one_document_at_a_time_equals_one_made_whole(settings: Settings, embedder: FakeEmbedder,
                                                            three: list[Document], kind: str) -> None:
    s = settings.with_overrides(faiss_index=kind)
    own = build(s, embedder, progress=False)
    grown = Memory()
    for n in range(1, 4):
        stored = grown.combine(s, own, three[:n])
    whole = Memory().combine(s, own, three)
    assert stored.paragraphs == whole.paragraphs and stored.manifest == whole.manifest
    assert [p.number for p in stored.paragraphs] == list(range(1, len(own.paragraphs) + 7))
    assert stored.paragraphs[len(own.paragraphs)].source == "a.md" and stored.manifest.sources["c.md"] == "sha-c.md"
    assert searched(stored, embedder) == searched(whole, embedder)


def test_the_index_in_use_is_never_changed_and_a_removal_builds_it_whole(settings: Settings, embedder: FakeEmbedder,
                                                                         three: list[Document]) -> None:
    own = build(settings, embedder, progress=False)
    memory = Memory()
    first = memory.combine(settings, own, three[:2])
    before = first.index.ntotal
    assert memory.combine(settings, own, three[:2]) is first  # nothing changed: the same
    memory.combine(settings, own, three)
    assert first.index.ntotal == before  # grown from a copy
    without = memory.combine(settings, own, [three[0], three[2]])
    assert [p.source for p in without.paragraphs[len(own.paragraphs):]] == ["a.md", "a.md", "c.md", "c.md", "c.md"]
    assert without.index.ntotal == len(without.paragraphs) and "b.md" not in without.manifest.sources
    assert memory.combine(settings, own, []) is own
