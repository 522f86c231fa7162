"""The second held-out draw of the news sets (`news-heldout2.jsonl`): FacQA-train questions over
held-out passages that neither the dev sets nor the first held-out set (`news-heldout.jsonl`) asks.

The first held-out set's 220 questions and its adversarial items decided three models (docs/eval/verify);
this set was drawn on 2026-12-05, before any bot or model was run on it, to report and decide on
again. Its questions are asked over the same held-out corpus (`heldout-1..4.id.txt`), so it shares no
passage with dev; some of its passages were asked about in the first held-out set, by other questions.

The draw: every FacQA-train question whose passage is held-out (one home, not a dev passage) and that
neither set took, whose text repeats no dev question, no question of the first held-out set and no
adversarial item written before it; grouped by passage, the passages in a seeded shuffle, one
question drawn from each (seeded). Passage-removed variants (`kind: "removed"`) are made for the
first `REMOVED` drawn questions only (the easy kind of unanswerable question: a smaller sample is enough).
Built by `python -m eval.sets.build.facqa` with the other news sets.
"""
from __future__ import annotations

import random
from collections.abc import Callable

SEED = 20261205
REMOVED = 80
EARLIER_ADVERSARIAL = ("dev-*.jsonl", "heldout-*.jsonl", "article.jsonl")  # written before the draw
THIRD_SEED = 20261206
EARLIER_THIRD = (*EARLIER_ADVERSARIAL, "heldout2-*.jsonl")  # written before the third draw


def draw(free: list[dict], home: dict[str, int], banned: set[str], key: Callable[[str], str]) -> list[tuple[dict, int]]:
    """(question, index of its held-out passage) for one question per passage, in draw order.

    `free`: FacQA-train questions in file order; `home`: question id -> its held-out passage's index,
    for those with one home outside dev; `banned`: question texts (as `key` gives them) not to take.

    >>> qs = [{"id": "a", "question": "Siapa A?"}, {"id": "b", "question": "Siapa B?"}, {"id": "c", "question": "Siapa C?"}]
    >>> [(q["id"], h) for q, h in draw(qs, {"a": 0, "b": 0, "c": 1}, {"siapa b?"}, str.lower)]
    [('c', 1), ('a', 0)]
    """
    by_passage: dict[int, list[dict]] = {}
    for q in free:
        if q["id"] in home and key(q["question"]) not in banned:
            by_passage.setdefault(home[q["id"]], []).append(q)
    rng = random.Random(SEED)
    order = sorted(by_passage)
    rng.shuffle(order)
    chosen, seen = [], set()
    for h in order:
        fresh = [q for q in by_passage[h] if key(q["question"]) not in seen]
        if fresh:
            q = rng.choice(fresh)
            chosen.append((q, h))
            seen.add(key(q["question"]))
    return chosen


def rest(free: list[dict], home: dict[str, int], banned: set[str], key: Callable[[str], str],
         asked: list[tuple[int, str]] = ()) -> list[tuple[dict, int]]:
    """The third draw (`news-heldout3.jsonl`, 2026-12-05): every question `home` places that repeats no
    banned text nor an earlier one of the draw, several per passage where FacQA has several (the first
    two draws took one per passage and left too few passages), in a seeded shuffle. A question whose
    passage and gold span (one inside the other) match one of `asked` (passage, span of the questions
    earlier draws took) is left out: most such ask the same fact again in other words.

    >>> qs = [{"id": "a", "question": "Siapa A?", "answers": [["Ali"]]}, {"id": "b", "question": "Siapa A?", "answers": [["Budi"]]},
    ...       {"id": "c", "question": "Siapa C?", "answers": [["Citra"]]}, {"id": "d", "question": "Kapan?", "answers": [["2004"]]}]
    >>> sorted(q["id"] for q, _ in rest(qs, {"a": 0, "b": 0, "c": 0, "d": 1}, set(), str.lower, [(1, "tahun 2004")]))
    ['a', 'c']
    """
    chosen, seen = [], set(banned)
    for q in free:
        span = q["answers"][0][0].lower()
        again = any(h == home.get(q["id"]) and (span in a.lower() or a.lower() in span) for h, a in asked)
        if q["id"] in home and key(q["question"]) not in seen and not again:
            chosen.append((q, home[q["id"]]))
            seen.add(key(q["question"]))
    random.Random(THIRD_SEED).shuffle(chosen)
    return chosen
