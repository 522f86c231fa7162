"""Does the passage say it? The generator checks its own answer: yes or no, read from its logits.

Two forms (setting `verify`): `context` appends a check to the conversation that produced the
answer ("Does one of the passages state exactly that answer?"), so that only the check's few
tokens are evaluated on the kept state; `sentence` asks alone whether the answer's evidence
sentence states the answer to the question (a short prompt of its own). Each gives P(yes), a
signal for the decision (`Signals.verified`, `Signals.verified_sentence`).
"""
from __future__ import annotations

from ..generators import Generator
from ..texts import LANGUAGES
from . import prompt

Messages = list[dict[str, str]]
FORMS = ("off", "context", "sentence", "both")


def wanted(setting: str, form: str) -> bool:
    """Is `form` ("context" or "sentence") asked under the `verify` setting?

    >>> wanted("both", "context"), wanted("context", "sentence"), wanted("off", "context")
    (True, False, False)
    """
    return setting == form or setting == "both"


def in_context(generator: Generator, messages: Messages, reply: str, language: str) -> float | None:
    """P(yes) that the passages of `messages` state `reply` (the model's own reply to them)."""
    lang = LANGUAGES[language]
    turn = messages + [{"role": "assistant", "content": reply}, {"role": "user", "content": lang.check}]
    return _judge(generator, turn, language)


def check_messages(question: str, answer: str, sentence: str, language: str) -> Messages:
    """The stand-alone check: does `sentence` state `answer` to `question`?

    >>> check_messages("Who founded it?", "Wang [3].", "Wang mendirikan Scale AI.", "en")[1]["content"].splitlines()[0]
    'Quotation: Wang mendirikan Scale AI.'
    """
    lang = LANGUAGES[language]
    body = lang.check_sentence.format(sentence=prompt.as_data(sentence), question=prompt.as_data(question),
                                      answer=prompt.MARKER.sub("", answer).strip())
    return [{"role": "system", "content": lang.check_system}, {"role": "user", "content": body}]


def against_sentence(generator: Generator, question: str, answer: str, sentence: str, language: str) -> float | None:
    """P(yes) that `sentence` states `answer` to `question`."""
    return _judge(generator, check_messages(question, answer, sentence, language), language)


def _judge(generator: Generator, messages: Messages, language: str) -> float | None:
    judge = getattr(generator, "judge", None)  # a backend of another library may not have it
    if judge is None:
        return None
    lang = LANGUAGES[language]
    return judge(messages, list(lang.yes), list(lang.no))
