"""Question language: langdetect restricted to Indonesian/English, backed by keywords.

langdetect alone mislabels short Indonesian questions as Malay or Tagalog, so only its
Indonesian and English probabilities are compared, and a keyword count breaks ties or
overrides it when clear.

>>> detect("Siapa pendiri Scale AI?")
'id'
>>> detect("Who founded Scale AI?")
'en'
"""
from __future__ import annotations

import re

from .texts import LANGUAGES

SUPPORTED = tuple(LANGUAGES)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def keyword_score(text: str) -> int:
    """Indonesian keywords minus English keywords found in `text`."""
    words = [w.lower() for w in _WORD.findall(text)]
    return sum(w in LANGUAGES["id"].keywords for w in words) - sum(
        w in LANGUAGES["en"].keywords for w in words
    )


def _langdetect(text: str) -> list[tuple[str, float]]:
    """langdetect's (language, probability) guesses, most probable first; [] when it has none
    or is not installed. Seeded, so the same text always gets the same guesses."""
    try:
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException
    except ImportError:  # pragma: no cover - langdetect is a pinned dependency
        return []
    DetectorFactory.seed = 0
    try:
        return [(g.lang, g.prob) for g in detect_langs(text)]
    except LangDetectException:
        return []


def _langdetect_margin(text: str) -> float:
    """P(id) - P(en) from langdetect (0.0 when it sees neither or is not installed)."""
    probs = dict(_langdetect(text))
    return probs.get("id", 0.0) - probs.get("en", 0.0)


def detect(text: str, default: str = "en") -> str:
    """The more likely of "id" and "en" for `text`."""
    kw = keyword_score(text)
    if abs(kw) >= 2:
        return "id" if kw > 0 else "en"
    margin = _langdetect_margin(text) + 0.3 * kw
    if margin > 0:
        return "id"
    if margin < 0:
        return "en"
    return default


_NEAR = {"id", "en", "ms", "tl", "jw", "su"}  # langdetect's guesses for short Indonesian/English text
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def foreign(text: str) -> str | None:
    """The language of `text` when it is clearly neither Indonesian nor English, else None.

    Clear means: a mostly non-Latin script, or no Indonesian/English keyword at all while
    langdetect is at least 95% sure of a language unrelated to both.

    >>> foreign("Wer hat Scale AI gegründet?"), foreign("Siapa Alexandr Wang?")
    ('de', None)
    """
    words = [w.lower() for w in _WORD.findall(text)]
    letters = "".join(words)
    if letters and len(_LATIN.findall(letters)) < len(letters) / 2:
        return _langdetect_top(text) or "other"
    if len(words) < 3 or any(w in LANGUAGES[c].keywords for c in SUPPORTED for w in words):
        return None
    top = _langdetect_top(text, min_prob=0.95)
    return top if top and top not in _NEAR else None


def _langdetect_top(text: str, min_prob: float = 0.0) -> str | None:
    guesses = _langdetect(text)
    return guesses[0][0] if guesses and guesses[0][1] >= min_prob else None


def resolve(language: str | None, question: str) -> str:
    """`language` when given ("id"/"en"; "auto" or None means detect), else the detected one."""
    if language in (None, "", "auto"):
        return detect(question)
    code = language.lower()
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of auto, {', '.join(SUPPORTED)}; got {language!r}")
    return code
