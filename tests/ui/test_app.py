from pathlib import Path

import gradio as gr
import pytest
from gradio_client import Client

import ui.launch
from ui.app import build, relabel
from ui.launch import main, parse, serve
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


@pytest.fixture
def started(make_bot, monkeypatch, tmp_path: Path):  # noqa: ANN201
    """started(*flags) runs `main` with the fake bot; what it served, and how."""
    served: dict = {}
    monkeypatch.setattr(ui.launch.Bot, "load", lambda *a, **k: make_bot(FOUNDER))
    monkeypatch.setattr(ui.launch, "serve", lambda demo, host, port, block, auth=None, api=None, accounts=None: served.update(
        host=host, port=port, auth=auth, api=api))
    monkeypatch.setattr(gr.Blocks, "block_thread", lambda self: None)
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))

    def run(*flags: str) -> dict:
        main(["--port", "7999", "--data-dir", str(tmp_path), "--no-warm-up", *flags])
        return served
    return run


def test_listen_all_without_users_is_refused_unless_no_auth(started, capsys) -> None:
    with pytest.raises(SystemExit, match="add one .rag users add NAME --role admin. or pass --no-auth"):
        started("--listen-all")
    served = started("--listen-all", "--no-auth")
    out = capsys.readouterr()
    assert (served["host"], served["port"], served["auth"]) == ("0.0.0.0", 7999, None)
    assert "WARNING: serving to the network with no login" in out.err and "http://127.0.0.1:7999/" in out.out


def test_a_users_file_makes_the_ui_ask_for_a_login(started, tmp_path: Path, capsys) -> None:
    from rag.access.userfile import FileAccounts

    FileAccounts(tmp_path / "users.json").add("sari", "reader", "correct horse")
    served = started("--listen-all")
    check = served["auth"]
    assert check("sari", "correct horse") is True and check("sari", "wrong") is False
    assert "(login;" in capsys.readouterr().out


def test_api_serves_the_http_api_beside_the_ui(started) -> None:
    served = started("--api")
    assert {r.path for r in served["api"].routes} >= {"/v1/chat/completions", "/v1/models", "/v1/documents"}


def test_api_writes_a_log_line_per_request_as_rag_serve_does(started, capsys, monkeypatch) -> None:
    import logging

    from fastapi.testclient import TestClient

    monkeypatch.setattr(logging.getLogger("rag.serve"), "handlers", [])  # put back after: the handler writes to capsys
    served = started("--api")
    capsys.readouterr()
    TestClient(served["api"], base_url="http://127.0.0.1").post(
        "/v1/chat/completions", json={"messages": [{"role": "user", "content": "Siapa pendiri Scale AI?"}]})
    assert " anonymous POST /v1/chat/completions 200 " in capsys.readouterr().err
