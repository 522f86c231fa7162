"""Language-aware BM25: the lexical half of hybrid retrieval.

Each paragraph is tokenised by its own language's analyser (Indonesian: Sastrawi stemming).
A question scores paragraphs of its own language with all its content words; paragraphs of the
other language only with the names and numbers it contains ("49%", "2014", "LLaMA", "DeepMind"),
since translated words are noise to BM25 across languages.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .texts import LANGUAGES
from .types import Paragraph

_TOKEN = re.compile(r"\w+(?:[-.]\w+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202 - Sastrawi has no types
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def _stem_id(word: str) -> str:
    return _stemmer().stem(word) or word


def words(text: str) -> list[str]:
    """Lower-cased word tokens; "49%" -> "49", "GPT-4" -> "gpt-4" and its parts."""
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        low = tok.lower()
        out.append(low)
        if "-" in low or "." in low:
            out += [p for p in re.split(r"[-.]", low) if p]
    return out


def analyse(text: str, language: str, drop_stopwords: bool = False) -> list[str]:
    toks = words(text)
    if drop_stopwords:
        stop = LANGUAGES[language].stopwords if language in LANGUAGES else frozenset()
        toks = [t for t in toks if t not in stop]
    if language == "id":
        toks = [t if any(c.isdigit() for c in t) else _stem_id(t) for t in toks]
    return toks


def names_and_numbers(question: str) -> str:
    """The question's tokens that carry across languages: numbers, capitalised or mixed-case names.

    >>> names_and_numbers("Which company did Google buy in 2014, DeepMind?")
    'Google 2014 DeepMind'
    """
    toks = _TOKEN.findall(question)
    keep = [t for i, t in enumerate(toks)
            if any(c.isdigit() for c in t)
            or (t[:1].isupper() and (i > 0 or any(c.isupper() for c in t[1:])))]
    return " ".join(keep)


class Lexical:
    """BM25 over paragraphs; `scores(question, language)` gives one score per paragraph."""

    def __init__(self, paragraphs: list[Paragraph]) -> None:
        import bm25s

        self.languages = np.array([p.language for p in paragraphs])
        corpus = [analyse(p.embed_text(), p.language) for p in paragraphs]
        self._bm25 = bm25s.BM25()
        self._vocab: dict[str, int] = {}
        ids = [[self._vocab.setdefault(t, len(self._vocab)) for t in doc] or [0] for doc in corpus]
        if not self._vocab:
            self._vocab[""] = 0
        self._bm25.index(bm25s.tokenization.Tokenized(ids=ids, vocab=self._vocab), show_progress=False)

    def _score(self, tokens: list[str]) -> np.ndarray:
        known = [t for t in tokens if t in self._vocab]
        if not known:
            return np.zeros(len(self.languages), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def scores(self, question: str, language: str) -> tuple[np.ndarray, np.ndarray]:
        """(scores, same_language_mask): full-question BM25 where the paragraph's language is the
        question's, names-and-numbers BM25 elsewhere."""
        out = np.zeros(len(self.languages), dtype=np.float32)
        same = self.languages == language
        for doc_lang in set(self.languages.tolist()):
            mask = self.languages == doc_lang
            text = question if doc_lang == language else names_and_numbers(question)
            if text:
                out[mask] = self._score(analyse(text, doc_lang, drop_stopwords=True))[mask]
        return out, same
