"""The library of kept documents (rag/documents/library.py): kept, listed, indexed once, still there after a
restart, all or nothing when a build fails or the process is killed, and safe with two adds at once."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rag import Bot, DocumentError, Settings
from rag.cli import main
from rag.indexing.indexer import build, open_index
from rag.documents.library import KEPT, Library
from tests.fakes import FakeEmbedder, FakeGenerator

ROOT = Path(__file__).resolve().parents[2]
NOTE = "# Catatan\n\nKucing kantor Scale AI bernama Whiskers dan tinggal di lantai tiga.\n"
OTHER = "# Memo\n\nRapat tahunan Scale AI diadakan di Jakarta pada bulan Mei.\n"


@pytest.fixture
def lib_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.with_overrides(library_dir=str(tmp_path / "library"))


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def builder(embedder: FakeEmbedder | None = None):  # noqa: ANN201
    embedder = embedder or FakeEmbedder()
    return lambda s: build(s, embedder, None, progress=False)


def test_a_kept_document_is_indexed_with_the_sources_and_found_again_after_a_restart(lib_settings, tmp_path):
    library = Library.of(lib_settings)
    added = library.add(lib_settings, [write(tmp_path / "in", "catatan.md", NOTE)], builder())
    assert [e.name for e in added] == ["catatan.md"] and (library.docs / added[0].id / KEPT).exists()
    # a restart: a new Library over the same folder, and an index that matches without a rebuild
    again = Library(library.folder)
    s = again.settings(lib_settings)
    assert [e.name for e in again.entries()] == ["catatan.md"] and s.index_dir == str(library.index_dir)
    stored = open_index(s.with_overrides(on_stale="error"), FakeEmbedder(), progress=False)
    assert {p.source for p in stored.paragraphs} == {"article.txt", "catatan.md"}
    bot = Bot.from_stored(s, stored, FakeEmbedder(), FakeGenerator())
    assert bot.retrieve("Siapa nama kucing kantor Scale AI?").hits[0].paragraph.source == "catatan.md"


def test_nothing_kept_leaves_the_settings_as_they_are(lib_settings):
    assert Library.of(lib_settings).settings(lib_settings) == lib_settings
    assert Library.of(lib_settings).entries() == []


def test_a_bad_document_keeps_nothing(lib_settings, tmp_path):
    library = Library.of(lib_settings)
    good, empty = write(tmp_path / "in", "good.md", NOTE), write(tmp_path / "in", "empty.md", "")
    with pytest.raises(DocumentError):
        library.add(lib_settings, [good, empty], builder())
    assert library.entries() == [] and not any(library.docs.iterdir())


def test_a_failed_build_keeps_nothing(lib_settings, tmp_path):
    library = Library.of(lib_settings)

    def broken(s: Settings) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        library.add(lib_settings, [write(tmp_path / "in", "catatan.md", NOTE)], broken)
    assert library.entries() == [] and not any(library.docs.iterdir())


def test_the_same_text_is_kept_once_and_a_same_name_gets_its_own(lib_settings, tmp_path):
    library = Library.of(lib_settings)
    library.add(lib_settings, [write(tmp_path / "a", "catatan.md", NOTE)], builder())
    assert library.add(lib_settings, [write(tmp_path / "b", "catatan.md", NOTE)], builder()) == []
    added = library.add(lib_settings, [write(tmp_path / "c", "catatan.md", OTHER)], builder())
    assert [e.name for e in added] == ["catatan-2.md"]
    assert [e.name for e in library.entries()] == ["catatan.md", "catatan-2.md"]


def test_removing_unlists_and_reindexes_and_the_last_one_drops_the_librarys_index(lib_settings, tmp_path):
    library = Library.of(lib_settings)
    first = library.add(lib_settings, [write(tmp_path / "in", "catatan.md", NOTE)], builder())[0]
    library.add(lib_settings, [write(tmp_path / "in", "memo.md", OTHER)], builder())
    library.remove(lib_settings, first.id, builder())
    assert [e.name for e in library.entries()] == ["memo.md"] and not (library.docs / first.id).exists()
    stored = open_index(library.settings(lib_settings).with_overrides(on_stale="error"), FakeEmbedder(), False)
    assert {p.source for p in stored.paragraphs} == {"article.txt", "memo.md"}
    library.remove(lib_settings, library.entries()[0].id, builder())
    assert library.entries() == [] and not library.index_dir.exists()
    with pytest.raises(DocumentError, match="no document"):
        library.remove(lib_settings, "nope", builder())


def test_an_entry_left_unfinished_is_never_listed_and_cleared_by_the_next_change(lib_settings, tmp_path):
    library = Library.of(lib_settings)
    half = library.docs / "00000000000000000001-deadbeef"
    write(half, "half.md", NOTE)
    assert library.entries() == []
    library.add(lib_settings, [write(tmp_path / "in", "memo.md", OTHER)], builder())
    assert not half.exists() and [e.name for e in library.entries()] == ["memo.md"]


KILLED_CHILD = """
import pathlib, sys, time
from rag.indexing.indexer import build
from rag.documents.library import Library
from rag.settings import Settings
from tests.fakes import FakeEmbedder

