"""Documents kept by `rag index PATH` are in the UI's library when `rag-ui` starts, answered over
and listed (real models, real processes; marked `integration`)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from gradio_client import Client

from tests.ui.conftest import ROOT, _start_ui, _stop

pytestmark = pytest.mark.integration
NOTE = "# Catatan kantor\n\nKucing kantor Scale AI bernama Whiskers dan tinggal di lantai tiga.\n"


def test_a_document_kept_by_rag_index_is_answered_over_after_the_ui_starts(tmp_path: Path) -> None:
    data, note = tmp_path / "data", tmp_path / "catatan.md"
    note.write_text(NOTE, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "rag.cli", "index", str(note), "--library-dir", str(data / "library")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "kept in" in done.stdout, done.stdout + done.stderr
    listed = subprocess.run([sys.executable, "-m", "rag.cli", "library", "--library-dir", str(data / "library")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "catatan.md" in listed.stdout and " 2 paragraphs" in listed.stdout, listed.stdout + listed.stderr
    proc, url = _start_ui(data)
    try:
        answer = Client(url, verbose=False).predict(question="Apa nama kucing kantor Scale AI?", language="auto",
                                                    api_name="/ask")
    finally:
        _stop(proc)
    assert answer["answered"] and "Whiskers" in answer["text"], answer
    assert any(c["source"] == "catatan.md" for c in answer["citations"]), answer["citations"]
