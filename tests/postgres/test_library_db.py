"""The library in PostgreSQL (`database_url`): a document kept or removed by one process is searched by
another within 2 s (LISTEN/NOTIFY); keeping is one transaction, so a kill leaves nothing; two processes
keeping at once lose nothing; a process whose database goes away answers from what it has and catches
up when it returns; the manifest refuses another embedder as the folder index does."""
from __future__ import annotations

import logging
import signal
import subprocess
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from rag.errors import DatabaseError, DocumentError, IndexStateError
from rag.indexing.dblibrary import DbLibrary
from rag.settings import Settings
from rag.shared import SharedBot
from rag.store.db import Database
from tests.fakes import FakeEmbedder

from . import keeper
from .cluster import Cluster

pytestmark = pytest.mark.postgres
NOTE = "# Kucing kantor\n\nKucing kantor Scale AI bernama Whiskers dan suka tidur.\n\nWhiskers tidur di lantai tiga.\n"


@pytest.fixture
def base(settings: Settings, upgraded: str) -> Settings:
    return settings.with_overrides(database_url=upgraded)


@pytest.fixture
def shared(make_bot: Callable, base: Settings) -> Iterator[SharedBot]:  # noqa: ANN001
    """A process's shared bot over the library in the database, following it."""
    made = SharedBot(base, make_bot().over(base, DbLibrary.of(base).open(base, FakeEmbedder()).stored))
    yield made
    made.close()


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "kept" / "kucing.md"
    path.parent.mkdir()
    path.write_text(NOTE, encoding="utf-8")
    return path


