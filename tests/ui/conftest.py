"""A real `rag.Bot` over a tiny corpus with the fake embedder and generator (no models), and files to upload."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from rag import Bot, Settings
from rag.indexing.indexer import build
from tests.fakes import FakeEmbedder, FakeGenerator

ARTICLE = """Judul Artikel Tentang Meta

Pada tahun 2025, Meta membeli 49% saham Scale AI.

1. Pendiri dan kepemimpinan

Scale AI berkantor di San Francisco. Pendiri Scale AI adalah Alexandr Wang, seorang miliarder muda. Ia dikenal cepat.

2. Bagian <script>alert("section")</script>

Google mengakuisisi DeepMind pada 2014. <img src=x onerror="alert(1)"> <script>alert("p")</script> tetap teks.
"""

MakeBot = Callable[..., Bot]
ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 300


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return Settings(sources=(str(docs),), index_dir=str(tmp_path / "index"), cache_dir=str(tmp_path / "cache"),
                    min_dense_score=0.0, answer_threshold=0.0)  # the fakes' signals mean nothing: the decision is tested apart


@pytest.fixture
def make_bot(settings: Settings) -> MakeBot:
    """make_bot("Pendiri Scale AI adalah Alexandr Wang [4].") -> a Bot whose generator always says that."""
    def make(reply: str | None = None, **overrides: object) -> Bot:
        s = settings.with_overrides(**overrides)
        embedder = FakeEmbedder()
        return Bot.from_stored(s, build(s, embedder, progress=False), embedder, FakeGenerator(reply))

    return make


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    """A folder of files as a browser would upload them."""
    d = tmp_path / "browser"
    d.mkdir()
    (d / "notes.md").write_text("# Catatan\n\nKantor baru Scale AI dibuka di Jakarta pada 2026.\n", encoding="utf-8")
    (d / "other.txt").write_text("Other notes\n\nThe Jakarta office has 12 staff.\n", encoding="utf-8")
    (d / "empty.txt").write_text("  \n", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 10)
    (d / "latin1.txt").write_bytes("Caf\xe9 na\xefve".encode("latin-1"))
    (d / "big.txt").write_text("kata " * 220_000, encoding="utf-8")
    (d / "slides.pptx").write_bytes(b"PK\x03\x04 fake slides")
    (d / "broken.pdf").write_bytes(b"%PDF-1.4 not really a PDF")
    (d / "notes.pdf").write_bytes(b"Plain text pretending to be a PDF.")
    return d


def _start_ui(data: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """`python -m ui` with the real models on a free port; (process, address) once it serves."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    proc = subprocess.Popen([sys.executable, "-m", "ui", "--port", str(port), "--data-dir", str(data), *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True).start()
    start = time.perf_counter()
    while not any("rag-ui: open" in line for line in lines):
        if proc.poll() is not None or time.perf_counter() - start > START_TIMEOUT_S:
            proc.kill()
            pytest.fail(f"the UI did not start (exit {proc.poll()}):\n{''.join(lines)}", pytrace=False)
        time.sleep(0.2)
    print(f"\n[ui] app started with the models loaded in {time.perf_counter() - start:.1f}s")
    return proc, f"http://127.0.0.1:{port}/"


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The UI with the generator in its own process, started once for all integration tests here."""
    proc, url = _start_ui(tmp_path_factory.mktemp("ui-data"))
    yield url
    _stop(proc)


@pytest.fixture(scope="session")
def ui_server_remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The UI with its generator behind a real llama-cpp-python server (the same 1.5B GGUF)."""
    from rag.generators.weights import ensure
    from tests.servers import LlamaServer

    s = Settings.load()
    folder = tmp_path_factory.mktemp("ui-remote")
    server = LlamaServer(ensure("quality", s.folder("models")), log=folder / "server.log").start()
    proc, url = _start_ui(folder / "data", "--generator-backend", "openai", "--generator-url", server.url)
    yield url
    _stop(proc)
    server.stop()
