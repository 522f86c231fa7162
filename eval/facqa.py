"""Build the news eval sets from FacQA (`../shared/data`) and our English questions.

    python -m eval.facqa [--data ../shared/data]

Writes `eval/sets/facqa/`: each split's passages in four fold files (`train-1.id.txt` ...), and
two sets in the eval format, each item naming the corpus files it is asked over:

- `news-dev.jsonl` (from FacQA train; tune on it): 320 questions, each four ways: Indonesian and
  English over the whole corpus (answerable), and both again over the corpus without the fold
  that holds their passage (unanswerable: the honest "the documents do not hold it");
- `news-heldout.jsonl` (from FacQA valid; decide on it, never tune on it): all 227, the same four ways.

English questions and answers are ours (`eval/sets/facqa/en.jsonl`); their passages stay
Indonesian. An unanswerable variant is dropped when its gold span is still in the corpus.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from .score import normalise

HERE = Path(__file__).resolve().parent
OUT = HERE / "sets" / "facqa"
DATA = HERE.parent.parent / "shared" / "data"
FOLDS = 4
SEED = 16
SPLITS = {"dev": ("facqa-train", "t"), "heldout": ("facqa-valid", "v")}


def passages(data: Path, split: str) -> list[str]:
    """The split's passages (its corpus file less the title line), in order."""
    text = (data / split / "corpus" / f"{split}.id.txt").read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()][1:]


def folds(n: int, seed: int = SEED) -> list[int]:
    """A fold (0..FOLDS-1) for each of `n` passages: a seeded shuffle dealt round-robin."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    fold = [0] * n
    for rank, i in enumerate(order):
        fold[i] = rank % FOLDS
    return fold


_ASKING = frozenset("apa apakah siapa siapakah berapa berapakah kapan kapankah mana manakah dimana dimanakah "
                    "yang di dan ke dari untuk dengan ini itu adalah pada dalam nama oleh tahun".split())


def answers_elsewhere(question: str, span: str, passage: str) -> bool:
    """Might `passage` answer the question too: it holds the gold span and at least 30% of the
    question's content words ("Siapa nama Perdana Menteri Thailand?" is answered by any passage
    naming "Thaksin Shinawatra" as prime minister)? A span alone ("2003", "New York") is not enough.

    >>> answers_elsewhere("Siapa nama Perdana Menteri Thailand?", "Thaksin", "Perdana Menteri Thailand Thaksin")
    True
    >>> answers_elsewhere("Di kota manakah letak kantor pusat PBB?", "New York", "Pameran di New York dibuka.")
    False
    """
    text = normalise(passage)
    if normalise(span) not in text:
        return False
    asked = set(normalise(question).split()) - _ASKING
    return 10 * len(asked & set(text.split())) >= 3 * max(1, len(asked))


def fold_files(name: str) -> list[str]:
    return [f"{name}-{k + 1}.id.txt" for k in range(FOLDS)]


def write_folds(name: str, texts: list[str], fold: list[int]) -> None:
    for k, file in enumerate(fold_files(name)):
        body = [t for t, f in zip(texts, fold) if f == k]
        title = f"Kumpulan berita (FacQA {name}, bagian {k + 1})"
        (OUT / file).write_text("\n\n".join([title, *body]) + "\n", encoding="utf-8")


def build(data: Path) -> dict[str, int]:
    OUT.mkdir(parents=True, exist_ok=True)
    english = {r["id"]: r for r in map(json.loads, (OUT / "en.jsonl").read_text(encoding="utf-8").splitlines())}
    counts = {}
    for set_name, (split, tag) in SPLITS.items():
        name = split.removeprefix("facqa-")
        texts = passages(data, split)
        fold = folds(len(texts))
        write_folds(name, texts, fold)
        files = fold_files(name)
        items = []
        for line in (data / split / "qa.jsonl").read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            qid = tag + q["id"][1:]
            if qid not in english:
                continue
            gold = [i for i, t in enumerate(texts) if q["evidence"][0] in t]
            span = q["answers"][0][0]
            en = english[qid]
            forms = {"id": (q["question"], [span]), "en": (en["question"], [span, *en["answers"]])}
            kept = [t for t, f in zip(texts, fold) if f != fold[gold[0]]]
            absent = not any(answers_elsewhere(q["question"], span, t) for t in kept)
            for lang, (question, answers) in forms.items():
                base = {"lang": lang, "question": question, "answers": [list(dict.fromkeys(answers))],
                        "evidence": q["evidence"], "scoring": "span"}
                items.append({"id": f"{qid}-{lang}", **base, "answerable": True, "corpus": files})
                if absent:
                    without = [f for k, f in enumerate(files) if k != fold[gold[0]]]
                    items.append({"id": f"{qid}-{lang}-x", **base, "answerable": False, "corpus": without,
                                  "kind": "removed"})
        path = OUT / f"news-{set_name}.jsonl"
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        counts[path.name] = len(items)
    return counts


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DATA, help="the FacQA folders (default: ../shared/data)")
    for name, n in build(p.parse_args().data).items():
        print(f"{OUT / name}: {n} items")


if __name__ == "__main__":
    main()
