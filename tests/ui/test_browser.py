"""A person in Chromium asks in Indonesian and in English and sees streamed, cited answers (real models).

Needs Debian's Chromium (`apt-get install -y chromium`) and pip's playwright; a missing one fails
with what to install. Saves a screenshot (in the test's temporary folder; `bash scripts/screenshot.sh`
refreshes the README's docs/ui.png with it) and prints the page-load and answer times.
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Iterator

import pytest

from rag.answer.prompt import cited_numbers

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
SCREENSHOT = "RAG_UI_SCREENSHOT"  # where scripts/screenshot.sh wants the screenshot (default: the test's tmp_path)
ANSWER_TIMEOUT_MS = 180_000
FINISHED = "#chat .rag-reply, #chat .rag-notice"  # a finished answer (while it is made: .rag-pending)
CANDIDATE = "#chat .rag-pending .rag-candidates .rag-cite"  # a retrieved paragraph shown before the answer
ID_WORDS = {"yang", "dan", "adalah", "dengan", "untuk", "dari", "ini", "itu", "pada", "di", "oleh", "pendiri"}
EN_WORDS = {"the", "is", "and", "of", "to", "in", "that", "by", "with", "was", "founded", "founder"}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's Chromium with "
                    "`apt-get update && apt-get install -y chromium`", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: `pip install playwright==1.65.2` (no `playwright install` needed)",
                    pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def words_of(text: str, language: str) -> bool:
    words = set(re.findall(r"[a-z]+", text.lower()))
    own, other = (ID_WORDS, EN_WORDS) if language == "id" else (EN_WORDS, ID_WORDS)
    return len(words & own) > len(words & other)


def ask(page, question: str, n: int) -> tuple[object, float, float]:  # noqa: ANN001
    """Type `question`, press Enter, wait until the retrieved paragraphs show (as candidates), then
    until the n-th answer is there; (the answer, seconds to the first source, seconds to the answer)."""
    from playwright.sync_api import expect

    box = page.locator("#question textarea")
    box.fill(question)
    start = time.perf_counter()
    box.press("Enter")
    expect(page.locator(CANDIDATE).first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    source = time.perf_counter() - start
    expect(page.locator(FINISHED)).to_have_count(n, timeout=ANSWER_TIMEOUT_MS)
    return page.locator(FINISHED).nth(n - 1), source, time.perf_counter() - start


def test_questions_in_both_languages_get_streamed_cited_answers(browser, ui_server: str, capsys, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    start = time.perf_counter()
    page.goto(ui_server, wait_until="commit")
    expect(page.locator("#chat")).to_be_visible(timeout=60_000)
    expect(page.locator("#question textarea")).to_be_editable()
    load = time.perf_counter() - start

    timings = []
    for n, (question, language, label) in enumerate([("Siapa pendiri Scale AI?", "id", "Paragraf 11"),
                                                     ("Who founded Scale AI?", "en", "Paragraph 11")], 1):
        reply, source, seconds = ask(page, question, n)
        timings.append((source, seconds))
        text = reply.locator(".rag-answer").inner_text()
        assert "Alexandr Wang" in text and 11 in cited_numbers(text) and words_of(text, language), text
        reply.locator("summary").click()
        cite = reply.locator(".rag-cite", has_text=label)
        expect(cite).to_be_visible()
        expect(cite.locator("mark")).to_contain_text("Alexandr Wang")
        expect(page.locator("#send")).to_have_text("Tanya" if language == "id" else "Ask")  # labels follow

    shot = Path(os.environ.get(SCREENSHOT) or tmp_path / "ui.png")
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with capsys.disabled():
        print(f"\n[ui timings] page load (navigation -> chat visible): {load:.2f}s; Ask -> first source visible "
              f"{timings[0][0]:.2f}s (id), {timings[1][0]:.2f}s (en); Ask -> answer shown (answers are shown "
              f"once decided) {timings[0][1]:.1f}s (id), {timings[1][1]:.1f}s (en)")
    assert page.locator(CANDIDATE).count() == 0  # the candidates were replaced by the answers' citations


def test_the_article_tab_shows_numbered_paragraphs(browser, ui_server: str) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(ui_server)
    page.get_by_role("tab", name="Article").click()
    article = page.locator("#article")
    expect(article.locator("#p11")).to_contain_text("Alexandr Wang")
    expect(article.locator("#p45")).to_contain_text("[45]")


HOSTILE_NOTE = """# Kantor Bandung <img src=x onerror="window.__pwned=3">

Kantor baru Scale AI di Bandung dipimpin oleh Sri Wulandari sejak Maret 2031. <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2">
"""


def test_markup_in_an_uploaded_document_is_shown_as_text_never_run(browser, ui_server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    note = tmp_path / "catatan-bandung.md"
    note.write_text(HOSTILE_NOTE, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(ui_server)
    page.get_by_role("tab", name="Your documents").click()
    page.locator("#files input[type=file]").set_input_files(str(note))
    expect(page.locator("#files")).to_contain_text("catatan-bandung.md", timeout=30_000)  # uploaded
    page.locator("#add-documents").click()
    expect(page.locator("#documents-status .rag-status")).to_contain_text("catatan-bandung.md", timeout=120_000)

    page.get_by_role("tab", name="Article").click()
    article = page.locator("#article")
    expect(article).to_contain_text('<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2">')
    expect(article).to_contain_text('Kantor Bandung <img src=x onerror="window.__pwned=3">')

    page.get_by_role("tab", name="Chat").click()
    reply, _, _ = ask(page, "Siapa yang memimpin kantor baru Scale AI di Bandung?", 1)
    assert "Sri Wulandari" in reply.locator(".rag-answer").inner_text()
    reply.locator("summary").click()
    cite = reply.locator(".rag-cite", has_text="catatan-bandung.md")
    expect(cite).to_contain_text("<script>window.__pwned=1</script>")
    expect(cite).to_contain_text('<img src=x onerror="window.__pwned=3">')  # the section heading

    page.wait_for_timeout(500)  # an onerror handler would have fired by now
    assert page.evaluate("typeof window.__pwned") == "undefined" and dialogs == []
    assert page.locator("#article script, #chat script, img[src='x']").count() == 0
