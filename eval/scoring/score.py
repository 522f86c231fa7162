"""Scoring one answer against one eval item. Pure functions, exact rules:

- answer correct: answerable, not refused, and every `answers` group has one alternative in the
  text (case-insensitive; whitespace and punctuation normalised; "49%" == "49 %");
- citation correct: one cited paragraph contains one `evidence` phrase;
- unanswerable correct: the bot refused (`answered` is False);
- span items (`scoring: "span"`, FacQA): strict is the rule above (the whole gold span); lenient
  (`lenient_correct`) asks for every number of one alternative (800,8 == 800.8; 40 is not 10) and
  at least half its other words, stopwords of either language and the question's own words left
  out ("Pulau Makassar" is not "Pulau Buton" when the question asks which island).

An item may name the corpus files it is asked over (`corpus`, paths relative to the set file);
without it the item is about the bot's own corpus (the shipped article).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rag.texts import LANGUAGES, NUMBER_WORDS

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
    kind: str = ""                   # unanswerable sets: how the question misleads (eval/sets/build/adversarial.py)


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
    """Like `answer_correct`, but a span also counts when the answer has all its numbers and at
    least half its words (a number is one word; stopwords and the question's own words are not
    counted). Keys items: the same as strict.

    >>> item = Item("f1", "id", "Di kota mana ia lahir?", [["Kota Padang Panjang"]], [], True, "span")
    >>> lenient_correct(item, "Di Padang Panjang [4].", True), answer_correct(item, "Di Padang Panjang [4].", True)
    (True, False)
    >>> lenient_correct(Item("f2", "en", "How many?", [["10 categories"]], [], True, "span"), "40 categories [2].", True)
    False
    """
    if item.scoring != "span" or not item.answerable:
        return answer_correct(item, text, answered)
    if not answered:
        return False
    return all(any(contains(text, alt, item.lang) or _half(alt, text, item.question) for alt in group)
               for group in item.answers)


_STOP = frozenset().union(*(lang.stopwords for lang in LANGUAGES.values()))
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPELLED = {w: n for w, n in NUMBER_WORDS.items() if " " not in w}
_MARKER = re.compile(r"\[\d{1,5}(?:\s*[,;]\s*\d{1,5})*\]")  # a citation [4] or [4, 7]: not a number of the answer


def numbers(text: str) -> set[str]:
    """The numbers in `text`, one form per number: a decimal comma or point is one (800,8 == 800.8),
    thousands separators are dropped (1.500 == 1,500 == 1500), a number word is its digits
    ("enam" == "six" == 6); citation markers are left out.

    >>> sorted(numbers("Rp 800,8 triliun [3], 1.500 orang, enam kategori, 800.8"))
    ['1500', '6', '800,8']
    """
    clean = _MARKER.sub(" ", unicodedata.normalize("NFKC", text))
    found = {_SPELLED[w] for w in normalise(clean).split() if w in _SPELLED}
    for n in _NUMBER.findall(clean):
        head, *groups = re.split(r"[.,]", n)
        found.add(head + "".join(groups) if groups and all(len(g) == 3 for g in groups) else ",".join([head, *groups]))
    return found


def _half(phrase: str, text: str, question: str) -> bool:
    """All of `phrase`'s numbers in `text`, and at least half of its words, a number counting as one
    word and stopwords and the question's own words not counted."""
    wanted = numbers(phrase)
    if not wanted <= numbers(text):
        return False
    asked = set(normalise(question).split())
    counted = [w for w in normalise(_NUMBER.sub(" ", phrase)).split() if w not in _STOP | asked and w not in _SPELLED]
    said = set(normalise(_MARKER.sub(" ", text)).split())
    return bool(wanted or counted) and 2 * (len(wanted) + sum(w in said for w in counted)) >= len(wanted) + len(counted)


def rescored(outcome: dict, scoring: str) -> dict:
    """A stored outcome (`rag eval --json`) scored again by today's rules, from its answer (`text`),
    its best answer (`draft`) and its gold answers (`expected`); `scoring` as the set's items say."""
    item = Item(outcome["id"], outcome["lang"], outcome["question"], outcome["expected"], [], outcome["answerable"], scoring)
    draft = outcome.get("draft") or ""
    return {**outcome, "correct": answer_correct(item, outcome["text"], outcome["answered"]),
            "lenient": lenient_correct(item, outcome["text"], outcome["answered"]),
            "draft_correct": answer_correct(item, draft, True) if item.answerable else False,
            "draft_lenient": item.answerable and lenient_correct(item, draft, True)}


def citation_correct(item: Item, cited_texts: list[str]) -> bool:
    return any(e in t for t in cited_texts for e in item.evidence)
