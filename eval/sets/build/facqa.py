"""Build the news eval sets from FacQA (`../shared/data`) and our English questions.

    python -m eval.sets.build.facqa [--data ../shared/data]

The passages are split by passage (`eval/sets/build/split.py`): DEV passages are those a dev question is asked
about (the dev FacQA questions' and the adversarial dev items' passages, with every copy of them),
HELD-OUT passages every other FacQA passage (train or valid), each kept once. Writes
`eval/sets/facqa/`: each corpus in four fold files (`dev-1.id.txt` ..., `heldout-1.id.txt` ...),
and two sets in the eval format, each item naming the corpus files it is asked over:

- `news-dev.jsonl` (tune on it): the 380 FacQA-train questions of `en.jsonl` (ids `t...`), each four
  ways: Indonesian and English over the whole dev corpus (answerable), and both again over the
  corpus without the fold that holds their passage (`kind: "removed"`: "the documents do not hold it");
- `news-heldout.jsonl` (decide on it, never tune on it): HELD_OUT FacQA-train questions over
  held-out passages (ids `h...`), drawn by a seeded sample, one per passage, the same four ways.

English questions and answers are ours (`eval/sets/facqa/en.jsonl`); their passages stay
Indonesian. A passage-removed variant is dropped when another passage still answers it.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from ...scoring.score import normalise
from . import redraw
from .split import clusters, same_text

SETS = Path(__file__).resolve().parents[1]
OUT = SETS / "facqa"
DATA = SETS.parents[2] / "shared" / "data"
ADVERSARIAL = SETS / "adversarial" / "raw"
FOLDS = 4
SEED = 16
HELD_OUT = 220
TITLES = {"dev": "dev", "heldout": "held-out"}


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
        title = f"Kumpulan berita (FacQA, {TITLES[name]}, bagian {k + 1})"
        (OUT / file).write_text("\n\n".join([title, *body]) + "\n", encoding="utf-8")


def read_folds(name: str) -> list[tuple[int, str]]:
    """(fold, passage) for every passage of the corpus `write_folds` wrote as `name` (title lines left out)."""
    out = []
    for fold, file in enumerate(fold_files(name)):
        parts = [p.strip() for p in (OUT / file).read_text(encoding="utf-8").split("\n\n") if p.strip()]
        out += [(fold, p) for p in parts[1:]]
    return out


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_set(name: str, items: list[dict]) -> int:
    """`items` as the eval set `OUT/name` (one JSON line each); how many."""
    (OUT / name).write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return len(items)


def key(question: str) -> str:
    """A question's text as compared for repeats."""
    return " ".join(question.lower().split())


def items_for(qid: str, q: dict, en: dict, files: list[str], fold: int, absent: bool) -> list[dict]:
    """The four items of one question: id and en, over the whole corpus and (when `absent`) without
    the fold that holds its passage."""
    span = q["answers"][0][0]
    forms = {"id": (q["question"], [span]), "en": (en["question"], [span, *en["answers"]])}
    items = []
    for lang, (question, answers) in forms.items():
        base = {"lang": lang, "question": question, "answers": [list(dict.fromkeys(answers))],
                "evidence": q["evidence"], "scoring": "span"}
        items.append({"id": f"{qid}-{lang}", **base, "answerable": True, "corpus": files})
        if absent:
            without = [f for k, f in enumerate(files) if k != fold]
            items.append({"id": f"{qid}-{lang}-x", **base, "answerable": False, "corpus": without, "kind": "removed"})
    return items


def unanswered(q: dict, others: list[str]) -> bool:
    return not any(answers_elsewhere(q["question"], q["answers"][0][0], t) for t in others)


def dev_marks(train: list[str], marks: list[int], dev_qa: list[dict]) -> set[int]:
    """The passages (cluster marks) any dev question is about: the dev FacQA questions' gold
    passages and the adversarial dev items' passages (`../adversarial/raw/dev-*.jsonl`)."""
    about = [q["evidence"][0] for q in dev_qa]
    starts = [r["passage"].strip() for f in sorted(ADVERSARIAL.glob("dev-*.jsonl")) for r in read_jsonl(f)]
    return {m for t, m in zip(train, marks) if any(e in t for e in about) or any(t.startswith(s) for s in starts)}


