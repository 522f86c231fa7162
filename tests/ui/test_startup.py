"""`rag-ui` start-up: where it listens by default, and what a damaged index does (fake models)."""
from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

import rag.bot
import ui.launch
from rag import Settings
from rag.indexing.indexer import build
from tests.fakes import FakeEmbedder
from ui.launch import main, serve

Damage = tuple[str, str]
DAMAGES: dict[str, Damage] = {  # file in the live build -> what is written over it
    "vectors": ("vectors.faiss", "not a faiss index"),
    "paragraphs": ("paragraphs.jsonl", '{"number": 1}\nnull\n'),
    "manifest": ("manifest.json", "{not json"),
}


@pytest.fixture
def start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # noqa: ANN201
    """start(settings, *flags) runs `main` with the fake embedder and no generator; returns where it served."""
    served: dict[str, object] = {}
    monkeypatch.setattr(rag.bot, "make_embedder", lambda settings: FakeEmbedder())
    monkeypatch.setattr(ui.launch, "serve", lambda demo, host, port, block, **_: served.update(host=host, port=port))
    monkeypatch.setattr(gr.Blocks, "block_thread", lambda self: None)
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))

    def run(settings: Settings, *flags: str) -> dict[str, object]:
        monkeypatch.setattr(ui.launch, "Settings", SimpleNamespace(load=lambda: settings))
        main(["--data-dir", str(tmp_path / "data"), "--no-warm-up", *flags])
        return served

    return run


def damage(settings: Settings, kind: str) -> None:
    """Build the index, then spoil one file of its live build."""
    build(settings, FakeEmbedder(), progress=False)
    name, text = DAMAGES[kind]
    (Path(settings.index_dir) / "current" / name).write_text(text, encoding="utf-8")


def test_main_serves_on_this_machine_only_by_default(start, settings: Settings) -> None:
    assert start(settings) == {"host": "127.0.0.1", "port": 7860}


def test_serve_binds_the_host_it_is_given(monkeypatch) -> None:
    launched: dict[str, object] = {}
    monkeypatch.setattr(gr.Blocks, "launch", lambda self, **kw: launched.update(kw) or (None, "url", None))
    with gr.Blocks() as demo:
        gr.Markdown("x")
    assert serve(demo, "127.0.0.1", 7861, block=False) == "url"
    assert (launched["server_name"], launched["server_port"]) == ("127.0.0.1", 7861)


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_a_damaged_index_is_a_clear_exit_when_rebuilding_is_off(start, settings: Settings, kind: str, capsys) -> None:
    damage(settings, kind)
    with pytest.raises(SystemExit) as exit_:
        start(settings.with_overrides(on_stale="error"))
    message = str(exit_.value.code)
    assert message.startswith("rag-ui: index at ") and "damaged" in message and "run `rag index`" in message
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_a_damaged_index_is_rebuilt_with_a_message_then_served(start, settings: Settings, kind: str, capsys) -> None:
    damage(settings, kind)
    assert start(settings)["host"] == "127.0.0.1"
    assert "rag: building the index" in capsys.readouterr().err


def test_an_index_that_cannot_be_rebuilt_is_a_clear_exit(start, settings: Settings) -> None:
    build(settings, FakeEmbedder(), progress=False)
    current = Path(settings.index_dir) / "current"
    shutil.rmtree(current.resolve())
    current.unlink()
    current.mkdir()  # a folder where the link to the live build should be: the swap cannot replace it
    with pytest.raises(SystemExit, match=r"^rag-ui: .*current should be a link made by `rag index`.*remove it"):
        start(settings)
