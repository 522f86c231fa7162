"""Which paragraphs an answer cites: those whose sentences state it.

From the paragraphs the draft marked (and the top hit, `support.used`), those with a sentence stating
the answer (`claims.evidence_hits`); then, where the answer says something the question does not (its
distinctive words not in the question: the new information), only the paragraphs with a sentence
holding most of that new information, the best and those equal to it. A paragraph that only echoes the
question's words is not cited. On the dev run this raised the share of right answers' cited paragraphs
holding the gold evidence from 89.7% to 93.6% without losing one right answer's citation
(docs/experiments.md, 2026-12-05). Where two or more paragraphs still state it equally ("Abbas [35, 323]"),
only those whose sentence stating it (with its neighbours) holds the most of the question's distinctive
words are kept (`_nearest_the_question`; no change where none holds any, as for an English question over
Indonesian text): over dev and two held-out runs, every one of its 26 changes dropped only a paragraph
without the gold evidence (thirteenth decision, docs/eval/verify/preregistered.md).
"""
from __future__ import annotations

from ..search.context import sentences
from ..search.lexical import words
from ..types import Hit
from . import claims, prompt, support

LEAST_NEW = 0.5  # the best sentence must hold at least this share of the new words to narrow the citations


def cited(answer: str, question: str, hits: list[Hit], language: str) -> list[Hit]:
    """The hits `answer` (with its markers) cites, best first."""
    new = new_information(answer, question)
    return _nearest_the_question(stating(answer, new, hits, language), new, question)


def new_information(answer: str, question: str) -> set[str]:
    """The answer's distinctive words that the question does not hold."""
    return support.distinctive(support.MARKER.sub(" ", answer)) - set(words(question))


def stating(answer: str, new: set[str], hits: list[Hit], language: str) -> list[Hit]:
    """The marked hits (or the top one) whose sentences state the answer, narrowed to those holding most of
    its `new` information (`new_information`): the citations before the tie-break of `cited`."""
    chosen = support.used(answer, prompt.cited_numbers(answer), hits)
    stating = claims.evidence_hits(answer, hits, language)
    if stating:
        chosen = [h for h in chosen if h in stating] or stating[:1]
    if not new or not hits:
        return chosen
    held = [max((len(new & set(words(s))) / len(new) for s in sentences(h.paragraph.text)), default=0.0)
            for h in hits]
    top = max(held)
    if top < LEAST_NEW:
        return chosen
    best = [h for h, share in zip(hits, held) if share >= top]
    return [h for h in chosen if h in best] or best[:1]


def _nearest_the_question(chosen: list[Hit], new: set[str], question: str) -> list[Hit]:
    """Of several paragraphs stating the answer's `new` words (any sentence, when it has none), those whose
    stating sentence and its neighbours hold the most of the question's distinctive words (all of them
    where none holds any)."""
    if len(chosen) < 2:
        return chosen
    asked = support.distinctive(question)

    def closeness(hit: Hit) -> int:
        parts = sentences(hit.paragraph.text)
        return max((len(asked & set(words(" ".join(parts[max(0, i - 1): i + 2]))))
                    for i, part in enumerate(parts) if not new or new & set(words(part))), default=0)

    scores = [closeness(h) for h in chosen]
    top = max(scores)
    return chosen if top == 0 else [h for h, score in zip(chosen, scores) if score >= top]
