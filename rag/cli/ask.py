"""`rag ask` (one question) and `rag chat` (questions in a loop, in the terminal)."""
from __future__ import annotations

import argparse

from .common import print_answer, settings_from


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    ask = sub.add_parser("ask", help="answer one question", description="Answer one question, citing paragraphs.")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.set_defaults(run=run_ask)
    chat = sub.add_parser("chat", help="chat in the terminal", description="Ask questions in a loop in the terminal.")
    chat.set_defaults(run=run_chat)
    for p in (ask, chat):
        p.add_argument("--lang", choices=["auto", "id", "en"], default="auto", help="answer language (default: the question's)")
    return [ask, chat]


def run_ask(args: argparse.Namespace) -> int:
    from ..bot import Bot

    bot = Bot.load(settings_from(args))
    if args.json:
        print_answer(bot.ask(args.question, args.lang), True)
        return 0
    stream = bot.stream(args.question, args.lang)
    for piece in stream:
        print(piece, end="", flush=True)
    print()
    print_answer(stream.answer, False, bot.settings.answer_mode)
    return 0


def run_chat(args: argparse.Namespace) -> int:
    from ..bot import Bot
    from ..errors import QuestionError

    bot = Bot.load(settings_from(args))
    print("Ask about the article in Indonesian or English (empty line or Ctrl-D to quit).")
    while True:
        try:
            question = input("\n> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question.strip():
            return 0
        try:
            stream = bot.stream(question, args.lang)
            for piece in stream:
                print(piece, end="", flush=True)
            print()
            print_answer(stream.answer, False, bot.settings.answer_mode)
        except QuestionError as exc:
            print(f"rag: {exc}")
