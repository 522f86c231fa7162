import json
from pathlib import Path

import pytest

from rag.indexing import store
from rag.errors import DocumentError, IndexStateError
from rag.indexing.indexer import build, open_index
from tests.fakes import FakeEmbedder


def test_build_writes_manifest_paragraphs_and_vectors(settings, embedder) -> None:
    stored = build(settings, embedder, progress=False)
    root = settings.path(settings.index_dir)
    manifest = json.loads((root / "current" / "manifest.json").read_text())
    assert manifest["embedder"] == "fake/bow" and manifest["dim"] == 64 and manifest["format_version"] == 1
    assert manifest["chunking"]["unit"] == "paragraph" and len(manifest["sources"]["article.txt"]) == 64
    assert stored.index.ntotal == manifest["paragraphs"] == len(stored.paragraphs) == 6


def test_index_files_are_json_and_faiss_only(settings, embedder) -> None:
    build(settings, embedder, progress=False)
    names = sorted(p.name for p in (settings.path(settings.index_dir) / "current").iterdir())
    assert names == ["manifest.json", "paragraphs.jsonl", "vectors.faiss"]


def test_missing_index_is_built(settings, embedder, capsys) -> None:
    assert len(open_index(settings, embedder, progress=False).paragraphs) == 6
    assert "building the index" in capsys.readouterr().err


def test_fresh_index_is_reused_without_embedding_again(settings, embedder) -> None:
    build(settings, embedder, progress=False)
    calls = embedder.calls
    open_index(settings, embedder, progress=False)
    assert embedder.calls == calls


def test_changed_source_is_detected_and_rebuilt(settings, embedder, docs, capsys) -> None:
    build(settings, embedder, progress=False)
    (docs / "article.txt").write_text("New title\n\nOnly one paragraph now.", encoding="utf-8")
    assert len(open_index(settings, embedder, progress=False).paragraphs) == 2
    assert "sources changed since the build: article.txt" in capsys.readouterr().err


def test_changed_source_is_refused_when_rebuilds_are_off(settings, embedder, docs) -> None:
    build(settings, embedder, progress=False)
    (docs / "article.txt").write_text("Changed\n\ntext.", encoding="utf-8")
    with pytest.raises(IndexStateError, match="sources changed.*Run `rag index`"):
        open_index(settings.with_overrides(on_stale="error"), embedder, progress=False)


def test_other_embedder_is_refused_with_what_to_run(settings, embedder) -> None:
    build(settings, embedder, progress=False)
    with pytest.raises(IndexStateError, match="built with embedder fake/bow.*ask for fake/other.*rag index"):
        open_index(settings.with_overrides(on_stale="error"), FakeEmbedder("fake/other", 32), progress=False)


@pytest.mark.parametrize("name,damage", [
    ("vectors.faiss", b"\x00garbage"), ("manifest.json", b"{not json"), ("paragraphs.jsonl", b'{"number": 1}\n'),
])
def test_damaged_index_file_gives_a_clear_error(settings, embedder, name, damage) -> None:
    build(settings, embedder, progress=False)
    root = settings.path(settings.index_dir)
    (root / "current" / name).write_bytes(damage)
    with pytest.raises(IndexStateError, match="rag index"):
        store.read(root)
    assert len(open_index(settings, embedder, progress=False).paragraphs) == 6  # and rebuilds by default


def test_failed_build_leaves_the_previous_index_intact(settings, embedder, docs) -> None:
    build(settings, embedder, progress=False)
    (docs / "bad.txt").write_bytes(b"\x00\x01")
    with pytest.raises(DocumentError, match="binary"):
        build(settings, embedder, progress=False)
    assert len(store.read(settings.path(settings.index_dir)).paragraphs) == 6


def test_crash_while_writing_keeps_the_live_index(settings, embedder, monkeypatch) -> None:
    build(settings, embedder, progress=False)
    root = settings.path(settings.index_dir)
    before = (root / "current").resolve()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("killed mid-build")

    monkeypatch.setattr(store, "make_faiss", crash)
    with pytest.raises(KeyboardInterrupt):
        build(settings, embedder, progress=False)
    assert (root / "current").resolve() == before and store.read(root).index.ntotal == 6


def test_index_given_paths_is_kept_on_load(settings, embedder, tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text("# Other doc\n\nSome text here.", encoding="utf-8")
    build(settings, embedder, [other], progress=False)
    assert {p.source for p in open_index(settings, embedder, progress=False).paragraphs} == {"other.md"}
