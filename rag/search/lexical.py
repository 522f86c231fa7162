"""Language-aware BM25: the lexical half of hybrid retrieval.

Each paragraph is tokenised by its own language's analyser (Indonesian: Sastrawi stemming).
A question scores paragraphs of its own language with all its content words; paragraphs of the
other language only with the words both languages share that are rare in the corpus: names,
numbers and loanwords ("49%", "2014", "LLaMA", "DeepMind", "antitrust"). Other words of the
question are noise to BM25 across languages ("Meta", "AI" are everywhere; "the" means nothing).
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ..texts import LANGUAGES
from ..types import Paragraph
from .bm25 import Bm25, analysed, term_ids

_TOKEN = re.compile(r"\w+(?:[-.]\w+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202 - Sastrawi has no types
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def _stem_id(word: str) -> str:
    return _stemmer().stem(word) or word


_PREFIXES = ("memper", "diper", "meng", "meny", "peng", "peny", "mem", "men", "pem", "pen", "per", "ber", "ter",
             "me", "pe", "be", "di", "ke", "se", "")
_SUFFIXES = ("kannya", "annya", "kan", "an", "i", "nya", "lah", "kah", "")
_NASAL = {"mem": "p", "pem": "p", "men": "t", "pen": "t", "meng": "k", "peng": "k", "meny": "s", "peny": "s"}


def derived_id(word: str) -> bool:
    """Whether `word` is an Indonesian root (Sastrawi's dictionary, 4+ letters) with Indonesian
    affixes: a sign of Indonesian in an English answer. Bare roots ("data", "model") and English
    words Sastrawi can stem but that are not root + affixes ("terminate" -> "mate") are not.

    >>> [derived_id(w) for w in ("pekerjaan", "pemerintah", "penyebaran", "data", "terminate", "belong")]
    [True, True, True, False, False, False]
    """
    w = word.lower()
    root = _stem_id(w)
    if root == w or len(root) < 4:
        return False
    for p in (p for p in _PREFIXES if w.startswith(p)):
        for s in (s for s in _SUFFIXES if w.endswith(s) and len(p) + len(s) < len(w)):
            core = w[len(p):len(w) - len(s)]
            if core == root or (_NASAL.get(p) == root[0] and core == root[1:]):
                return True
    return False


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


class Lexical:
    """BM25 over paragraphs (`bm25.Bm25`); `scores(question, language)` gives one score per paragraph.
    Making it again for a library that changed analyses only the paragraphs it has not seen."""

    def __init__(self, paragraphs: list[Paragraph], cross_language_max_df: float = 0.12) -> None:
        self.languages = np.array([p.language for p in paragraphs])
        self._masks = {lang: self.languages == lang for lang in sorted(set(self.languages.tolist()))}
        self._bm25 = Bm25([analysed(p.embed_text(), p.language, analyse) for p in paragraphs])
        self._limit = max(1, int(cross_language_max_df * len(paragraphs)))  # "rare": in at most this many

    def _score(self, tokens: list[str]) -> np.ndarray:
        return self._bm25.scores(term_ids(tokens))

    def _rare(self, tokens: list[str]) -> list[str]:
        return [t for t, i in zip(tokens, term_ids(tokens, keep_unknown=True))
                if i is not None and 0 < self._bm25.df_of(i) <= self._limit]

    def scores(self, question: str, language: str) -> tuple[np.ndarray, np.ndarray]:
        """(scores, same_language_mask): full-question BM25 where the paragraph's language is the
        question's; elsewhere BM25 on the question's words that occur in at most
        `cross_language_max_df` of the paragraphs (names, numbers, loanwords)."""
        out = np.zeros(len(self.languages), dtype=np.float32)
        same = self._masks.get(language, np.zeros(len(self.languages), dtype=bool))
        for doc_lang, mask in self._masks.items():
            if doc_lang == language:
                tokens = analyse(question, doc_lang, drop_stopwords=True)
            else:  # only words both languages share and rare enough to point somewhere:
                # names, numbers, loanwords ("DeepMind", "2014", "antitrust", "pipeline")
                words_ = " ".join(t for t in words(question) if t not in LANGUAGES[language].stopwords)
                tokens = self._rare(analyse(words_, doc_lang))
            if tokens:
                scored = self._score(tokens)
                out = scored if len(self._masks) == 1 else np.where(mask, scored, out)
        return out, same
