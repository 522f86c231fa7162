"""Open WebUI (its own venv, `bash scripts/openwebui.sh`) started offline against the bot on `BOT_PORT`,
and Chromium driving it. Skipped, saying what to install, where Open WebUI, Chromium or playwright is
missing. Open WebUI is started once per test module (it takes ~45 s of both cores), with its title, tags
and follow-up tasks on so that the tests see them reach the bot, and stopped after the module."""
from __future__ import annotations

import os
import re
import secrets
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from tests.servers import free_port

OPENWEBUI = Path(os.environ.get("RAG_OPENWEBUI") or Path.home() / ".cache" / "rag-bot" / "openwebui")
CHROMIUM = Path("/usr/bin/chromium")
BOT_PORT = free_port()  # where Open WebUI finds the bot (each test serves its own there)
START_S = 300


@pytest.fixture(scope="module")
def open_webui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Open WebUI's address; it asks the bot at http://127.0.0.1:BOT_PORT/v1 (no login, offline)."""
    exe = OPENWEBUI / "bin" / "open-webui"
    if not exe.exists():
        pytest.skip(f"Open WebUI is not installed in {OPENWEBUI}: run `bash scripts/openwebui.sh` (a 3.4 GB "
                    "download; RAG_OPENWEBUI=DIR installs and finds it elsewhere)")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `apt-get install -y chromium`")
    pytest.importorskip("playwright", reason="pip install playwright==1.65.2 (no `playwright install`)")
    data, port = tmp_path_factory.mktemp("open-webui"), free_port()
    env = {**os.environ, "OPENAI_API_BASE_URL": f"http://127.0.0.1:{BOT_PORT}/v1", "OPENAI_API_KEY": "unused",
           "ENABLE_OLLAMA_API": "False", "WEBUI_AUTH": "False", "OFFLINE_MODE": "True", "HF_HUB_OFFLINE": "1",
           "RAG_EMBEDDING_MODEL": "", "BYPASS_EMBEDDING_AND_RETRIEVAL": "True", "DATA_DIR": str(data),
           "WEBUI_SECRET_KEY": secrets.token_hex(16), "ENABLE_VERSION_UPDATE_CHECK": "False",
           "ENABLE_TITLE_GENERATION": "True", "ENABLE_TAGS_GENERATION": "True", "ENABLE_FOLLOW_UP_GENERATION": "True"}
    log = open(data / "open-webui.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([str(exe), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT, cwd=data)
    url, start = f"http://127.0.0.1:{port}", time.monotonic()
    try:
        while True:
            if proc.poll() is not None or time.monotonic() - start > START_S:
                pytest.fail(f"Open WebUI did not start (log: {data / 'open-webui.log'})", pytrace=False)
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(1)
        print(f"\nOpen WebUI started in {time.monotonic() - start:.0f} s at {url} (log: {data / 'open-webui.log'})")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(open_webui: str) -> Iterator[object]:
    """Chromium, closed after this folder's tests: playwright's sync API keeps an event loop running in
    the main thread while it is open, which later tests' `asyncio.run` would meet."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@dataclass(frozen=True)
class Turn:
    """A reply as it came on screen: its text, and the seconds from Enter to its first text (the
    sources' button), to its sources, and to the expected answer."""

    text: str
    first: float
    sources: float
    answer: float


def new_chat(browser: object, url: str) -> object:
    """A new chat, once the page has settled: the input there, `rag-bot` chosen, no request pending (a
    question typed earlier, while the page still loads its settings and models, may never be sent)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, timeout=120_000)
    page.locator("#chat-input").wait_for(timeout=120_000)
    page.get_by_text("rag-bot").first.wait_for(timeout=60_000)
    for label in ("Okay, Let's Go!",):  # a first visit's release notes
        if page.get_by_role("button", name=label).count():
            page.get_by_role("button", name=label).first.click()
    return page


def ask(page: object, question: str, expected: str, timeout: float, shot: Path | None = None) -> Turn:
    """Type `question`, press Enter, and watch the new reply every 0.1 s until its answer is there (the
    answer comes whole); AssertionError unless the answer says `expected`, and unless it comes without
    a "Sources:" text (Open WebUI lists the sources itself: the bot sends it none, rag.serve.sources.as_text).
    `shot`: a screenshot saved when the sources show, before the answer."""
    replies = page.locator(".chat-assistant")
    before = replies.count()
    start = send(page, question)
    first = sources = None
    while time.monotonic() - start < timeout:
        page.wait_for_timeout(100)
        if replies.count() <= before:
            continue
        reply, now = replies.nth(before), time.monotonic() - start
        first = first or (now if reply.inner_text().strip() else None)
        if sources is None and reply.locator('button[aria-label^="Toggle"]').count():
            sources = now
            if shot is not None:
                page.screenshot(path=str(shot))
        said = re.sub(r"^\d+ Sources?$", "", reply.locator("#response-content-container").inner_text(), flags=re.M).strip()
        if said:
            page.wait_for_timeout(500)
            answer = said.split("Sources:")[0]
            assert re.search(re.escape(expected), answer, re.I), f"{question!r} was answered {answer!r}, not {expected!r}"
            assert "Sources:" not in said, f"the sources twice, as text too: {said!r}"
            return Turn(said, first or now, sources or now, now)
    raise AssertionError(f"no answer to {question!r} within {timeout:.0f} s")


def send(page: object, question: str) -> float:
    """Type `question` and press Enter; when the page has not taken it within 5 s (the input still holds
    it: seen twice, over the fakes and the real model, with nothing reaching Open WebUI's chat route),
    click the send button. The time.monotonic() at which it was sent."""
    box, empty = page.locator("#chat-input"), "() => document.querySelector('#chat-input').innerText.trim() === ''"
    box.fill(question)
    page.wait_for_function("q => document.querySelector('#chat-input').innerText.trim() === q", arg=question)
    start = time.monotonic()
    box.press("Enter")
    try:
        page.wait_for_function(empty, timeout=5_000)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: not taken
        print(f"\n(Enter not taken after 5 s: clicking send for {question!r})")
        start = time.monotonic()
        page.locator("#send-message-button").click()
        page.wait_for_function(empty, timeout=10_000)
    return start


def source_view(page: object) -> str:
    """Click the last reply's first marker ([n]); the text of the source view it opens."""
    page.locator(".chat-assistant").last.locator('#response-content-container button[aria-label^="View source:"]').first.click()
    view = page.locator('[role="dialog"]').last
    view.wait_for(timeout=10_000)
    return view.inner_text()


def counted(metrics: str, name: str) -> int:
    """The sum of a /metrics counter over its labels."""
    return int(sum(float(v) for v in re.findall(rf"^{name}(?:{{[^}}]*}})? (\S+)$", metrics, re.M)))
