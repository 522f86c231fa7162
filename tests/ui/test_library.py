"""The UI's library (ui/library.py) with the fakes: keep, list with paragraph counts, answer over
the kept documents in every session, remove, the same library after a restart, and who may change it
(the handlers are called as a logged-in reader or editor, as Gradio calls them)."""
from pathlib import Path
from types import SimpleNamespace

import pytest

from rag import Bot
from rag.access import audit
from rag.access.userfile import FileAccounts
from rag.documents.library import Library
from rag.shared import SharedBot
from tests.ui.test_documents import Progress
from ui.chat import Chat
from ui.library import LibraryView
from ui.session import Session

EDITOR, READER = SimpleNamespace(username="eddy"), SimpleNamespace(username="rita")


@pytest.fixture
def view(make_bot, tmp_path: Path) -> tuple[LibraryView, list[Bot]]:
    bot = make_bot("Kantor baru Scale AI dibuka di Jakarta pada 2026 [6].")
    base = bot.settings.with_overrides(library_dir=str(tmp_path / "data" / "library"),
                                       audit_log=str(tmp_path / "data" / "audit.log"))
    accounts = FileAccounts(tmp_path / "data" / "users.json")
    accounts.add("eddy", "editor", "editor password")
    accounts.add("rita", "reader", "reader password")
    shared = SharedBot(base, bot)
    swapped: list[Bot] = []
    shared.listeners.append(swapped.append)
    return LibraryView(shared, accounts), swapped


def test_a_kept_document_is_listed_and_answered_over_in_every_session(view, uploads) -> None:
    library, swapped = view
    status, listing, choices, article = library.keep([str(uploads / "notes.md")], "en", Session(), EDITOR, Progress())
    assert "Kept in the library: notes.md" in status and "notes.md · 2 paragraphs" in listing
    assert [c[0] for c in choices["choices"]] == ["notes.md"] and "notes.md" in article
    assert len(swapped) == 1 and swapped[0] is library.shared.current()
    content = list(Chat(library.shared).respond("Di mana kantor baru Scale AI?", "auto", None, Session()))[-1][1][-1]["content"]
    assert "<code>notes.md</code>" in content


def test_a_change_is_written_to_the_audit_log_with_the_users_name(view, uploads, tmp_path: Path) -> None:
    library, _ = view
    library.keep([str(uploads / "notes.md")], "en", Session(), EDITOR, Progress())
    library.remove(library.library.entries()[0].id, "en", Session(), EDITOR)
    log = audit.read(tmp_path / "data" / "audit.log")
    assert [(e["user"], e["via"], e["action"], e["document"]) for e in log] == [
        ("eddy", "ui", "keep", "notes.md"), ("eddy", "ui", "remove", "notes.md")]


def test_a_reader_does_not_see_the_library_buttons_and_is_refused_anyway(view, uploads) -> None:
    library, swapped = view
    assert [u["visible"] for u in library.controls(READER)] == [False] * 3
    assert [u["visible"] for u in library.controls(EDITOR)] == [True] * 3
    status, *_ = library.keep([str(uploads / "notes.md")], "en", Session(), READER, Progress())
    assert "Your role (reader) may not change the library" in status
    assert library.library.entries() == [] and swapped == []
    library.keep([str(uploads / "notes.md")], "en", Session(), EDITOR, Progress())
    status, *_ = library.remove(library.library.entries()[0].id, "en", Session(), READER)
    assert "may not change the library" in status and len(library.library.entries()) == 1


def test_without_accounts_everyone_may_change_the_library(make_bot, tmp_path: Path, uploads) -> None:
    bot = make_bot()
    base = bot.settings.with_overrides(library_dir=str(tmp_path / "library"))
    library = LibraryView(SharedBot(base, bot))
    status, *_ = library.keep([str(uploads / "notes.md")], "en", Session(), SimpleNamespace(username=None), Progress())
    assert "Kept in the library" in status


def test_the_library_is_there_after_a_restart(view, uploads) -> None:
    library, _ = view
    library.keep([str(uploads / "notes.md")], "en", Session(), EDITOR, Progress())
    restarted = Library(library.library.folder)
    assert [e.name for e in restarted.entries()] == ["notes.md"]
    assert str(restarted.folder / "docs") in " ".join(restarted.settings(library.shared.base).sources)


def test_a_bad_file_is_refused_and_nothing_is_kept(view, uploads) -> None:
    library, swapped = view
    status, listing, _, _ = library.keep([str(uploads / "notes.md"), str(uploads / "empty.txt")], "id", Session(),
                                         EDITOR, Progress())
    assert 'class="rag-error"' in status and "tidak ada yang berubah" in status
    assert "Pustaka belum menyimpan dokumen" in listing  # in the labels' language
    assert library.library.entries() == [] and swapped == []


def test_removing_a_kept_document(view, uploads) -> None:
    library, swapped = view
    library.keep([str(uploads / "notes.md")], "en", Session(), EDITOR, Progress())
    entry = library.library.entries()[0]
    status, listing, choices, article = library.remove(entry.id, "en", Session(), EDITOR)
    assert "Removed from the library: notes.md" in status and "keeps no documents yet" in listing
    assert choices["choices"] == [] and "notes.md" not in article and len(swapped) == 2


def test_another_process_keeping_a_document_is_noticed_on_the_next_question(view, uploads, make_bot) -> None:
    library, _ = view
    other = SharedBot(library.shared.base, make_bot("Kantor baru Scale AI dibuka di Jakarta pada 2026 [6]."))
    other.keep([uploads / "notes.md"], "eddy", "api")  # a second process over the same library folder
    assert "notes.md" in {p.source for p in library.shared.current().paragraphs}
