import re

import pytest

from rag import Answer, Citation, Paragraph
from ui.render import answer_html, article_html, citation_html, question_html, streaming_html, with_markers
from ui.strings import STRINGS

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    "<details open><summary>x</summary></details>",
]
FOUNDER = Citation(4, "meta-scale-ai.id.txt", "Scale AI berkantor di San Francisco. Pendiri Scale AI adalah "
                   "Alexandr Wang, seorang miliarder muda.", 0.91, "3. Menyelaraskan dengan ambisi AGI Meta")


def answer(text: str = "Pendiri Scale AI adalah Alexandr Wang [4].", citations: list[Citation] | None = None,
           answered: bool = True, language: str = "id") -> Answer:
    return Answer(text, language, answered, [FOUNDER] if citations is None else citations)


def no_raw_tags(html: str) -> bool:
    return not re.search(r"<(script|img|a|iframe)\b", html, re.I) and "onerror=\"" not in html


@pytest.mark.parametrize("hostile", HOSTILE)
def test_paragraph_section_and_source_text_is_escaped(hostile: str) -> None:
    cite = Citation(7, f"{hostile}.txt", f"Teks {hostile} di sini.", 0.5, f"Bagian {hostile}")
    html = citation_html(cite, "Teks di sini [7].", STRINGS["id"])
    assert no_raw_tags(html) and "<details open>" not in html
    assert html.count("&lt;") >= 3


@pytest.mark.parametrize("hostile", HOSTILE)
def test_model_output_and_questions_are_escaped(hostile: str) -> None:
    for html in (answer_html(answer(f"Jawab {hostile} [4].")), answer_html(answer(hostile, answered=False)),
                 streaming_html(hostile, STRINGS["en"]), question_html(hostile)):
        assert no_raw_tags(html) and "&lt;" in html


def test_article_view_escapes_and_numbers_every_paragraph() -> None:
    paragraphs = [Paragraph(1, "a.txt", "", "Judul", True), Paragraph(2, "a.txt", "Judul", HOSTILE[0]),
                  Paragraph(3, "<b>.md", "", HOSTILE[1])]
    html = article_html(paragraphs)
    assert no_raw_tags(html) and "[1]" in html and "[2]" in html and "[3]" in html
    assert html.count('class="rag-source"') == 2 and "&lt;b&gt;.md" in html


def test_the_supporting_sentence_is_marked_inside_the_cited_paragraph() -> None:
    html = answer_html(answer())
    assert "<mark>Pendiri Scale AI adalah Alexandr Wang, seorang miliarder muda.</mark>" in html
    assert "Scale AI berkantor di San Francisco. <mark>" in html


def test_highlighting_does_not_undo_escaping() -> None:
    cite = Citation(9, "a.txt", "Awal <b>tebal</b>. Google mengakuisisi DeepMind pada 2014 <script>x</script>.", 0.5)
    html = answer_html(answer("Google mengakuisisi DeepMind pada 2014 [9].", [cite]))
    assert "<mark>Google mengakuisisi DeepMind pada 2014 &lt;script&gt;x&lt;/script&gt;.</mark>" in html
    assert "Awal &lt;b&gt;tebal&lt;/b&gt;." in html


def test_citations_show_number_section_source_and_text_in_a_panel_that_opens() -> None:
    html = answer_html(answer())
    assert re.search(r"<details class=\"rag-sources\"><summary>Paragraf yang dikutip: \[4\]</summary>", html)
    assert "Paragraf 4</b> · 3. Menyelaraskan dengan ambisi AGI Meta · <code>meta-scale-ai.id.txt</code>" in html


def test_panel_labels_follow_the_answer_language() -> None:
    assert "Cited paragraphs: [4]" in answer_html(answer(language="en"))


def test_a_not_answered_answer_is_a_notice_without_citations() -> None:
    html = answer_html(answer("Maaf, artikel tidak memuat jawaban atas pertanyaan ini.", [], answered=False))
    assert 'class="rag-notice"' in html and "Tidak terjawab" in html
    assert "rag-answer" not in html and "<details" not in html


def test_answer_markers_are_styled() -> None:
    assert with_markers("49% [2] dan [26].") == ('49% <span class="rag-marker">[2]</span> dan '
                                                 '<span class="rag-marker">[26]</span>.')


def test_messages_are_one_html_block_for_the_markdown_renderer() -> None:
    cite = Citation(5, "a.txt", "Baris satu.\n\nBaris dua.", 0.5)
    for html in (answer_html(answer("Satu [5].\n\nDua.", [cite])), question_html("a\n\nb")):
        assert html.startswith("<div") and "\n" not in html


def test_streaming_shows_a_searching_line_then_the_text_with_a_cursor() -> None:
    assert "Searching the article" in streaming_html("", STRINGS["en"])
    assert streaming_html("Pendiri [4", STRINGS["id"]).endswith("Pendiri [4▍</div>")


def test_the_retrieved_paragraphs_show_as_candidates_while_the_answer_is_made() -> None:
    hostile = Citation(7, "<b>x</b>.txt", "Teks <script>x</script>.", 0.5, "Bagian")
    html = streaming_html("", STRINGS["id"], [FOUNDER, hostile])
    assert "Paragraf yang ditemukan [4], [7] (kandidat" in html and 'class="rag-pending"' in html
    assert "rag-reply" not in html and "<mark>" not in html and "<script>" not in html
    assert html.startswith("<div") and "\n" not in html
    assert 'class="rag-pending"' not in streaming_html("", STRINGS["id"])


def test_an_answer_says_how_sure_it_is_and_in_which_mode() -> None:
    sure = answer_html(Answer("Wang [11].", "en", True, confidence=0.93, sureness="supported"), STRINGS["en"], "careful")
    assert "well supported by the cited paragraph · Careful mode" in sure
    unsure = answer_html(Answer("Wang [11].", "id", True, confidence=0.3, sureness="uncertain"), STRINGS["id"], "eager")
    assert "kurang pasti" in unsure and "mode Berani" in unsure
    refused = answer_html(Answer("Maaf.", "id", False), STRINGS["id"], "balanced")
    assert "mode Seimbang" in refused and "kurang pasti" not in refused
