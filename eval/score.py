"""Scoring one answer against one eval item. Pure functions, exact rules:

- answer correct: answerable, not refused, and every `answers` group has one alternative in the
  text (case-insensitive; whitespace and punctuation normalised; "49%" == "49 %");
- citation correct: one cited paragraph contains one `evidence` phrase;
- unanswerable correct: the bot refused (`answered` is False).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

KEYS = ("id", "lang", "question", "answers", "evidence", "answerable")


@dataclass(frozen=True)
class Item:
    id: str
    lang: str
    question: str
    answers: list[list[str]]
    evidence: list[str]
    answerable: bool


def load(path: Path) -> list[Item]:
    """Read a JSONL eval set, failing with the line number on a malformed item."""
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            missing = [k for k in KEYS if k not in data]
            if missing:
                raise ValueError(f"missing {', '.join(missing)}")
            items.append(Item(**{k: data[k] for k in KEYS}))
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: not an eval item ({exc})") from exc
    return items


SPLITS = ("all", "dev", "test")


def split(items: list[Item], name: str) -> list[Item]:
    """`dev` or `test` half of a set, by question pair: items come in id/en pairs (q001/q002 ask
    the same thing), and even-numbered pairs are dev, odd ones test, so no fact is in both.

    >>> [i.id for i in split([Item(f"q{n:03d}", "id", "", [], [], True) for n in range(1, 7)], "test")]
    ['q003', 'q004']
    """
    if name == "all":
        return items
    if name not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}; got {name!r}")
    want = 0 if name == "dev" else 1
    return [i for i in items if (int(re.sub(r"\D", "", i.id) or 0) - 1) // 2 % 2 == want]


def normalise(text: str) -> str:
    """Lower case, NFKC, punctuation to spaces (keeping % attached to its number), single spaces.

    >>> normalise("Meta bought 49 %, non-voting!")
    'meta bought 49% non voting'
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w%]+", " ", text)
    text = re.sub(r"(\d)\s+%", r"\1%", text)
    return " ".join(text.split())


def contains(text: str, phrase: str, lang: str = "en") -> bool:
    """`phrase` occurs in `text` as whole words after normalisation; a last word of four letters
    or more may carry an English inflection (-s, -es, -d, -ed: "reduce" matches "reduces"), or in
    an Indonesian answer (`lang="id"`) the enclitic -nya ("taman tertutup" matches "taman tertutupnya").

    >>> contains("Vertical integration reduces costs.", "reduce"), contains("Meta", "Met")
    (True, False)
    """
    p = normalise(phrase)
    if not p:
        return False
    endings = "s|es|d|ed|nya" if lang == "id" else "s|es|d|ed"
    ending = f"(?:{endings})?" if len(p.split()[-1]) >= 4 and p[-1].isalpha() else ""
    return re.search(rf"(?<!\S){re.escape(p)}{ending}(?!\S)", normalise(text)) is not None


def answer_correct(item: Item, text: str, answered: bool) -> bool:
    if not item.answerable:
        return not answered
    return answered and all(any(contains(text, alt, item.lang) for alt in group) for group in item.answers)


def citation_correct(item: Item, cited_texts: list[str]) -> bool:
    return any(e in t for t in cited_texts for e in item.evidence)
