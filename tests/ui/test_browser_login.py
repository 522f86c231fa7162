"""Logins and roles in Chromium (real models, real processes; marked `integration`): a wrong password is
refused, a reader sees no library buttons, an editor keeps a document, and a second process (`rag serve`
over the same library) answers over it within 5 s, without a restart."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from rag.access.accounts import Accounts
from tests.ui.conftest import _start_ui, _stop
from tests.ui.test_browser import browser  # noqa: F401 - the Chromium fixture

pytestmark = pytest.mark.integration
NOTE = "# Catatan kantor\n\nKucing kantor Scale AI bernama Whiskers dan tinggal di lantai tiga.\n"


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """rag-ui with logins over a data dir, and `rag serve` over its library: (UI address, data dir, API key,
    the served API)."""
    from tests.integration.test_serve import Served

    data = tmp_path_factory.mktemp("team")
    accounts = Accounts(data / "users.json")
    accounts.add("rita", "reader", "reader password")
    accounts.add("eddy", "editor", "editor password")
    key = accounts.new_key("eddy")
    proc, url = _start_ui(data, "--profile", "fast")
    api = Served(data, "--profile", "fast")
    yield url, data, key, api
    api.stop()
    _stop(proc)


def log_in(browser, url: str, name: str, password: str):  # noqa: ANN001, ANN201 - playwright objects
    page = browser.new_context().new_page()
    page.goto(url)
    page.get_by_label("username").fill(name)
    page.get_by_label("password").fill(password)
    page.get_by_role("button", name="Login").click()
    return page


def test_a_wrong_password_is_refused(browser, team) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page = log_in(browser, team[0], "rita", "not her password")
    expect(page.get_by_text("Incorrect Credentials", exact=False)).to_be_visible(timeout=30_000)
    expect(page.locator("#chat")).to_have_count(0)


def test_a_reader_sees_the_chat_but_no_library_buttons(browser, team) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page = log_in(browser, team[0], "rita", "reader password")
    expect(page.locator("#chat")).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="Your documents").click()
    expect(page.locator("#add-documents")).to_be_visible()   # a session's own documents: allowed
    expect(page.locator("#keep-documents")).to_be_hidden()
    expect(page.locator("#remove-kept")).to_be_hidden()


def test_an_editor_keeps_a_document_and_another_process_answers_over_it_within_5_s(browser, team, tmp_path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    url, _, key, api = team
    note = tmp_path / "kucing.md"
    note.write_text(NOTE, encoding="utf-8")
    page = log_in(browser, url, "eddy", "editor password")
    expect(page.locator("#chat")).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="Your documents").click()
    page.locator("#files input[type=file]").set_input_files(str(note))
    expect(page.locator("#files")).to_contain_text("kucing.md", timeout=30_000)
    page.locator("#keep-documents").click()
    expect(page.locator("#documents-status .rag-status")).to_contain_text("kucing.md", timeout=180_000)
    kept = time.monotonic()
    a = httpx.post(api.url + "/ask", headers={"Authorization": f"Bearer {key}"},
                   json={"question": "Siapa nama kucing kantor Scale AI?"}, timeout=300).json()
    assert "kucing.md" in {c["source"] for c in a["citations"]}, a
    assert time.monotonic() - kept - a["seconds"] < 5.0
