"""The `ask` endpoint through gradio_client against the app with the real models."""
from __future__ import annotations

import pytest
from gradio_client import Client

pytestmark = [pytest.mark.integration,
              pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword).*")]


@pytest.fixture(scope="module")
def client(ui_server: str) -> Client:
    return Client(ui_server, verbose=False)


def test_ask_returns_the_answer_as_a_dict(client: Client) -> None:
    result = client.predict(question="Kapan Google mengakuisisi DeepMind?", language="auto", api_name="/ask")
    assert result["language"] == "id" and result["answered"] is True, result
    assert "2014" in result["text"] and 36 in [c["paragraph"] for c in result["citations"]], result


def test_a_bad_question_comes_back_as_a_clear_error(client: Client) -> None:
    with pytest.raises(Exception, match="the question is empty"):
        client.predict(question="   ", language="en", api_name="/ask")
