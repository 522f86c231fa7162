"""HTML for answers, citations and the article. Every piece of outside text is escaped here.

Chat messages are rendered by the Chatbot as markdown; a message that starts with `<div` and has
no blank line is one raw HTML block, so the markup below is built on one line.

>>> from rag import Answer
>>> "&lt;script&gt;" in answer_html(Answer("<script>x</script>", "en", True), STRINGS["en"])
True
"""
from __future__ import annotations

import re
from html import escape

from rag import Answer, Citation, Paragraph
from rag.answer.decide import in_words

from .highlight import supporting_sentence
from .strings import MODE_VALUES, STRINGS, Strings

_MARKER = re.compile(r"\[(\d+)\]")
CURSOR = "▍"
CSS = """
.rag-answer, .rag-question { white-space: normal; }
.rag-marker { font-weight: 600; color: #2563eb; }
.rag-notice { border-left: 4px solid #d97706; background: #fffbeb; color: #78350f; padding: 6px 10px;
  border-radius: 4px; }
.rag-notice-title { font-weight: 700; text-transform: uppercase; font-size: 0.8em; letter-spacing: .05em; }
.rag-error { border-left: 4px solid #dc2626; background: #fef2f2; color: #7f1d1d; padding: 6px 10px; }
.rag-status { border-left: 4px solid #16a34a; background: #f0fdf4; color: #14532d; padding: 6px 10px; }
.rag-sources { margin-top: 8px; font-size: 0.92em; }
.rag-sources summary { cursor: pointer; font-weight: 600; }
.rag-candidates { opacity: 0.75; }
.rag-sure { color: #4b5563; font-size: 0.88em; margin-top: 2px; }
.rag-cite { border-top: 1px solid #e5e7eb; padding: 6px 0; }
.rag-cite-head { color: #4b5563; font-size: 0.9em; }
.rag-cite mark { background: #fde68a; color: inherit; padding: 0 2px; }
.rag-article .rag-par { margin: 4px 0; }
.rag-article .rag-heading { font-weight: 700; margin-top: 12px; }
.rag-article .rag-num { display: inline-block; min-width: 2.5em; color: #2563eb; font-weight: 600; }
.rag-article .rag-source { font-size: 1.1em; font-weight: 700; margin-top: 16px; }
"""


def text_html(text: str) -> str:
    """`text` escaped, line breaks kept.

    >>> text_html('<img src=x onerror="alert(1)">\\nok')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>ok'
    """
    return _escape(text.strip())


def _escape(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def with_markers(text: str) -> str:
    """Escaped answer text with its `[n]` markers styled.

    >>> with_markers("Wang <b> [11].")
    'Wang &lt;b&gt; <span class="rag-marker">[11]</span>.'
    """
    return _MARKER.sub(r'<span class="rag-marker">[\1]</span>', text_html(text))


def question_html(question: str) -> str:
    """A user's question as plain text."""
    return f'<div class="rag-question">{text_html(question)}</div>'


def streaming_html(partial: str, strings: Strings, candidates: list[Citation] = ()) -> str:
    """The answer while it is generated (or a "searching" line before the first piece), with the
    paragraphs retrieval found, marked as candidates, once they are known."""
    if not partial.strip():
        body = f'<div class="rag-answer"><em>{escape(strings.thinking)}</em></div>'
    else:
        body = f'<div class="rag-answer">{with_markers(partial)}{CURSOR}</div>'
    if not candidates:
        return body
    numbers = ", ".join(f"[{c.paragraph}]" for c in candidates)
    cites = "".join(citation_html(c, "", strings) for c in candidates)
    return (f'<div class="rag-pending">{body}<details class="rag-sources rag-candidates" open><summary>'
            f"{escape(strings.candidates.format(numbers=numbers))}</summary>{cites}</details></div>")


def highlighted(paragraph: str, answer: str) -> str:
    """The paragraph, escaped, with its sentence that best supports `answer` in <mark>."""
    span = supporting_sentence(paragraph, answer)
    if span is None:
        return text_html(paragraph)
    start, end = span
    return f"{_escape(paragraph[:start])}<mark>{_escape(paragraph[start:end])}</mark>{_escape(paragraph[end:])}"


def citation_html(citation: Citation, answer: str, strings: Strings) -> str:
    """One cited paragraph: number, section heading, source, then its text with the highlight."""
    head = f"<b>{escape(strings.paragraph)} {citation.paragraph}</b>"
    if citation.section:
        head += f" · {escape(citation.section)}"
    head += f" · <code>{escape(citation.source)}</code>"
    if getattr(citation, "page", None):
        head += f" · {escape(strings.page)} {citation.page}"
    return (f'<div class="rag-cite" data-paragraph="{citation.paragraph}"><div class="rag-cite-head">{head}</div>'
            f"<div>{highlighted(citation.text, answer)}</div></div>")


def answer_html(answer: Answer, strings: Strings | None = None, mode: str = "") -> str:
    """A finished answer with how sure it is (in words, from its confidence) and the answer mode; a
    not-answered one as a notice; citations in a panel that opens."""
    strings = strings or STRINGS.get(answer.language, STRINGS["en"])
    note = strings.mode_note.format(mode=dict(zip(MODE_VALUES, strings.modes)).get(mode, mode)) if mode else ""
    taken = getattr(answer, "understood_as", "")
    if taken:  # a follow-up: say how it was taken, so a wrong reading shows
        note = " · ".join(p for p in (strings.understood.format(question=taken), note) if p)
    if not answer.answered:
        tail = f'<div class="rag-sure">{escape(note)}</div>' if note else ""
        return (f'<div class="rag-notice"><div class="rag-notice-title">{escape(strings.not_answered)}</div>'
                f"{text_html(answer.text)}{tail}</div>")
    sure = " · ".join(p for p in (in_words(answer.sureness, answer.language), note) if p)
    body = f'<div class="rag-answer">{with_markers(answer.text)}</div>'
    if sure:
        body += f'<div class="rag-sure">{escape(sure)}</div>'
    if not answer.citations:
        return body
    numbers = ", ".join(f"[{c.paragraph}]" for c in answer.citations)
    cites = "".join(citation_html(c, answer.text, strings) for c in answer.citations)
    return (f'<div class="rag-reply">{body}<details class="rag-sources"><summary>'
            f"{escape(strings.sources.format(numbers=numbers))}</summary>{cites}</details></div>")


def error_html(message: str) -> str:
    """An error as a message in the chat (never a traceback)."""
    return f'<div class="rag-error">{text_html(message)}</div>'


def article_html(paragraphs: list[Paragraph]) -> str:
    """The indexed documents with their paragraph numbers; a source's name starts its part."""
    parts, source = ['<div class="rag-article">'], None
    for p in paragraphs:
        if p.source != source:
            source = p.source
            parts.append(f'<div class="rag-source"><code>{escape(source)}</code></div>')
        kind = "rag-par rag-heading" if p.is_heading else "rag-par"
        parts.append(f'<div class="{kind}" id="p{p.number}"><span class="rag-num">[{p.number}]</span>'
                     f"{text_html(p.text)}</div>")
    parts.append("</div>")
    return "".join(parts)
