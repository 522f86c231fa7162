"""The chat in Chromium with the library in PostgreSQL (real models): a document kept in the database and
a file the person adds for their session are both answered over, with their paragraphs cited."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.conftest import ROOT, _start_ui, _stop
from tests.ui.test_browser import ask, browser  # noqa: F401 - the browser fixture

pytestmark = [pytest.mark.postgres, pytest.mark.integration]
KEPT = "# Kucing kantor\n\nKucing kantor Scale AI bernama Whiskers dan suka tidur di dekat jendela.\n"
OWN = "# Anjing penjaga\n\nAnjing penjaga gudang bernama Bruno dan berjaga setiap malam.\n"


def test_a_sessions_own_file_and_the_databases_library_are_both_answered_over(browser, upgraded: str,  # noqa: F811
                                                                              tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import expect

    monkeypatch.setenv("RAG_DATABASE_URL", upgraded)
    kept, own = tmp_path / "kucing.md", tmp_path / "anjing.md"
    kept.write_text(KEPT, encoding="utf-8")
    own.write_text(OWN, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "rag.cli", "index", str(kept)], cwd=ROOT, env=dict(os.environ), check=True,
                   capture_output=True, timeout=600)  # kept in the database by another process
    proc, url = _start_ui(tmp_path / "data")
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(url)
        page.get_by_role("tab", name="Your documents").click()
        page.locator("#files input[type=file]").set_input_files(str(own))
        expect(page.locator("#files")).to_contain_text("anjing.md", timeout=30_000)
        page.locator("#add-documents").click()
        expect(page.locator("#documents-status .rag-status")).to_contain_text("anjing.md", timeout=120_000)
        page.get_by_role("tab", name="Chat").click()
        for n, (question, word, source) in enumerate((("Siapa nama anjing penjaga gudang?", "Bruno", "anjing.md"),
                                                       ("Siapa nama kucing kantor Scale AI?", "Whiskers", "kucing.md")), 1):
            reply, _, _ = ask(page, question, n)
            assert word in reply.locator(".rag-answer").inner_text()
            reply.locator("summary").click()
            expect(reply.locator(".rag-cite", has_text=source).first).to_be_visible()
    finally:
        _stop(proc)