class Slow(FakeEmbedder):
    def passages(self, texts):
        pathlib.Path(sys.argv[3]).touch()
        time.sleep(120)
        return super().passages(texts)

s = Settings(sources=(sys.argv[1],), index_dir=sys.argv[1] + "-index", library_dir=sys.argv[2])
Library.of(s).add(s, [pathlib.Path(sys.argv[4])], lambda st: build(st, Slow(), None, progress=False))
"""


def test_a_kill_during_an_add_leaves_the_library_as_it_was(lib_settings, docs, tmp_path):
    library = Library.of(lib_settings)
    kept = library.add(lib_settings, [write(tmp_path / "in", "memo.md", OTHER)], builder())
    started = tmp_path / "embedding-started"
    child = subprocess.Popen([sys.executable, "-c", KILLED_CHILD, str(docs), lib_settings.library_dir, str(started),
                              str(write(tmp_path / "in", "catatan.md", NOTE))],
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while not started.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists(), "the child never reached the embedding step"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    assert library.entries() == kept  # the half-added document is not kept
    stored = open_index(library.settings(lib_settings).with_overrides(on_stale="error"), FakeEmbedder(), False)
    assert {p.source for p in stored.paragraphs} == {"article.txt", "memo.md"}
    assert [e.name for e in library.add(lib_settings, [tmp_path / "in" / "catatan.md"], builder())] == ["catatan.md"]


def test_two_adds_at_once_both_land(lib_settings, tmp_path):
    library, errors = Library.of(lib_settings), []

    def add(name: str, text: str) -> None:
        try:
            library.add(lib_settings, [write(tmp_path / name, f"{name}.md", text)], builder())
        except Exception as exc:  # noqa: BLE001 - collected for the assert
            errors.append(exc)

    threads = [threading.Thread(target=add, args=a) for a in (("catatan", NOTE), ("memo", OTHER))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and sorted(e.name for e in library.entries()) == ["catatan.md", "memo.md"]
    stored = open_index(library.settings(lib_settings).with_overrides(on_stale="error"), FakeEmbedder(), False)
    assert {p.source for p in stored.paragraphs} == {"article.txt", "catatan.md", "memo.md"}


def test_rag_library_lists_the_kept_documents_with_their_paragraphs(lib_settings, tmp_path, capsys):
    folder = tmp_path / "library"
    assert main(["library", "--library-dir", str(folder)]) == 0
    assert "keeps no documents" in capsys.readouterr().out
    Library(folder).add(lib_settings, [write(tmp_path / "in", "catatan.md", NOTE)], builder())
    assert main(["library", "--library-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "catatan.md" in out and "    2 paragraphs" in out


def test_rag_index_and_library_remove_are_written_to_the_audit_log(lib_settings, tmp_path, monkeypatch, capsys):
    from rag.access import audit
    import rag.indexing.embedders

    monkeypatch.setattr(rag.indexing.embedders, "make_embedder", lambda s: FakeEmbedder())
    config = tmp_path / "rag.toml"
    config.write_text(f"sources = [{str(tmp_path / 'docs')!r}]\nindex_dir = {str(tmp_path / 'index')!r}\n"
                      f"audit_log = {str(tmp_path / 'audit.log')!r}\n")
    folder = str(tmp_path / "library")
    note = write(tmp_path / "in", "catatan.md", NOTE)
    assert main(["index", str(note), "--library-dir", folder, "--config", str(config)]) == 0
    entry = Library(Path(folder)).entries()[0]
    assert main(["library", "--remove", entry.id, "--library-dir", folder, "--config", str(config)]) == 0
    log = audit.read(tmp_path / "audit.log")
    assert [(e["via"], e["action"], e["document"]) for e in log] == [("cli", "keep", "catatan.md"), ("cli", "remove", "catatan.md")]
    assert log[0]["user"].endswith("(shell)") and log[0]["sha256"] == log[1]["sha256"] != ""
