from pathlib import Path

import gradio as gr
import pytest
from gradio_client import Client

import ui.app
from ui.app import build, main, parse, relabel, serve
from ui.session import Session

FOUNDER = "Pendiri Scale AI adalah Alexandr Wang [4]."


def label_of(update: object) -> object:
    return update["label"] if isinstance(update, dict) else update


@pytest.mark.parametrize("choice,detected,send,chat_label", [
    ("auto", None, "Ask", "Conversation"), ("auto", "id", "Tanya", "Percakapan"),
    ("en", "id", "Ask", "Conversation"), ("id", None, "Tanya", "Percakapan"),
])
def test_labels_follow_the_choice_or_the_last_detected_language(choice, detected, send, chat_label) -> None:
    values = relabel(choice, Session(language=detected))
    assert send in values and label_of(values[2]) == chat_label


def test_the_app_exposes_only_ask_to_api_clients(make_bot, tmp_path: Path) -> None:
    demo = build(make_bot(FOUNDER), tmp_path)
    public = [fn.api_name for fn in demo.fns.values() if fn.api_visibility == "public"]
    assert public == ["ask"]


@pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword).*")  # pandas 3 vs gradio's queue
def test_the_ask_endpoint_answers_through_gradio_client(make_bot, tmp_path: Path) -> None:
    demo = build(make_bot(FOUNDER), tmp_path)
    url = serve(demo, "127.0.0.1", None, block=False)
    try:
        client = Client(url, verbose=False)
        result = client.predict("Siapa pendiri Scale AI?", "id", api_name="/ask")
        assert result["language"] == "id" and result["answered"] and result["citations"][0]["paragraph"] == 4
        with pytest.raises(Exception, match="the question is empty"):
            client.predict("  ", "auto", api_name="/ask")
    finally:
        demo.close()


def test_defaults_bind_this_machine_only() -> None:
    args = parse([])
    assert (args.host, args.port, args.listen_all) == ("127.0.0.1", 7860, False)


def test_binding_all_interfaces_needs_listen_all() -> None:
    with pytest.raises(SystemExit, match="add --listen-all"):
        main(["--host", "0.0.0.0"])


def test_listen_all_warns_and_prints_the_address(make_bot, monkeypatch, tmp_path: Path, capsys) -> None:
    served = {}
    monkeypatch.setattr(ui.app.Bot, "load", lambda *a, **k: make_bot(FOUNDER))
    monkeypatch.setattr(ui.app, "serve", lambda demo, host, port, block: served.update(host=host, port=port))
    monkeypatch.setattr(gr.Blocks, "block_thread", lambda self: None)
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))
    main(["--listen-all", "--port", "7999", "--data-dir", str(tmp_path), "--no-warm-up"])
    out = capsys.readouterr()
    assert served == {"host": "0.0.0.0", "port": 7999}
    assert "WARNING: listening on all interfaces" in out.err and "http://127.0.0.1:7999/" in out.out
