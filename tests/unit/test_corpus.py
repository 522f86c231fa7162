from pathlib import Path

import pytest

from rag.documents.corpus import Source, blocks, load_corpus, read_source, source_from_bytes, split
from rag.errors import DocumentError

SEED = Path(__file__).resolve().parents[2] / "seeds" / "meta-scale-ai.id.txt"


def src(text: str, name: str = "a.txt") -> Source:
    return Source(name, text, "0" * 64)


def test_blocks_split_on_blank_lines_even_with_spaces_in_them() -> None:
    assert blocks("one\n  \ntwo\nstill two\n\n\n three ") == ["one", "two\nstill two", "three"]


def test_title_is_paragraph_one_and_numbers_are_consecutive() -> None:
    ps = split(src("Title\n\nFirst body.\n\nSecond body."))
    assert [(p.number, p.is_heading) for p in ps] == [(1, True), (2, False), (3, False)]


def test_paragraphs_know_their_numbered_section() -> None:
    ps = split(src("Title\n\nIntro.\n\n1. First section\n\nBody one.\n\n2. Second one\n\nBody two."))
    assert [p.section for p in ps] == ["Title", "Title", "1. First section", "1. First section",
                                       "2. Second one", "2. Second one"]


def test_text_is_kept_as_written() -> None:
    text = "  • Google mengakuisisi DeepMind pada 2014, mendapatkan keuntungan R&D jangka panjang"
    assert split(src("T\n\n" + text))[1].text == text.strip()


def test_numbering_continues_across_sources() -> None:
    ps = load_corpus([src("A\n\nx.", "a.txt"), src("B\n\ny.", "b.txt")])
    assert [(p.number, p.source) for p in ps] == [(1, "a.txt"), (2, "a.txt"), (3, "b.txt"), (4, "b.txt")]


def test_shipped_article_has_ten_numbered_sections_and_the_big_tech_section() -> None:
    ps = split(read_source(SEED))
    headings = [p.text for p in ps if p.is_heading]
    assert sum(h[:3].rstrip(". ").isdigit() for h in headings) == 10
    assert "Raksasa Teknologi Membeli Rantai Pasokan AI" in headings
    assert ps[0].number == 1 and ps[0].text.startswith("Mengapa Investasi Meta")
    stake = next(p for p in ps if "49% saham non-voting" in p.text and p.section.startswith("8."))
    assert stake.number == 26


@pytest.mark.parametrize("data,match", [
    (b"", "is empty"), (b"  \n\n ", "is empty"), (b"\x00\x01binary", "binary"),
    ("caf\u00e9".encode("latin-1"), "not UTF-8"),
])
def test_unusable_documents_are_refused_with_a_reason(data: bytes, match: str) -> None:
    with pytest.raises(DocumentError, match=match):
        source_from_bytes(data, "x.txt")


def test_too_big_document_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text("a" * 2000)
    with pytest.raises(DocumentError, match="over the limit of 1,000 bytes"):
        read_source(f, max_bytes=1000)


def test_missing_document_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        read_source(tmp_path / "nope.txt")
