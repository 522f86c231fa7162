"""Scoring one answer against one eval item. Pure functions, exact rules:

- answer correct: answerable, not refused, and every `answers` group has one alternative in the
  text (case-insensitive; whitespace and punctuation normalised; "49%" == "49 %");
- citation correct: one cited paragraph contains one `evidence` phrase;
- unanswerable correct: the bot refused (`answered` is False);
- span items (`scoring: "span"`, FacQA): strict is the rule above (the whole gold span), lenient
  asks for at least half the words of one alternative (`lenient_correct`).

An item may name the corpus files it is asked over (`corpus`, paths relative to the set file);
without it the item is about the bot's own corpus (the shipped article).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

KEYS = ("id", "lang", "question", "answers", "evidence", "answerable")
OPTIONAL = {"scoring": "keys", "corpus": (), "kind": ""}


@dataclass(frozen=True)
class Item:
    id: str
    lang: str
    question: str
    answers: list[list[str]]
    evidence: list[str]
    answerable: bool
    scoring: str = "keys"            # "keys" (article sets) or "span" (FacQA: strict and lenient)
    corpus: tuple[str, ...] = ()     # absolute paths of the corpus files; () = the bot's own corpus
    kind: str = ""                   # unanswerable sets: how the question misleads (eval/adversarial.py)


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
            corpus = tuple(str((Path(path).parent / f).resolve()) for f in data.get("corpus", ()))
            scoring = data.get("scoring", OPTIONAL["scoring"])
            if scoring not in ("keys", "span"):
                raise ValueError(f"scoring must be 'keys' or 'span', not {scoring!r}")
            items.append(Item(**{k: data[k] for k in KEYS}, scoring=scoring, corpus=corpus, kind=data.get("kind", "")))
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


def per_group(items: list[Item], n: int | None) -> list[Item]:
    """The first `n` items of each (language, answerable) group, in the set's order: a fixed,
    balanced sample of a large set (None: all).

    >>> [i.id for i in per_group([Item(str(k), "id" if k % 2 else "en", "", [], [], True) for k in range(6)], 1)]
    ['0', '1']
    """
    if n is None:
        return items
    taken: dict[tuple[str, bool], int] = {}
    out = []
    for item in items:
        key = (item.lang, item.answerable)
        if taken.get(key, 0) < n:
            taken[key] = taken.get(key, 0) + 1
            out.append(item)
    return out


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


def lenient_correct(item: Item, text: str, answered: bool) -> bool:
    """Like `answer_correct`, but a span counts when at least half its words are in the answer
    (keys items: the same as strict).

    >>> item = Item("f1", "id", "", [["Kota Padang Panjang"]], [], True, "span")
    >>> lenient_correct(item, "Di Padang Panjang [4].", True), answer_correct(item, "Di Padang Panjang [4].", True)
    (True, False)
    """
    if item.scoring != "span" or not item.answerable:
        return answer_correct(item, text, answered)
    if not answered:
        return False
    said = set(normalise(text).split())
    return all(any(_half(alt, said) for alt in group) for group in item.answers)


def _half(phrase: str, said: set[str]) -> bool:
    words = normalise(phrase).split()
    return bool(words) and 2 * sum(w in said for w in words) >= len(words)


def citation_correct(item: Item, cited_texts: list[str]) -> bool:
    return any(e in t for t in cited_texts for e in item.evidence)
