"""The Gradio app: layout and event wiring (`build`), and the `rag-ui` / `python -m ui` command (`main`).

>>> demo = build(Bot.load(), data_dir=Path("/tmp/rag-ui"))   # doctest: +SKIP
>>> serve(demo, "127.0.0.1", 7860)                          # doctest: +SKIP
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import gradio as gr

from rag import Bot, RagError, Settings
from rag.documents.library import Library

from .chat import Chat
from .documents import Documents, help_text
from .library import LibraryView
from .render import CSS, article_html
from .session import Session, cleanup
from .strings import EXAMPLES, LANGUAGE_CHOICES, STRINGS, mode_choices, ui_language
from .uploads import MAX_FILE_BYTES, SUFFIXES

ALL_INTERFACES = ("0.0.0.0", "::", "")
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


def build(bot: Bot, data_dir: Path, base: Settings | None = None) -> gr.Blocks:
    """The Blocks app over `bot` (shared by all sessions); a session's uploads are kept under
    `data_dir`, the library where `base`'s `library_dir` says (base: the settings before the
    library's documents were added; default the bot's)."""
    base = base or bot.settings
    chat, documents = Chat(bot), Documents(bot, data_dir)

    def shared(new: Bot) -> None:  # the library changed: every session without documents of its own
        chat.bot = documents.bot = new

    library = LibraryView(Library.of(base), base, bot, shared)
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
        gr.api(chat.ask, api_name="ask", **model_runs)
    return demo


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="rag-ui", description="Browser chat over the article (Gradio).")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    p.add_argument("--listen-all", action="store_true", help="bind 0.0.0.0: reachable from other machines")
    p.add_argument("--data-dir", type=Path, default=None,
                   help="where uploaded documents are kept, and the library in DIR/library (default: "
                        "<cache_dir>/ui, the library in <cache_dir>/library, the same as `rag index PATH`)")
    p.add_argument("--profile", choices=("quality", "fast"), default=None, help="generator profile")
    p.add_argument("--no-warm-up", action="store_true", help="load the generator on the first question")
    p.add_argument("--generator-backend", choices=("llama-cpp", "transformers", "openai"), default=None,
                   help="openai: an OpenAI-compatible server (llama.cpp's server, vLLM, Ollama)")
    p.add_argument("--generator-url", default=None, help="the server's address, e.g. http://127.0.0.1:8011/v1")
    p.add_argument("--generator-name", default=None, help="the served model (default: the first the server lists)")
    return p.parse_args(argv)


def serve(demo: gr.Blocks, host: str, port: int | None, block: bool = True) -> str:
    """Queue requests (one model run at a time; none dropped) and serve `demo` (port None: a free one
    from 7860 on); returns its address."""
    demo.queue(default_concurrency_limit=1)
    _, url, _ = demo.launch(server_name=host, server_port=port, css=CSS, ssr_mode=False, quiet=True,
                            max_file_size=5 * MAX_FILE_BYTES, footer_links=["api"], prevent_thread_lock=True)
    if block:
        demo.block_thread()
    return url


def main(argv: list[str] | None = None) -> None:
    """Load the bot, then serve the UI until interrupted; prints the address."""
    args = parse(argv)
    if args.host in ALL_INTERFACES and not args.listen_all:
        sys.exit(f"rag-ui: binding to {args.host} makes the bot reachable from other machines; add --listen-all")
    host = "0.0.0.0" if args.listen_all else args.host
    if args.listen_all:
        print("rag-ui: WARNING: listening on all interfaces (0.0.0.0): anyone who can reach this machine "
              "can ask questions and upload documents.", file=sys.stderr, flush=True)
    index = "the index folder"
    try:
        settings = Settings.load()
        data_dir = (args.data_dir or settings.path(settings.cache_dir) / "ui").resolve()
        settings = settings.with_overrides(
            generator_profile=args.profile, generator_backend=args.generator_backend, generator_url=args.generator_url,
            generator_name=args.generator_name, library_dir=str(data_dir / "library") if args.data_dir else None)
        index = str(settings.path(settings.index_dir))
        bot = Bot.load(settings)
        if not args.no_warm_up:
            getattr(bot.generator, "warm_up", lambda: None)()
            bot.retrieve("Scale AI")  # the first question's search does not pay for lazy set-up
    except RagError as exc:
        sys.exit(f"rag-ui: {exc}")
    except OSError as exc:  # e.g. an index folder so damaged that it cannot be rebuilt in place
        sys.exit(f"rag-ui: cannot start ({exc}); if the index is damaged, remove {index} and run `rag index`")
    os.environ.setdefault("GRADIO_TEMP_DIR", str(data_dir / "gradio"))  # Gradio's own upload copies stay here
    demo = build(bot, data_dir, settings)
    try:
        serve(demo, host, args.port, block=False)
    except OSError as exc:
        sys.exit(f"rag-ui: cannot listen on {host}:{args.port}: {exc}")
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    print(f"rag-ui: open http://{shown}:{args.port}/ in a browser (Ctrl+C to stop)", flush=True)
    demo.block_thread()
