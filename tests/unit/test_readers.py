"""PDF and Word documents, made by real libraries in the test: text, pages, headings, and the
files that cannot be read (scanned, encrypted, broken, or not what their name says)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from rag.documents.corpus import load_corpus, read_source
from rag.errors import DocumentError

PAGES = [["Laporan Kantor Jakarta", "", "Kantor baru Scale AI dibuka di Jakarta", "pada tahun 2026.", "",
          "Kantor itu punya 12 staf."],
         ["Catatan kedua", "", "", "Direktur kantor itu adalah Sari Wulandari."]]


def make_pdf(path: Path, pages: list[list[str]], image_only: bool = False) -> Path:
    """A real PDF written by matplotlib's PDF backend: each line placed as text (or only an image)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path) as pdf:
        for lines in pages:
            fig = plt.figure(figsize=(8.27, 11.69))
            if image_only:
                fig.figimage([[0.0, 1.0], [1.0, 0.0]], 100, 100)
            for k, line in enumerate(lines):
                if line and not image_only:
                    fig.text(0.1, 0.9 - 0.03 * k, line, fontsize=12)
            pdf.savefig(fig)
            plt.close(fig)
    return path


def make_docx(path: Path, blocks: list[tuple[str, str]]) -> Path:
    import docx

    document = docx.Document()
    for style, text in blocks:
        document.add_heading(text, level=1) if style == "heading" else document.add_paragraph(text)
    document.save(path)
    return path


def test_a_pdfs_paragraphs_know_their_page(tmp_path: Path) -> None:
    paragraphs = load_corpus([read_source(make_pdf(tmp_path / "laporan.pdf", PAGES))])
    found = {p.text: p.page for p in paragraphs}
    assert found["Kantor baru Scale AI dibuka di Jakarta pada tahun 2026."] == 1
    assert found["Kantor itu punya 12 staf."] == 1
    assert found["Direktur kantor itu adalah Sari Wulandari."] == 2
    assert paragraphs[0].text == "Laporan Kantor Jakarta" and paragraphs[0].is_heading


def test_a_word_documents_headings_become_sections(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "catatan.docx", [("heading", "Kantor Jakarta"), ("text", "Kantor itu punya 12 staf."),
                                                  ("heading", "Direksi"), ("text", "Direkturnya Sari Wulandari.")])
    paragraphs = load_corpus([read_source(path)])
    assert [(p.text, p.section, p.page) for p in paragraphs if not p.is_heading] == [
        ("Kantor itu punya 12 staf.", "Kantor Jakarta", None), ("Direkturnya Sari Wulandari.", "Direksi", None)]


def test_a_scanned_pdf_without_text_says_so(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="scan.pdf: has no text to read.*OCR"):
        read_source(make_pdf(tmp_path / "scan.pdf", [["x"]], image_only=True))


def test_an_encrypted_pdf_says_so(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(make_pdf(tmp_path / "plain.pdf", PAGES)))
    writer.encrypt(user_password="rahasia", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    (tmp_path / "locked.pdf").write_bytes(buf.getvalue())
    with pytest.raises(DocumentError, match="locked.pdf: is encrypted"):
        read_source(tmp_path / "locked.pdf")


def test_a_broken_pdf_cannot_be_read(tmp_path: Path) -> None:
    whole = make_pdf(tmp_path / "whole.pdf", PAGES).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(whole[: len(whole) // 3])
    with pytest.raises(DocumentError, match="cut.pdf: (cannot be read as a PDF|has no text)"):
        read_source(tmp_path / "cut.pdf")


@pytest.mark.parametrize("name,content,match", [
    ("notes.pdf", b"Just some text.", "notes.pdf: is not a PDF"),
    ("notes.docx", b"Just some text.", "notes.docx: is not a Word document"),
    ("fake.docx", b"PK\x03\x04 not a zip at all", "fake.docx: cannot be read as a Word document"),
])
def test_content_that_does_not_match_its_name_says_so(tmp_path: Path, name: str, content: bytes, match: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(DocumentError, match=match):
        read_source(tmp_path / name)


def test_a_pdf_named_as_text_is_refused(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_bytes(make_pdf(tmp_path / "r.pdf", PAGES).read_bytes())
    with pytest.raises(DocumentError, match="report.txt: is a PDF or Word file"):
        read_source(tmp_path / "report.txt")


def test_an_empty_word_document_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="empty.docx: is empty"):
        read_source(make_docx(tmp_path / "empty.docx", []))


def test_a_pdf_answers_with_its_page_in_the_citation(make_bot, tmp_path: Path) -> None:
    bot = make_bot("Direkturnya Sari Wulandari [10].").with_documents([make_pdf(tmp_path / "laporan.pdf", PAGES)])
    a = bot.ask("Siapa direktur kantor itu adalah?")
    pages = {c.page for c in a.citations if c.source == "laporan.pdf"}
    assert a.answered and pages == {2}
