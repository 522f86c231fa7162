"""The UI's library (ui/library.py) with the fakes: keep, list with paragraph counts, answer over
the kept documents in every session, remove, and the same library after a restart."""
from pathlib import Path

import pytest

from rag import Bot
from rag.documents.library import Library
from tests.ui.test_documents import Progress
from ui.chat import Chat
from ui.library import LibraryView
from ui.session import Session


@pytest.fixture
def view(make_bot, tmp_path: Path) -> tuple[LibraryView, list[Bot]]:
    bot = make_bot("Kantor baru Scale AI dibuka di Jakarta pada 2026 [6].")
    swapped: list[Bot] = []
    base = bot.settings.with_overrides(library_dir=str(tmp_path / "data" / "library"))
    return LibraryView(Library.of(base), base, bot, swapped.append), swapped


def test_a_kept_document_is_listed_and_answered_over_in_every_session(view, uploads) -> None:
    library, swapped = view
    status, listing, choices, article = library.keep([str(uploads / "notes.md")], "en", Session(), Progress())
    assert "Kept in the library: notes.md" in status and "notes.md · 2 paragraphs" in listing
    assert [c[0] for c in choices["choices"]] == ["notes.md"] and "notes.md" in article
    assert len(swapped) == 1 and swapped[0] is library.bot
    content = list(Chat(swapped[0]).respond("Di mana kantor baru Scale AI?", "auto", None, Session()))[-1][1][-1]["content"]
    assert "<code>notes.md</code>" in content


def test_the_library_is_there_after_a_restart(view, make_bot, uploads) -> None:
    library, _ = view
    library.keep([str(uploads / "notes.md")], "en", Session(), Progress())
    restarted = Library(library.library.folder)
    assert [e.name for e in restarted.entries()] == ["notes.md"]
    assert str(restarted.folder / "docs") in " ".join(restarted.settings(library.base).sources)


def test_a_bad_file_is_refused_and_nothing_is_kept(view, uploads) -> None:
    library, swapped = view
    status, listing, _, _ = library.keep([str(uploads / "notes.md"), str(uploads / "empty.txt")], "id", Session(),
                                         Progress())
    assert 'class="rag-error"' in status and "tidak ada yang berubah" in status
    assert "Pustaka belum menyimpan dokumen" in listing  # in the labels' language
    assert library.library.entries() == [] and swapped == []


def test_removing_a_kept_document(view, uploads) -> None:
    library, swapped = view
    library.keep([str(uploads / "notes.md")], "en", Session(), Progress())
    entry = library.library.entries()[0]
    status, listing, choices, article = library.remove(entry.id, "en", Session())
    assert "Removed from the library: notes.md" in status and "keeps no documents yet" in listing
    assert choices["choices"] == [] and "notes.md" not in article and len(swapped) == 2
