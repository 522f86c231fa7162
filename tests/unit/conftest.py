from __future__ import annotations

from pathlib import Path

import pytest

from rag.bot import Bot
from rag.indexer import build
from rag.settings import Settings
from tests.fakes import FakeEmbedder, FakeGenerator

ARTICLE = """Judul Artikel Tentang Meta

Pada tahun 2025, Meta membeli 49% saham Scale AI.

1. Pendiri dan kepemimpinan

Pendiri Scale AI adalah Alexandr Wang, seorang miliarder muda.

2. Pesaing besar

Google mengakuisisi DeepMind pada 2014.
"""


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return d


@pytest.fixture
def settings(tmp_path: Path, docs: Path) -> Settings:
    return Settings(sources=(str(docs),), index_dir=str(tmp_path / "index"), cache_dir=str(tmp_path / "cache"),
                    min_dense_score=0.0)


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def make_bot(settings: Settings, embedder: FakeEmbedder):  # noqa: ANN201
    def make(reply: str | None = None, **overrides: object) -> Bot:
        s = settings.with_overrides(**overrides)
        stored = build(s, embedder, progress=False)
        return Bot.from_stored(s, stored, embedder, FakeGenerator(reply))

    return make
