"""Run a bot over an eval set: one Outcome per item, then the summary figures."""
from __future__ import annotations

import re
import statistics
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from rag import Bot
from rag.lang import detect
from rag.answer.prompt import MARKER
from rag.answer.replies import foreign_words

from ..scoring.score import Item, answer_correct, citation_correct, lenient_correct
from ..scoring.stats import share

_WORD = re.compile(r"[^\W\d_][\w'-]*")


@dataclass(frozen=True)
class Outcome:
    id: str
    lang: str
    question: str
    answerable: bool
    answered: bool
    correct: bool
    lenient: bool                   # span sets: at least half the gold span's words (else = correct)
    citation_correct: bool | None   # None for unanswerable items
    language_match: bool | None     # None when refused (the refusal text is ours, not the model's)
    retrieval_rank: int | None      # 1-based rank of the evidence paragraph before generation (top 5)
    section: str
    text: str
    expected: list[list[str]]
    citations: list[int]
    seconds: float
    confidence: float | None = None  # the answerability model's probability (None: nothing was weighed)
    draft: str = ""                   # the model's best answer, shown or not
    draft_lenient: bool = False       # would the draft have been right (lenient), had it been shown?
    signals: dict | None = None       # what the decision weighed (eval/decision/fit.py learns from these)
    kind: str = ""                    # unanswerable items: how the question misleads, or "removed" (its passage)
    # the draft scored as if shown, so that a lower threshold can show it (eval.decision.modes; eval.running.resignal fills them)
    draft_correct: bool | None = None
    draft_citation_correct: bool | None = None
    draft_language_match: bool | None = None
    draft_citations: list[int] | None = None
    gold_paragraphs: list[int] | None = None  # the paragraphs holding the evidence (citation precision)
    second_try: str = ""               # "retry" or "translate" when the answer took a second generation
    second_try_seconds: float = 0.0


@dataclass(frozen=True)
class Summary:
    n: int
    accuracy: float
    accuracy_id: float
    accuracy_en: float
    lenient: float
    lenient_id: float
    lenient_en: float
    unanswerable_refused: float
    answerable_refused: float
    citation_recall: float
    recall_at_1: float
    recall_at_3: float
    recall_at_5: float
    language_match: float
    latency_median: float
    latency_p95: float
    extra: dict = field(default_factory=dict)


def language_matches(text: str, lang: str, question: str = "") -> bool:
    """Are the answer's words in `lang`: detected as `lang`, with no function word of the other
    language that the question does not use ("…minyak dari model…" in English fails)? Names have
    no language: words with a capital letter are left out ("IAISEEK AI Editorial Team [45]." in
    an Indonesian answer is a name copied from the article), and an answer with fewer than two
    other words ("49% [2]", "WhatsApp [32].") matches: too few to tell."""
    words = [w for w in _WORD.findall(MARKER.sub(" ", text)) if not any(c.isupper() for c in w)]
    if len(words) < 2:
        return True
    return detect(" ".join(words), default=lang) == lang and not foreign_words(text, lang, question)


def evidence_paragraphs(bot: Bot, item: Item) -> set[int]:
    return {p.number for p in bot.paragraphs if any(e in p.text for e in item.evidence)}


