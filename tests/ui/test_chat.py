import gradio as gr
import pytest

from rag import Bot
from ui.chat import Chat
from ui.session import Session

FOUNDER = "Pendiri Scale AI adalah Alexandr Wang [4]."


def run(chat: Chat, question: str, session: Session, choice: str = "auto") -> list[tuple]:
    return list(chat.respond(question, choice, None, session))


def spy_history(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    calls: list[tuple] = []
    real = bot.stream

    def stream(question: str, language: str | None = None, history: list[str] | None = None,  # noqa: ANN202
               mode: str | None = None):
        calls.append((question, language, history))
        return real(question, language, history, mode)

    monkeypatch.setattr(bot, "stream", stream)
    return calls


def test_the_answer_shows_once_decided_then_with_its_citations(make_bot) -> None:
    turns = run(Chat(make_bot(FOUNDER)), "Siapa pendiri Scale AI?", Session())
    assert len(turns) >= 4  # the question, the retrieved paragraphs, the decided text, the finished answer
    first, found, decided, last = turns[0][1], turns[1][1], turns[2][1], turns[-1][1]
    assert first[0]["role"] == "user" and "Siapa pendiri Scale AI?" in first[0]["content"]
    assert "Searching the article" in found[-1]["content"] and "rag-candidates" in found[-1]["content"]
    assert "[4]" in found[-1]["content"].split("</summary>")[0]  # the paragraphs, before any answer text
    assert "▍" in decided[-1]["content"] and "rag-candidates" in decided[-1]["content"]
    assert "rag-candidates" not in last[-1]["content"]  # replaced by the answer's citations
    assert "<mark>Pendiri Scale AI adalah Alexandr Wang, seorang miliarder muda.</mark>" in last[-1]["content"]
    assert "Paragraf yang dikutip: [4]" in last[-1]["content"]
    assert all(t[0] == "" for t in turns)  # the textbox is cleared


def test_a_not_answered_reply_is_shown_as_a_notice(make_bot) -> None:
    content = run(Chat(make_bot("NOT FOUND")), "How old is Alexandr Wang?", Session())[-1][1][-1]["content"]
    assert 'class="rag-notice"' in content and "Not answered" in content and "<details" not in content


def test_previous_questions_are_passed_as_history(make_bot, monkeypatch) -> None:
    bot = make_bot(FOUNDER)
    calls = spy_history(bot, monkeypatch)
    chat, session = Chat(bot), Session()
    run(chat, "Siapa pendiri Scale AI?", session)
    run(chat, "Kapan  ia lahir?", session)
    run(chat, "Who founded it?", session, choice="en")
    # a follow-up is kept as the question it was taken to be, so the next one can point back through it
    assert [c[2] for c in calls] == [[], ["Siapa pendiri Scale AI?"], ["Siapa pendiri Scale AI?", "Kapan Scale AI lahir?"]]
    assert [c[1] for c in calls] == [None, None, "en"]


def test_sessions_keep_separate_histories_and_chats(make_bot, monkeypatch) -> None:
    bot = make_bot(FOUNDER)
    calls = spy_history(bot, monkeypatch)
    chat, one, two = Chat(bot), Session(), Session()
    run(chat, "Siapa pendiri Scale AI?", one)
    run(chat, "Who founded Scale AI?", two)
    assert calls[1][2] == [] and len(one.messages) == len(two.messages) == 2
    assert one.language == "id" and two.language == "en"


def test_new_chat_forgets_the_history(make_bot, monkeypatch) -> None:
    bot = make_bot(FOUNDER)
    calls = spy_history(bot, monkeypatch)
    chat, session = Chat(bot), Session()
    run(chat, "Siapa pendiri Scale AI?", session)
    assert chat.clear(session) == ([], session)
    run(chat, "Siapa pendiri Scale AI?", session)
    assert calls[-1][2] == []


@pytest.mark.parametrize("question,choice,match", [
    ("   ", "auto", "That question cannot be asked: the question is empty"),
    ("x" * 2001, "id", "Pertanyaan itu tidak dapat diajukan: the question is 2,001 characters long"),
])
def test_a_bad_question_raises_a_clear_error_and_changes_nothing(make_bot, question, choice, match) -> None:
    session = Session()
    with pytest.raises(gr.Error, match=match):
        run(Chat(make_bot(FOUNDER)), question, session, choice)
    assert session.messages == [] and session.history == []


def test_a_failure_while_generating_becomes_a_message_not_a_traceback(make_bot, monkeypatch) -> None:
    bot = make_bot(FOUNDER)

    def broken(messages, max_tokens, refusal=""):  # noqa: ANN001, ANN202
        yield "Pendiri"
        raise RuntimeError("model <crashed>")

    monkeypatch.setattr(bot.generator, "stream", broken)
    session = Session()
    content = run(Chat(bot), "Siapa pendiri Scale AI?", session)[-1][1][-1]["content"]
    assert 'class="rag-error"' in content and "model &lt;crashed&gt;" in content
    assert session.history == []


def test_the_api_returns_the_answer_as_a_dict(make_bot) -> None:
    result = Chat(make_bot(FOUNDER)).ask("Siapa pendiri Scale AI?", "auto")
    assert result["language"] == "id" and result["answered"] is True
    assert result["text"] == FOUNDER and result["citations"][0]["paragraph"] == 4


@pytest.mark.parametrize("question,language,match", [
    ("", "auto", "the question is empty"), ("Siapa?", "fr", "language must be one of auto, id, en; got 'fr'"),
])
def test_the_api_reports_bad_input_as_a_gradio_error(make_bot, question, language, match) -> None:
    with pytest.raises(gr.Error, match=match):
        Chat(make_bot(FOUNDER)).ask(question, language)


def test_the_chosen_answer_mode_decides_and_is_named_under_the_answer(make_bot) -> None:
    bot = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].", answer_threshold=-1.0)
    careful = list(Chat(bot).respond("Siapa pendiri Scale AI?", "auto", "careful", Session()))[-1][1][-1]["content"]
    assert "mode Hati-hati" in careful or "Hati-hati" in careful


def test_an_unknown_answer_mode_is_a_clear_error(make_bot) -> None:
    with pytest.raises(gr.Error, match="answer mode 'reckless'"):
        list(Chat(make_bot()).respond("Siapa pendiri Scale AI?", "auto", "reckless", Session()))
