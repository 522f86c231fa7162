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


def _langdetect_margin(text: str) -> float:
    """P(id) - P(en) from langdetect (0.0 when it sees neither or is not installed)."""
    try:
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException
    except ImportError:  # pragma: no cover - langdetect is a pinned dependency
        return 0.0
    DetectorFactory.seed = 0
    try:
        probs = {g.lang: g.prob for g in detect_langs(text)}
    except LangDetectException:
        return 0.0
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


def resolve(language: str | None, question: str) -> str:
    """`language` when given ("id"/"en"; "auto" or None means detect), else the detected one."""
    if language in (None, "", "auto"):
        return detect(question)
    code = language.lower()
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of auto, {', '.join(SUPPORTED)}; got {language!r}")
    return code
