from pathlib import Path

import pytest

from ui.documents import Documents
from ui.session import Session, cleanup

NOTE = "Kantor baru Scale AI dibuka di Jakarta pada 2026 [6]."


class Progress:
    """Stands in for gr.Progress: records what it is told."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __call__(self, progress: tuple[int, int], desc: str | None = None, unit: str = "") -> None:
        self.calls.append((progress, desc))


@pytest.fixture
def documents(make_bot, tmp_path: Path) -> Documents:
    return Documents(make_bot(NOTE), tmp_path / "data")


def add(documents: Documents, session: Session, uploads: Path, *names: str, choice: str = "en") -> tuple:
    progress = Progress()
    status, session, article = documents.add([str(uploads / n) for n in names], choice, session, progress)
    return status, session, article, progress


def test_documents_are_indexed_with_progress_for_this_session_only(documents, uploads, tmp_path) -> None:
    shared = documents.bot.paragraphs
    status, session, article, progress = add(documents, Session(), uploads, "notes.md", "other.txt")
    assert "Added: notes.md, other.txt" in status and 'class="rag-status"' in status
    assert session.bot is not None and session.bot is not documents.bot and documents.bot.paragraphs == shared
    assert [p.number for p in session.bot.paragraphs] == list(range(1, len(shared) + 5))
    assert "notes.md" in article and f"[{len(shared) + 1}]" in article
    assert progress.calls and progress.calls[-1][0][0] == progress.calls[-1][0][1] and progress.calls[-1][1]
    assert all(p.parent.parent == tmp_path / "data" / "uploads" for p in session.documents)


def test_answers_then_come_from_the_session_bot_and_cite_the_document(documents, uploads) -> None:
    from ui.chat import Chat

    _, session, _, _ = add(documents, Session(), uploads, "notes.md")
    content = list(Chat(documents.bot).respond("Di mana kantor baru Scale AI?", "auto", None, session))[-1][1][-1]["content"]
    assert "<code>notes.md</code>" in content and "<mark>Kantor baru Scale AI dibuka di Jakarta pada 2026.</mark>" in content


@pytest.mark.parametrize("name,code,match", [
    ("empty.txt", "en", "The documents were not added (nothing changed): empty.txt: is empty"),
    ("binary.txt", "en", "binary.txt: looks like a binary file"),
    ("latin1.txt", "id", "Dokumen tidak ditambahkan (tidak ada yang berubah): latin1.txt: is not UTF-8"),
    ("big.txt", "en", "big.txt is 1.1 MB; the limit is 1 MB per document."),
    ("slides.pptx", "id", "slides.pptx bukan berkas .txt / .md / .pdf / .docx."),
    ("broken.pdf", "en", "broken.pdf: cannot be read as a PDF"),
    ("notes.pdf", "en", "notes.pdf: is not a PDF (its content does not start like one)"),
])
def test_a_bad_file_gets_a_clear_message_and_nothing_changes(documents, uploads, name, code, match) -> None:
    _, before, _, _ = add(documents, Session(), uploads, "notes.md")
    bot, docs, files = before.bot, list(before.documents), sorted(before.folder.iterdir())
    status, after, article, _ = add(documents, before, uploads, name, "other.txt", choice=code)
    assert 'class="rag-error"' in status and match in status.replace("&#x27;", "'")
    assert after.bot is bot and after.documents == docs and sorted(after.folder.iterdir()) == files
    assert "other.txt" not in article and "notes.md" in article


def test_a_refused_first_upload_leaves_no_folder_behind(documents, uploads, tmp_path) -> None:
    status, session, _, _ = add(documents, Session(), uploads, "empty.txt")
    assert "rag-error" in status and session.folder is None and session.bot is None
    assert list((tmp_path / "data" / "uploads").iterdir()) == []


def test_at_most_five_documents_per_session(documents, uploads) -> None:
    for i in range(6):
        (uploads / f"doc{i}.txt").write_text(f"Dokumen nomor {i}\n\nIsi dokumen {i} tentang kantor.\n", encoding="utf-8")
    _, session, _, _ = add(documents, Session(), uploads, *[f"doc{i}.txt" for i in range(4)])
    status, session, _, _ = add(documents, session, uploads, "doc4.txt", "doc5.txt")
    assert "At most 5 documents per session; you chose 6." in status and len(session.documents) == 4


def test_no_file_chosen_is_a_message(documents) -> None:
    status, session, _ = documents.add(None, "id", Session(), Progress())
    assert "Pilih satu atau beberapa berkas" in status and session.bot is None


def test_reset_and_cleanup_remove_the_documents(documents, uploads) -> None:
    _, session, _, _ = add(documents, Session(), uploads, "notes.md")
    folder, stored = session.folder, list(session.documents)
    status, session, article = documents.reset("en", session)
    assert session.bot is None and session.documents == [] and "notes.md" not in article
    assert not any(p.exists() for p in stored) and "article only" in status
    cleanup(session)
    assert not folder.exists()


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_upload_names_with_folder_parts_are_stored_inside_the_session_folder(documents, uploads, tmp_path) -> None:
    (uploads / "..\\..\\..\\escape.md").write_text("Catatan rahasia\n\nKantor Scale AI di Bandung.\n", encoding="utf-8")
    (uploads / "sub").mkdir()
    before = files_under(tmp_path)
    _, session, _, _ = add(documents, Session(), uploads, "..\\..\\..\\escape.md", "sub/../notes.md")
    assert [p.name for p in session.documents] == ["escape.md", "notes.md"]
    new = files_under(tmp_path) - before
    assert new and all(session.folder in p.parents for p in new), sorted(new)


def paragraph_count(session: Session) -> int:
    return len(session.bot.paragraphs)


def test_a_document_added_again_is_not_indexed_twice(documents, uploads) -> None:
    _, session, _, _ = add(documents, Session(), uploads, "notes.md")
    bot, count, files = session.bot, paragraph_count(session), files_under(session.folder)
    status, session, article, _ = add(documents, session, uploads, "notes.md")
    assert "Already added: notes.md (the same text is already indexed)." in status and session.bot is bot and paragraph_count(session) == count
    assert [p.name for p in session.documents] == ["notes.md"] and files_under(session.folder) == files
    assert article.count("Kantor baru Scale AI dibuka di Jakarta") == 1


def test_the_same_file_twice_in_one_upload_is_indexed_once(documents, uploads) -> None:
    status, session, _, _ = add(documents, Session(), uploads, "notes.md", "other.txt", "notes.md")
    assert "Added: notes.md, other.txt." in status and "Already added: notes.md" in status
    assert [p.name for p in session.documents] == ["notes.md", "other.txt"]
    assert paragraph_count(session) == len(documents.bot.paragraphs) + 4
    assert not (session.folder / "notes-2.md").exists()


def test_uploading_the_article_itself_changes_nothing(documents, uploads, settings, tmp_path) -> None:
    article = Path(settings.sources[0]) / "article.txt"
    status, session, _ = documents.add([str(article)], "id", Session(), Progress())
    assert "Sudah ada: article.txt (teks yang sama sudah diindeks)." in status and session.bot is None and session.folder is None
    assert list((tmp_path / "data" / "uploads").iterdir()) == []
