"""The fourth to tenth held-out sets (`news-heldout4.jsonl` ... `news-heldout10.jsonl`): questions
written for them over held-out passages.

Every FacQA question over a held-out passage was taken by the first three draws, and each of those sets
has decided something (docs/eval/verify). So this set's answerable questions were written (2026-12-06)
by three writers, each given 80 held-out passages (a seeded draw of 240 of the 473), one question per
passage, in Indonesian and in English, asking a fact the passage states that no question of any set asks
about it, its answer a span copied from the passage, checked against the whole held-out corpus (a
question another passage answers differently was made more specific). The raw items are in
`../facqa/written/heldout4-*.jsonl` (`skip`: a passage with nothing left to ask). Its adversarial items
are `../adversarial/news-heldout4.jsonl`, written by two other writers on 120 other held-out passages.

The fifth (2026-12-06, for the ninth decision) the same way: three writers, 240 held-out passages (the 184
long enough that the fourth's answerable questions do not use, and 56 of those it does, asking another
fact), raw in `../facqa/written/heldout5-*.jsonl`; its adversarial items on 150 other passages.

The sixth (2026-12-06, written before any candidate was fitted for it; it decided the tenth) again: three
new writers, the 240 passages over 200 characters with the fewest questions per length (every held-out
passage had been asked before: each writer got the list and asked another fact), raw in
`../facqa/written/heldout6-*.jsonl`; its adversarial items by two other writers on the other 147 such
passages and 3 of the 240.

The seventh (2026-12-06, for the unit check): two writers, the 71 held-out passages that state a measured
quantity, up to three questions each asking a quantity with its unit, raw in
`../facqa/written/heldout7-*.jsonl`; its `unit` adversarial items by two other writers on the same passages.

The eighth (2026-12-06, before any run on it): three new writers, the sixth's way, on the 240 passages over
200 characters with the most room left per length; raw in `../facqa/written/heldout8-*.jsonl` (`z<n>-...`);
its adversarial items by two other writers on the other 147 such passages.

The ninth (2026-12-06, before any run on it): three new writers the same way on the 240 passages with the most
room left after the eighth, 198 written and 42 skipped (every fact already asked); raw in
`../facqa/written/heldout9-*.jsonl` (`r<n>-...`); its adversarial items by two other writers on the other 147.

The tenth (2026-12-07, before any run on it; answerable only, for a citation decision): three new writers the
same way on the 240 passages with the most room left after the ninth, 173 written and 67 skipped; raw in
`../facqa/written/heldout10-*.jsonl` (`s<n>-...`). The held-out passages are nearly all asked now.

Items: `w<n>-id`, `w<n>-en` (`u<n>-...` in the fifth, `v<n>-...` in the sixth, `y`/`z`/`r`/`s` in the seventh to tenth; the span, and for English the writer's English forms of it), over the whole
held-out corpus; passage-removed variants (`-x`, `kind: "removed"`) for the first `REMOVED` in a seeded
order whose other folds do not answer them (`facqa.answers_elsewhere`).

    python -m eval.sets.build.written          (all seven sets)
"""
from __future__ import annotations

import random
from pathlib import Path

from .facqa import OUT, answers_elsewhere, fold_files, key, read_folds, read_jsonl, write_set

RAW = OUT / "written"
SETS = {"heldout4": ("w", 20261207), "heldout5": ("u", 20261208), "heldout6": ("v", 20261209),
        "heldout7": ("y", 20261210), "heldout8": ("z", 20261211),
        "heldout9": ("r", 20261213), "heldout10": ("s", 20261216)}  # raw files' stem: item prefix, seed
REMOVED = 80


def raw_items(corpus: list[tuple[int, str]], name: str) -> list[dict]:
    """The written items of every raw file, numbered in order across the files (skips left out), each with
    the fold of its passage in `corpus` ((fold, passage) pairs); ValueError names the file and line of one
    whose passage or span is not where it says."""
    items, n = [], 0
    for path in sorted(RAW.glob(f"{name}-*.jsonl")):
        for line_no, r in enumerate(read_jsonl(path), 1):
            n += 1
            if "skip" in r:
                continue
            home = [(f, p) for f, p in corpus if p.startswith(r["passage"])]
            if len(home) != 1 or r["span"] not in home[0][1]:
                raise ValueError(f"{path.name}:{line_no}: its passage start or span is not in one held-out passage")
            items.append({**r, "n": n, "fold": home[0][0]})
    return items


def eval_items(raw: list[dict], corpus: list[tuple[int, str]], name: str) -> list[dict]:
    prefix, seed = SETS[name]
    files = fold_files("heldout")
    order = list(range(len(raw)))
    random.Random(seed).shuffle(order)
    items = []
    for rank, k in enumerate(order):
        r = raw[k]
        others = [p for f, p in corpus if f != r["fold"]]
        absent = rank < REMOVED and not any(answers_elsewhere(r["id"], r["span"], p) for p in others)
        for lang, answers in (("id", [r["span"]]), ("en", [r["span"], *r["en_answers"]])):
            base = {"lang": lang, "question": r[lang].strip(), "answers": [list(dict.fromkeys(answers))],
                    "evidence": [r["passage"]], "scoring": "span"}
            items.append({"id": f"{prefix}{r['n']:03d}-{lang}", **base, "answerable": True, "corpus": files})
            if absent:
                without = [f for i, f in enumerate(files) if i != r["fold"]]
                items.append({"id": f"{prefix}{r['n']:03d}-{lang}-x", **base, "answerable": False, "corpus": without,
                              "kind": "removed"})
    return items


def build(name: str) -> int:
    corpus = read_folds("heldout")
    items = eval_items(raw_items(corpus, name), corpus, name)
    out = f"news-{name}.jsonl"
    earlier = {key(i["question"]): i["id"] for f in sorted(OUT.glob("news-*.jsonl")) if f.name != out for i in read_jsonl(f)}
    repeats = [i["id"] for i in items if key(i["question"]) in earlier]
    if repeats:
        raise ValueError(f"questions that repeat another set's: {', '.join(repeats)}")
    return write_set(out, items)


def main() -> None:
    for name in SETS:
        print(f"{OUT / f'news-{name}.jsonl'}: {build(name)} items")


if __name__ == "__main__":
    main()
