"""The generator's prompt, and reading its reply back (refusals, [n] markers).

Passages are delimited as data, labelled with their paragraph numbers and section headings;
the instructions and the question come in the answer language.
"""
from __future__ import annotations

import re

from .texts import LANGUAGES
from .types import Hit

_MARKER = re.compile(r"\[(\d{1,5})(?:\s*[,;]\s*\d{1,5})*\]")
_NUM = re.compile(r"\d{1,5}")


def build_messages(question: str, hits: list[Hit], language: str) -> list[dict[str, str]]:
    """Chat messages: system instructions, then passages and question as one user turn."""
    lang = LANGUAGES[language]
    lines = [f"<{lang.passages_label}>"]
    for h in hits:
        p = h.paragraph
        head = f" ({lang.section_label}: {p.section})" if p.section and not p.is_heading else ""
        lines.append(f"[{p.number}]{head} {p.text}")
    lines.append(f"</{lang.passages_label}>")
    lines.append(f"{lang.question_label}: {question}")
    lines.append(f"{lang.answer_label}:")
    return [{"role": "system", "content": lang.system}, {"role": "user", "content": "\n".join(lines)}]


def is_refusal(reply: str, language: str) -> bool:
    """True when the model says the passages do not hold the answer."""
    text = reply.strip().lower()
    if not text:
        return True
    head = text[:80]
    return any(m in head for m in LANGUAGES[language].refusal_markers)


def cited_numbers(reply: str) -> list[int]:
    """Paragraph numbers named by `[n]` / `[n, m]` markers, in order of first mention."""
    seen: list[int] = []
    for m in _MARKER.finditer(reply):
        for n in map(int, _NUM.findall(m.group(0))):
            if n not in seen:
                seen.append(n)
    return seen


def clean(reply: str, allowed: set[int]) -> str:
    """Drop markers that name paragraphs the prompt did not hold; tidy whitespace."""

    def keep(m: re.Match[str]) -> str:
        nums = [n for n in map(int, _NUM.findall(m.group(0))) if n in allowed]
        return "[" + ", ".join(map(str, nums)) + "]" if nums else ""

    text = _MARKER.sub(keep, reply.strip())
    return re.sub(r"[ \t]+([.,;])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()


def is_bare(reply: str) -> bool:
    """A reply that is only markers or punctuation, no words."""
    return not re.sub(r"[\W_]+", "", _MARKER.sub("", reply))