def heldout_sample(qa: list[dict], gold: dict[str, str], banned: set[str], n: int = HELD_OUT) -> list[dict]:
    """`n` questions, one per held-out passage: the passages in a seeded shuffle, a seeded choice of
    each one's questions (none whose text repeats a dev question's or one taken before)."""
    by_passage: dict[str, list[dict]] = {}
    for q in qa:
        if q["id"] in gold:
            by_passage.setdefault(gold[q["id"]], []).append(q)
    rng = random.Random(SEED)
    order = sorted(by_passage)
    rng.shuffle(order)
    chosen, seen = [], set(banned)
    for passage in order:
        fresh = [q for q in by_passage[passage] if key(q["question"]) not in seen]
        if fresh and len(chosen) < n:
            q = rng.choice(fresh)
            chosen.append(q)
            seen.add(key(q["question"]))
    taken = {q["id"] for q in chosen}
    return [q for q in qa if q["id"] in taken]


def _homes(gold: dict[str, str], held: list[str], fold: list[int], taken: set[str], banned: set[str],
           patterns: tuple[str, ...]) -> tuple[list[int], dict[int, int], dict[str, int], set[str]]:
    """What a redraw needs: the passages numbered as they stand in the fold files (`in_files`: number ->
    index in `held`, and `rank` back), each question's home by that number (less those `taken`), and
    `banned` grown by the adversarial items of `patterns` (written before the draw)."""
    earlier = [r[lang] for pattern in patterns for f in sorted(ADVERSARIAL.glob(pattern))
               for r in read_jsonl(f) for lang in ("id", "en")]
    in_files = sorted(range(len(held)), key=lambda i: (fold[i], i))
    rank = {i: r for r, i in enumerate(in_files)}
    home = {qid: rank[held.index(text)] for qid, text in gold.items() if qid not in taken}
    return in_files, rank, home, banned | set(map(key, earlier))


def second_draw(free: list[dict], gold: dict[str, str], held: list[str], fold: list[int], banned: set[str],
                taken: set[str]) -> list[tuple[dict, int]]:
    """`redraw.draw` over the questions the first held-out draw left (`taken`: its ids); `banned` grows
    by every adversarial item written before the draw. Gives (question, index in `held`)."""
    in_files, _, home, banned = _homes(gold, held, fold, taken, banned, redraw.EARLIER_ADVERSARIAL)
    return [(q, in_files[r]) for q, r in redraw.draw(free, home, banned, key)]


def third_draw(free: list[dict], gold: dict[str, str], held: list[str], fold: list[int], banned: set[str],
               before: list[tuple[dict, int]]) -> list[tuple[dict, int]]:
    """`redraw.rest` over what the first two draws left (`before`: the questions they took, with their
    index in `held`). Gives (question, index in `held`)."""
    taken = {q["id"] for q, _ in before}
    in_files, rank, home, banned = _homes(gold, held, fold, taken, banned, redraw.EARLIER_THIRD)
    asked = [(rank[k], q["answers"][0][0]) for q, k in before]
    return [(q, in_files[r]) for q, r in redraw.rest(free, home, banned, key, asked)]


def drawn_items(drawn: list[tuple[dict, int]], english: dict, held: list[str], fold: list[int], name: str) -> list[dict]:
    """The eval items of a redraw: passage-removed variants for the first `redraw.REMOVED` drawn."""
    items = []
    for rank, (q, k) in enumerate(drawn):
        qid = f"h{q['id'][1:]}"
        if qid not in english:
            raise ValueError(f"{qid} ({name}) has no English in en.jsonl")
        absent = rank < redraw.REMOVED and unanswered(q, [t for t, f in zip(held, fold) if f != fold[k]])
        items += items_for(qid, q, english[qid], fold_files("heldout"), fold[k], absent)
    return items