def run_item(bot: Bot, item: Item, mode: str | None = None, hidden: Path | None = None) -> Outcome:
    """One item asked; with `hidden` (a folder), the generator's last-layer states at its checks of the
    answer go to `hidden/<id>.npy` (one row per check, in the order asked: for fitting a probe)."""
    gold = evidence_paragraphs(bot, item)
    hits = bot.retriever.search(item.question, item.lang, k=5, mode=mode).hits
    ranks = [i + 1 for i, h in enumerate(hits) if h.paragraph.number in gold]
    states = getattr(bot.generator, "hiddens", None) if hidden is not None else None
    if states is not None:
        states.clear()
    start = time.perf_counter()
    a = bot.ask(item.question)
    seconds = time.perf_counter() - start
    if hidden is not None and states:
        hidden.mkdir(parents=True, exist_ok=True)
        np.save(hidden / f"{item.id}.npy", np.stack(states).astype(np.float16))
    section = next((p.section for p in bot.paragraphs if p.number in gold), "") if gold else "(unanswerable)"
    return Outcome(
        id=item.id, lang=item.lang, question=item.question, answerable=item.answerable, answered=a.answered,
        correct=answer_correct(item, a.text, a.answered), lenient=lenient_correct(item, a.text, a.answered),
        citation_correct=citation_correct(item, [c.text for c in a.citations]) if item.answerable else None,
        language_match=language_matches(a.text, item.lang, item.question) if a.answered else None,
        retrieval_rank=ranks[0] if ranks else None, section=section, text=a.text,
        expected=item.answers, citations=[c.paragraph for c in a.citations], seconds=round(seconds, 3),
        confidence=getattr(a, "confidence", None), draft=getattr(a, "draft", ""),
        draft_lenient=item.answerable and lenient_correct(item, getattr(a, "draft", "") or "", True),
        signals=asdict(a.signals) if getattr(a, "signals", None) else None, kind=item.kind,
        draft_correct=answer_correct(item, getattr(a, "draft", "") or "", True) if item.answerable else False,
        gold_paragraphs=sorted(gold),
        second_try=getattr(getattr(a, "timings", None), "second_try", "") or "",
        second_try_seconds=float(getattr(getattr(a, "timings", None), "second_try_seconds", 0.0) or 0.0),
    )


def run(bot: Bot, items: Iterable[Item], mode: str | None = None,
        on_item: Callable[[Outcome], None] | None = None, hidden: Path | None = None) -> list[Outcome]:
    outcomes = []
    for item in items:
        outcomes.append(run_item(bot, item, mode, hidden))
        if on_item:
            on_item(outcomes[-1])
    return outcomes


def median_p95(values: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile (nearest rank) of `values` (not empty)."""
    v = sorted(values)
    return statistics.median(v), v[min(len(v) - 1, int(0.95 * len(v)))]


def summarise(outcomes: list[Outcome]) -> Summary:
    ans = [o for o in outcomes if o.answerable]
    una = [o for o in outcomes if not o.answerable]
    median, p95 = median_p95([o.seconds for o in outcomes] or [0.0])
    return Summary(
        n=len(outcomes),
        accuracy=share([o.correct for o in ans]),
        accuracy_id=share([o.correct for o in ans if o.lang == "id"]),
        accuracy_en=share([o.correct for o in ans if o.lang == "en"]),
        lenient=share([o.lenient for o in ans]),
        lenient_id=share([o.lenient for o in ans if o.lang == "id"]),
        lenient_en=share([o.lenient for o in ans if o.lang == "en"]),
        unanswerable_refused=share([not o.answered for o in una]),
        answerable_refused=share([not o.answered for o in ans]),
        citation_recall=share([bool(o.citation_correct) for o in ans]),
        recall_at_1=share([o.retrieval_rank is not None and o.retrieval_rank <= 1 for o in ans]),
        recall_at_3=share([o.retrieval_rank is not None and o.retrieval_rank <= 3 for o in ans]),
        recall_at_5=share([o.retrieval_rank is not None for o in ans]),
        language_match=share([bool(o.language_match) for o in outcomes if o.language_match is not None]),
        latency_median=round(median, 3),
        latency_p95=round(p95, 3),
    )


def as_dict(summary: Summary, outcomes: list[Outcome]) -> dict:
    return {"summary": asdict(summary), "outcomes": [asdict(o) for o in outcomes]}


def from_dict(data: dict) -> Outcome:
    """An Outcome from its stored JSON (fields a newer Outcome has take their defaults)."""
    known = {f.name for f in fields(Outcome)}
    return Outcome(**{k: v for k, v in data.items() if k in known})
