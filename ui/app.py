"""The Gradio app: layout and event wiring (`build`); serving it is `ui.launch`.

>>> demo = build(Bot.load(), data_dir=Path("/tmp/rag-ui"))   # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from rag import Bot, Settings
from rag.access.accounts import Accounts
from rag.shared import SharedBot


from .chat import Chat
from .documents import Documents, help_text
from .library import LibraryView
from .render import article_html
from .session import Session, cleanup
from .strings import EXAMPLES, LANGUAGE_CHOICES, STRINGS, mode_choices, ui_language
from .uploads import SUFFIXES

MODEL = "model"
# Events that run a model share one queue: one at a time in-process (llama.cpp is not re-entrant), up to
# `ui_concurrency` at once when the generator is a server (it queues and batches). Label updates don't wait.
LIGHT: dict[str, Any] = {"concurrency_limit": None, "api_visibility": "private", "show_progress": "hidden"}


def heavy(bot: Bot) -> dict[str, Any]:
    """The queue settings of the events that run the model."""
    s = bot.settings
    return {"concurrency_id": MODEL, "concurrency_limit": s.ui_concurrency if s.generator_backend == "openai" else 1}


def relabel(choice: str, session: Session) -> list[Any]:
    """The labels in the chosen language (Auto: the last question's), in the order `build` lists them."""
    t = STRINGS[ui_language(choice, session.language)]
    return [t.intro, gr.update(label=t.language_label), gr.update(label=t.chat_label),
            gr.update(label=t.question_label, placeholder=t.placeholder), t.send, f"**{t.examples_label}**",
            t.clear, gr.update(label=t.chat_tab), gr.update(label=t.article_tab), gr.update(label=t.documents_tab),
            help_text(t), gr.update(label=t.upload_label), t.upload_button, t.reset_button, t.keep_button,
            gr.update(label=t.remove_label), t.remove_button,
            gr.update(label=t.mode_label, choices=mode_choices(t))]


def build(bot: Bot | SharedBot, data_dir: Path, base: Settings | None = None,
          accounts: Accounts | None = None) -> gr.Blocks:
    """The Blocks app over `bot` (shared by all sessions, reopened when any process changes the
    library); a session's uploads are kept under `data_dir`, the library where `base`'s `library_dir`
    says (base: the settings before the library's documents were added; default the bot's).
    `accounts`: the logins' roles decide who may change the library (None: everyone may)."""
    shared = bot if isinstance(bot, SharedBot) else SharedBot(base or bot.settings, bot)
    chat, documents = Chat(shared), Documents(shared, data_dir)
    library = LibraryView(shared, accounts)
    bot = shared.current()
    model_runs = heavy(bot)
    s = STRINGS["en"]
    with gr.Blocks(title="rag-bot: tanya artikel / ask the article", delete_cache=(3600, 3600)) as demo:
        session = gr.State(Session(), delete_callback=cleanup)
        intro = gr.Markdown(s.intro, elem_id="intro")
        with gr.Tabs():
            with gr.Tab(s.chat_tab, id="chat") as chat_tab:
                with gr.Row():
                    language = gr.Radio(LANGUAGE_CHOICES, value="auto", label=s.language_label, elem_id="language")
                    mode = gr.Radio(mode_choices(s), value=bot.settings.answer_mode, label=s.mode_label,
                                    elem_id="answer-mode")
                chatbot = gr.Chatbot(label=s.chat_label, height=560, elem_id="chat", latex_delimiters=[],
                                     feedback_options=None, group_consecutive_messages=False,
                                     buttons=["copy", "copy_all"])
                with gr.Row(equal_height=True):
                    question = gr.Textbox(label=s.question_label, placeholder=s.placeholder, scale=6,
                                          elem_id="question", max_lines=4, autofocus=True)
                    send = gr.Button(s.send, variant="primary", scale=1, elem_id="send")
                examples_label = gr.Markdown(f"**{s.examples_label}**")
                with gr.Row():
                    examples = [gr.Button(q, size="sm", elem_classes=["rag-example", f"rag-example-{code}"])
                                for code, q in EXAMPLES]
                clear = gr.Button(s.clear, size="sm", variant="secondary")
            with gr.Tab(s.article_tab, id="article") as article_tab:
                article = gr.HTML(article_html(bot.paragraphs), elem_id="article")
            with gr.Tab(s.documents_tab, id="documents") as documents_tab:
                limits = gr.Markdown(help_text(s))
                files = gr.File(label=s.upload_label, file_count="multiple", file_types=list(SUFFIXES),
                                type="filepath", elem_id="files")
                with gr.Row():
                    add = gr.Button(s.upload_button, variant="primary", elem_id="add-documents")
                    reset = gr.Button(s.reset_button, elem_id="reset-documents")
                    keep = gr.Button(s.keep_button, elem_id="keep-documents")
                status = gr.HTML("", elem_id="documents-status")
                kept_list = gr.HTML(library.listing(s), elem_id="library")
                with gr.Row(equal_height=True):
                    kept = gr.Dropdown(label=s.remove_label, elem_id="library-choice", scale=3,
                                       choices=[(e.name, e.id) for e in library.library.entries()])
                    drop = gr.Button(s.remove_button, elem_id="remove-kept", scale=1)

        labelled = [intro, language, chatbot, question, send, examples_label, clear, chat_tab, article_tab,
                    documents_tab, limits, files, add, reset, keep, kept, drop, mode]
        ask_outputs = [question, chatbot, session]
        for trigger, source in [(question.submit, question), (send.click, send)] + [(b.click, b) for b in examples]:
            asked = question if source is send else source
            trigger(chat.respond, [asked, language, mode, session], ask_outputs, api_visibility="private",
                    show_progress="minimal", **model_runs).then(relabel, [language, session], labelled, **LIGHT)
        language.change(relabel, [language, session], labelled, **LIGHT)
        clear.click(chat.clear, [session], [chatbot, session], **LIGHT)
        chatbot.clear(chat.clear, [session], [chatbot, session], **LIGHT)
        add.click(documents.add, [files, language, session], [status, session, article], api_visibility="private",
                  **model_runs)
        reset.click(documents.reset, [language, session], [status, session, article], **LIGHT)
        shelf = [status, kept_list, kept, article]
        keep.click(library.keep, [files, language, session], shelf, api_visibility="private", **model_runs)
        drop.click(library.remove, [kept, language, session], shelf, api_visibility="private", **model_runs)
        demo.load(lambda: (library.listing(STRINGS["en"]), library.choices()), None, [kept_list, kept], **LIGHT)
        demo.load(library.controls, None, [keep, kept, drop], **LIGHT)
        gr.api(chat.ask, api_name="ask", **model_runs)
    return demo