def until(check: Callable[[], bool], seconds: float) -> float:
    """Seconds until `check()` holds; fails after `seconds`."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > seconds:
            pytest.fail(f"not within {seconds} s")
        time.sleep(0.02)
    return time.monotonic() - start


def sources(shared: SharedBot, question: str = "Whiskers kucing kantor") -> list[str]:
    return [h.paragraph.source for h in shared.current().retrieve(question).hits]


def test_a_document_kept_by_another_process_is_searched_here_within_2_s(shared: SharedBot, base: Settings,
                                                                       note: Path) -> None:
    assert "kucing.md" not in sources(shared)
    [entry] = keeper.run(base, "keep", note)  # returns once committed
    took = until(lambda: sources(shared)[0] == "kucing.md", 2.0)
    hit = shared.current().retrieve("Whiskers kucing kantor").hits[0].paragraph
    assert hit.number > len([p for p in shared.current().paragraphs if p.source != "kucing.md"])  # after the sources'
    assert [e.id for e in shared.library.entries()] == [entry]
    print(f"kept by another process, searched here after {took:.3f} s")
    keeper.run(base, "remove", entry)
    took = until(lambda: "kucing.md" not in sources(shared), 2.0)
    print(f"removed by another process, gone here after {took:.3f} s")


def test_a_kill_during_a_keep_leaves_nothing(shared: SharedBot, base: Settings, note: Path) -> None:
    db = Database(base.database_url)
    with db.connect() as holder, holder.transaction():
        holder.execute("SELECT version FROM library_state FOR UPDATE")  # the keep waits at its last step
        proc = subprocess.Popen(keeper.command(base, "keep", note), cwd=keeper.ROOT, stdout=subprocess.PIPE)
        until(lambda: db.one("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                             "AND query LIKE 'UPDATE library_state%%'")[0] == 1, 60.0)  # rows written, not committed
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    until(lambda: db.one("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'UPDATE library_state%%'")[0] == 0, 10.0)
    assert db.one("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM paragraphs), "
                  "(SELECT version FROM library_state)") == (0, 0, 0)
    assert len(keeper.run(base, "keep", note)) == 1  # the same document keeps whole afterwards
    assert db.one("SELECT count(*) FROM paragraphs")[0] == 3


def test_two_processes_keeping_at_once_lose_nothing(shared: SharedBot, base: Settings, tmp_path: Path) -> None:
    batches = []
    for who in ("one", "two"):
        folder = tmp_path / who
        folder.mkdir()
        for i in range(6):
            (folder / f"{who}-{i}.md").write_text(f"# Catatan {who} {i}\n\nIsi catatan {who} nomor {i}.\n", encoding="utf-8")
        batches.append([folder / f"{who}-{i}.md" for i in range(6)])
    procs = [subprocess.Popen(keeper.command(base, "keep", *batch), cwd=keeper.ROOT, stdout=subprocess.PIPE)
             for batch in batches for batch in [batch[:3], batch[3:]]]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    names = {e.name for e in shared.library.entries()}
    assert names == {f"{who}-{i}.md" for who in ("one", "two") for i in range(6)}
    assert shared.library.db.one("SELECT count(*), (SELECT version FROM library_state) FROM paragraphs") == (24, 4)
    until(lambda: {p.source for p in shared.current().paragraphs} >= names, 2.0)


def test_the_same_name_twice_is_kept_as_two_and_the_same_text_once(shared: SharedBot, base: Settings, note: Path,
                                                                 tmp_path: Path) -> None:
    other = tmp_path / "other" / "kucing.md"
    other.parent.mkdir()
    other.write_text("# Anjing\n\nAnjing kantor bernama Rex.\n", encoding="utf-8")
    first = shared.keep([note], "sari", "api")
    assert [e.name for e in first] == ["kucing.md"] and shared.keep([note], "sari", "api") == []
    assert [e.name for e in shared.keep([other], "sari", "api")] == ["kucing-2.md"]
    assert sources(shared, "Anjing kantor Rex")[0] == "kucing-2.md"  # this process: at once, not by notification


def test_a_process_answers_while_the_database_is_away_and_catches_up(cluster: Cluster, shared: SharedBot,
                                                                     base: Settings, note: Path,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("rag.serve.library")
    log.addHandler(caplog.handler)
    try:
        until(lambda: shared.follower.connected, 5.0)
        before = sources(shared)
        cluster.stop()
        try:
            until(lambda: not shared.follower.connected, 10.0)
            assert "lost the connection to PostgreSQL" in caplog.text and "answering from the library as it was" in caplog.text
            assert sources(shared) == before  # still answering
            with pytest.raises(DatabaseError, match="is the server running"):
                shared.keep([note], "sari", "api")
        finally:
            cluster.start()
        other = DbLibrary(Database(base.database_url))  # another process's library, as it were
        other.add(base, [note], FakeEmbedder(), "budi")
        took = until(lambda: sources(shared)[0] == "kucing.md", 5.0)  # reconnecting: retried every 1 s
        assert "is back after" in caplog.text
        print(f"caught up {took:.3f} s after the keep")
    finally:
        log.removeHandler(caplog.handler)


def test_another_embedder_is_refused_as_the_folder_index_refuses_it(shared: SharedBot, base: Settings,
                                                                   note: Path, tmp_path: Path) -> None:
    shared.keep([note], "sari", "api")
    (tmp_path / "other.md").write_text("Anjing kantor bernama Rex.\n", encoding="utf-8")
    library = DbLibrary.of(base)
    with pytest.raises(IndexStateError, match=r"built with embedder fake/bow \(64-d\), settings ask for "
                                              r"fake/other \(32-d\)\. .*rag index"):
        library.open(base, FakeEmbedder("fake/other", 32))
    with pytest.raises(IndexStateError, match="built with chunking"):
        library.add(base.with_overrides(heading_context=False), [tmp_path / "other.md"], FakeEmbedder(), "sari")


def test_a_sessions_own_file_is_searched_with_the_library_in_the_database_and_kept_nowhere(shared: SharedBot,
                                                                                          base: Settings, note: Path,
                                                                                          tmp_path: Path) -> None:
    keeper.run(base, "keep", note)
    until(lambda: sources(shared)[0] == "kucing.md", 2.0)
    library = shared.current()
    own = tmp_path / "session" / "anjing.md"
    own.parent.mkdir()
    own.write_text("# Anjing penjaga\n\nAnjing penjaga bernama Bruno tidur di lobi gedung.\n", encoding="utf-8")
    session = library.with_documents([own])
    assert [h.paragraph.source for h in session.retrieve("Bruno anjing penjaga lobi").hits][:1] == ["anjing.md"]
    assert [h.paragraph.source for h in session.retrieve("Whiskers kucing kantor").hits][:1] == ["kucing.md"]  # the library's too
    assert len(session.paragraphs) == len(library.paragraphs) + 2 and session.retriever.index.ntotal == len(session.paragraphs)
    assert "anjing.md" not in sources(shared, "Bruno anjing penjaga lobi")  # the process's own index is as it was
    assert [e.name for e in shared.library.entries()] == ["kucing.md"]  # and nothing was kept
    assert session.with_documents([own]) is session  # the same file again: nothing new
    copy = tmp_path / "kucing.md"
    copy.write_text(NOTE, encoding="utf-8")
    assert library.with_documents([copy]) is library  # a kept document's text: already searched
    clash = tmp_path / "other" / "kucing.md"
    clash.parent.mkdir()
    clash.write_text("Teks lain dengan nama yang sama.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="rename it"):
        library.with_documents([clash])
