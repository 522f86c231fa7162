"""More questions to fit on (`news-dev2.jsonl`): FacQA-train questions over DEV passages that no set asks.

The decision model and its probes were short of answers to fit on (docs/eval/verify/seventh: three times
the answers were worth 0.04-0.08 of AUC on questions that decided nothing). The dev passages hold about
900 FacQA questions the dev set never took. They share passages with dev, so they may be fitted and tuned
on freely; they never decide anything.

Taken: every FacQA-train question whose gold passage (the passage holding its evidence and its span) is
a DEV passage, that is not a dev question, whose text repeats no question of any news set or adversarial
item, and whose passage and gold span are not those of a dev question (the same fact asked again), in a
seeded shuffle. Indonesian only: an English item is added for each question given English in
`en-dev2.jsonl` (written with the passage in view; its `answers` are English ways of stating the span).

    python -m eval.sets.build.devmore
"""
from __future__ import annotations

import random
from pathlib import Path

from .facqa import ADVERSARIAL, DATA, OUT, fold_files, key, read_folds, read_jsonl, write_set

SEED = 20261206
NAME = "news-dev2.jsonl"
ENGLISH = "en-dev2.jsonl"


def candidates(qa: list[dict], passages: list[str], taken: set[str], banned: set[str],
               asked: set[tuple[int, str]]) -> list[tuple[dict, int]]:
    """(question, its dev passage's index) for every FacQA question described in the module's doc.

    >>> qa = [{"id": "f1", "question": "Siapa A?", "answers": [["Budi"]], "evidence": ["Budi datang"]},
    ...       {"id": "f2", "question": "Siapa B?", "answers": [["Ani"]], "evidence": ["Ani pergi"]}]
    >>> [(q["id"], k) for q, k in candidates(qa, ["Budi datang ke sini.", "Ani pergi."], set(), set(), {(1, "ani")})]
    [('f1', 0)]
    """
    out = []
    for q in qa:
        span = q["answers"][0][0]
        home = [k for k, t in enumerate(passages) if q["evidence"][0] in t and span in t]
        if q["id"][1:] in taken or key(q["question"]) in banned or len(home) != 1:
            continue
        if (home[0], span.lower()) in asked:
            continue
        out.append((q, home[0]))
    return out


def build(data: Path = DATA) -> int:
    qa = read_jsonl(data / "facqa-train" / "qa.jsonl")
    passages = [p for _, p in read_folds("dev")]
    sets = [i for f in sorted(OUT.glob("news-*.jsonl")) if f.name != NAME for i in read_jsonl(f)]
    taken = {i["id"].split("-")[0][1:] for i in sets if i["id"][0] in "th"}  # FacQA's own ids (t: dev, h: drawn)
    adversarial = [r[lang] for f in sorted(ADVERSARIAL.glob("*.jsonl")) for r in read_jsonl(f) for lang in ("id", "en")
                   if isinstance(r.get(lang), str)]
    banned = {key(i["question"]) for i in sets} | set(map(key, adversarial))
    asked = set()
    for i in sets:
        if i["id"].startswith("t") and i["answerable"] and i["lang"] == "id":
            span = i["answers"][0][0]
            asked |= {(k, span.lower()) for k, t in enumerate(passages) if i["evidence"][0] in t and span in t}
    chosen = candidates(qa, passages, taken, banned, asked)
    random.Random(SEED).shuffle(chosen)
    english = {r["id"]: r for r in read_jsonl(OUT / ENGLISH)} if (OUT / ENGLISH).exists() else {}
    items = []
    for q, _ in chosen:
        qid, span = f"d{q['id'][1:]}", q["answers"][0][0]
        base = {"evidence": q["evidence"], "scoring": "span", "answerable": True, "corpus": fold_files("dev")}
        items.append({"id": f"{qid}-id", "lang": "id", "question": q["question"], "answers": [[span]], **base})
        if qid in english:
            en = english[qid]
            items.append({"id": f"{qid}-en", "lang": "en", "question": en["question"],
                          "answers": [list(dict.fromkeys([span, *en["answers"]]))], **base})
    return write_set(NAME, items)


def main() -> None:
    print(f"{OUT / NAME}: {build()} items")


if __name__ == "__main__":
    main()
