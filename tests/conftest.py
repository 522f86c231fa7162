"""Shared fixtures. No test reaches the network: hubs are switched off and only loopback is allowed.

No test reads or writes the user's own settings, cache, index or library: before anything is
collected, `RAG_SETTINGS` points every `Settings.load()` (in this process and in every server or
command a test starts) at a settings file of the session's own, whose cache, index and library are
in a temporary folder. Only the verified model weights are read from where the set-up joined them
(`models_dir`; they are checked by SHA-256 before loading and never written by a test).
"""
from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from rag.bot import Bot
from rag.indexing.indexer import build
from rag.settings import SETTINGS_ENV, Settings
from tests.fakes import FakeEmbedder, FakeGenerator

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

_HOME: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    """The session's own settings file, cache, index and library (see the module docstring)."""
    global _HOME
    models = os.environ.get("RAG_TEST_MODELS_DIR") or str(Settings().folder("models"))  # where the set-up joined them
    _HOME = Path(tempfile.mkdtemp(prefix="rag-tests-"))
    settings = _HOME / "settings.toml"
    settings.write_text(f"cache_dir = {str(_HOME / 'cache')!r}\nindex_dir = {str(_HOME / 'index')!r}\n"
                        f"models_dir = {models!r}\n", encoding="utf-8")
    os.environ[SETTINGS_ENV] = str(settings)
    os.environ.pop("RAG_DATABASE_URL", None)  # never the user's database: the postgres tests make their own
    os.environ["XDG_CACHE_HOME"] = str(_HOME / "xdg")  # Settings() without a file: also the session's


def pytest_unconfigure(config: pytest.Config) -> None:
    if _HOME is not None:
        shutil.rmtree(_HOME, ignore_errors=True)

_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")) \
            and self.family in (socket.AF_INET, socket.AF_INET6):
        raise RuntimeError(f"tests must not reach the network (tried {address!r})")
    return _connect(self, address)


@pytest.fixture(scope="session")
def real_bot() -> Bot:
    """The real models (quality profile) on the shipped article, loaded once for every test that asks."""
    return Bot.load(progress=False)


@pytest.fixture(scope="session")
def real_fast_bot() -> Bot:
    """The same with the fast profile's generator (0.5B)."""
    return Bot.load(generator_profile="fast", progress=False)


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]


# Fixtures for tests with the fake embedder and generator (no models).
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
                    min_dense_score=0.0, answer_threshold=0.0)  # the fakes' signals mean nothing: the decision is tested apart


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