def build(data: Path) -> dict[str, int]:
    OUT.mkdir(parents=True, exist_ok=True)
    english = {r["id"]: r for r in read_jsonl(OUT / "en.jsonl")}
    train, valid = passages(data, "facqa-train"), passages(data, "facqa-valid")
    qa = read_jsonl(data / "facqa-train" / "qa.jsonl")
    dev_qa = [q for q in qa if "t" + q["id"][1:] in english]
    marks = clusters(train + valid)
    dev = dev_marks(train, marks, dev_qa)

    # dev: the train passages that are DEV, in the folds they had when the whole train split was the corpus
    old = folds(len(train))
    keep = [i for i, m in enumerate(marks[:len(train)]) if m in dev]
    write_folds("dev", [train[i] for i in keep], [old[i] for i in keep])
    dev_items = []
    for q in dev_qa:
        gold = next(i for i, t in enumerate(train) if q["evidence"][0] in t)
        # removed variants as first built (over all of train without the fold); the dev corpus's
        # other folds hold a subset of those passages, so they still do not answer it
        absent = unanswered(q, [t for t, f in zip(train, old) if f != old[gold]])
        dev_items += items_for("t" + q["id"][1:], q, english["t" + q["id"][1:]], fold_files("dev"), old[gold], absent)

    # held-out: every other passage once (the copy that holds most questions' evidence and answer)
    members: dict[int, list[str]] = {}
    for t, m in zip(train + valid, marks):
        if m not in dev and same_text(t) not in map(same_text, members.get(m, [])):
            members.setdefault(m, []).append(t)
    free = [q for q in qa if "t" + q["id"][1:] not in english]
    holds = lambda t: sum(q["evidence"][0] in t and q["answers"][0][0] in t for q in free)  # noqa: E731
    held = [max(ts, key=holds) for ts in members.values()]
    fold = folds(len(held))
    write_folds("heldout", held, fold)
    gold = {}
    for q in free:
        at = {m for t, m in zip(train, marks) if q["evidence"][0] in t}
        home = [i for i, t in enumerate(held) if q["evidence"][0] in t and q["answers"][0][0] in t]
        if len(at) == 1 and not at & dev and len(home) == 1:
            gold[q["id"]] = held[home[0]]
    adversarial_dev = [r[lang] for f in sorted(ADVERSARIAL.glob("dev-*.jsonl")) for r in read_jsonl(f) for lang in ("id", "en")]
    banned = {key(i["question"]) for i in dev_items} | set(map(key, adversarial_dev))
    chosen = heldout_sample(free, gold, banned)
    missing = [f"h{q['id'][1:]}" for q in chosen if f"h{q['id'][1:]}" not in english]
    if missing:
        raise ValueError(f"{len(missing)} held-out questions have no English in en.jsonl: {', '.join(missing)}")
    held_items = []
    for q in chosen:
        k = held.index(gold[q["id"]])
        absent = unanswered(q, [t for t, f in zip(held, fold) if f != fold[k]])
        held_items += items_for(f"h{q['id'][1:]}", q, english[f"h{q['id'][1:]}"], fold_files("heldout"), fold[k], absent)
    banned |= {key(q["question"]) for q in chosen}
    second = second_draw(free, gold, held, fold, banned, {q["id"] for q in chosen})
    held2_items = drawn_items(second, english, held, fold, "news-heldout2")
    banned |= {key(q["question"]) for q, _ in second}
    before = [(q, held.index(gold[q["id"]])) for q in chosen] + second
    third = third_draw(free, gold, held, fold, banned, before)
    held3_items = drawn_items(third, english, held, fold, "news-heldout3")

    counts = {}
    for name, items in (("news-dev.jsonl", dev_items), ("news-heldout.jsonl", held_items),
                        ("news-heldout2.jsonl", held2_items), ("news-heldout3.jsonl", held3_items)):
        counts[name] = write_set(name, items)
    return counts


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DATA, help="the FacQA folders (default: ../shared/data)")
    for name, n in build(p.parse_args().data).items():
        print(f"{OUT / name}: {n} items")


if __name__ == "__main__":
    main()
