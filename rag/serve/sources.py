"""The paragraphs behind a chat completion, numbered as a client lists them.

A reply's sources are the paragraphs the model read (retrieval's hits), in the order they are sent:
while streaming, as soon as retrieval is done (Open WebUI `source` events, our `source` field); in a
whole reply, as its `sources` field. Clients link an inline `[n]` to the n-th source they list (Open
WebUI does), so a chat completion's markers count sources, not paragraphs: the answer's `[4]`
(paragraph 4) becomes `[1]` when paragraph 4 is the first source. Every source and citation keeps its
paragraph number (`paragraph`) beside its `marker`, and the "Sources:" text under the answer (for
clients that show only the content, such as LangChain) lists the cited paragraphs by the same markers.
A client that shows the streamed sources itself (Open WebUI) gets no such text (`as_text`): it would
list them twice. `POST /v1/ask` returns the Answer as it is, with paragraph numbers.
"""
from __future__ import annotations

import re
from typing import Any

from ..answer.prompt import MARKER
from ..types import Answer, Citation

EXCERPT = 300  # characters of a paragraph shown under "Sources:" (cut at a sentence or word end)
HEADER = "X-Rag-Sources-Text"  # a request header: "on" or "off", the "Sources:" text under the answer
# Open WebUI (0.12.4) calls an OpenAI connection with aiohttp and sets no User-Agent: aiohttp's default
_AIOHTTP = re.compile(r"^Python/\S+ aiohttp/")
_ON, _OFF = {"on", "yes", "true", "1"}, {"off", "no", "false", "0"}
_NUM = re.compile(r"\d+")
_SPACED = re.compile(r"([ \t]*)(" + MARKER.pattern + ")")  # a marker and the space before it (dropped with it)


def as_text(header: str | None, user_agent: str | None, stream: bool) -> bool:
    """Whether the answer's content ends with its cited sources as text ("Sources: ..."). The request's
    `X-Rag-Sources-Text` header (`header`: on or off) decides when it says one of them; else yes, except
    in a stream to Open WebUI (recognised by its `user_agent`, aiohttp's default), which lists the
    streamed `source` events under the answer and opens them from its `[n]` buttons: the text would list
    them a second time. Clients that show only the content (the openai client, LangChain, `llm`, curl)
    keep it, and so does a whole (not streamed) reply, which carries no `source` events.

    >>> as_text(None, "Python/3.11 aiohttp/3.14.5", True), as_text(None, "OpenAI/Python 3.57.0", True)
    (False, True)
    >>> as_text("on", "Python/3.11 aiohttp/3.14.5", True), as_text("off", "curl/8.5.0", False)
    (True, False)
    """
    said = (header or "").strip().lower()
    if said in _ON | _OFF:
        return said in _ON
    return not (stream and _AIOHTTP.match(user_agent or ""))


def listed(sent: list[Citation], answer: Answer | None = None) -> list[Citation]:
    """The sources in the order a client lists them: those `sent` (retrieval's), then any paragraph
    `answer` cites that is not among them (none, as the bot answers: it cites only what it read)."""
    have = {c.paragraph for c in sent}
    return [*sent, *(c for c in (answer.citations if answer else []) if c.paragraph not in have)]


def renumber(text: str, sources: list[Citation]) -> str:
    """`text` with each `[p]` marker (a paragraph number) as the position of paragraph p among `sources`;
    a marker naming no source is dropped.

    >>> s = [Citation(7, "a.txt", "", 0.0), Citation(4, "a.txt", "", 0.0)]
    >>> renumber("Alexandr Wang [4]. Meta [4, 7][9].", s)
    'Alexandr Wang [2]. Meta [2, 1].'
    """
    position = {c.paragraph: n for n, c in enumerate(sources, 1)}

    def one(m: re.Match[str]) -> str:
        nums = [position[p] for p in map(int, _NUM.findall(m.group(2))) if p in position]
        return m.group(1) + "[" + ", ".join(map(str, dict.fromkeys(nums))) + "]" if nums else ""

    return _SPACED.sub(one, text)


def name(c: Citation) -> str:
    """How a paragraph is named in a source list: "¶4 article.txt · 1. Pendiri · p. 2" (its number first:
    Open WebUI's marker button shows a long name's first 15 and last 10 characters)."""
    return " · ".join(part for part in (f"¶{c.paragraph} {c.source}", c.section, f"p. {c.page}" if c.page else "") if part)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """`text` on one line; past `limit` characters cut at the last sentence end (when it keeps at least
    half), else at the last word end, and marked with "…". Never mid-word.

    >>> excerpt("Meta membeli 49% saham. Pendirinya Alexandr Wang.", 30)
    'Meta membeli 49% saham. …'
    >>> excerpt("Pendiri Scale AI adalah Alexandr Wang", 30)
    'Pendiri Scale AI adalah…'
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[:limit + 1]
    ends = [m.end() for m in re.finditer(r"[.!?…][\"'”’)\]]*(?= )", head)]
    if ends and ends[-1] >= limit // 2:
        return head[:ends[-1]] + " …"
    space = head.rfind(" ")
    return (head[:space] if space > 0 else flat[:limit]).rstrip(" ,;:-–") + "…"


def content(answer: Answer, sources: list[Citation], text: bool = True) -> str:
    """The answer with its markers counting `sources`, then (`text`: see `as_text`) the cited paragraphs
    as text, by those markers (an answer that cites nothing, a refusal or a client's task, as it is)."""
    if not answer.citations:
        return answer.text
    position = {c.paragraph: n for n, c in enumerate(sources, 1)}
    said = renumber(answer.text, sources)
    cited = [c for c in answer.citations if c.paragraph in position]
    if not cited or not text:
        return said
    lines = "\n".join(f"[{position[c.paragraph]}] {name(c)}: {excerpt(c.text)}" for c in cited)
    return f"{said}\n\nSources:\n{lines}"


def marked(cited: list[Citation], sources: list[Citation]) -> list[dict[str, Any]]:
    """Paragraphs as JSON, each with its `marker`: its position among `sources` (0: not among them)."""
    position = {c.paragraph: n for n, c in enumerate(sources, 1)}
    return [{**c.__dict__, "marker": position.get(c.paragraph, 0)} for c in cited]


def event(c: Citation) -> dict[str, Any]:
    """A paragraph as Open WebUI's `source` event (its chunks' `event` field): listed under the reply by
    `name`, its whole text in Open WebUI's source view. Each name is its own source (Open WebUI merges
    documents that share `metadata.source`), so the list counts paragraphs as the markers do."""
    title = name(c)
    return {"type": "source", "data": {"source": {"name": title}, "document": [c.text],
                                       "metadata": [{"source": title, "name": title}]}}
