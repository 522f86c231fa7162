"""Build the adversarial unanswerable sets from the hand-written items in `eval/sets/adversarial/raw/`.

    python -m eval.sets.build.adversarial

Each raw item is a question written for one passage, about its entities and topic, that the
passage looks as if it answers but does not (SQuAD 2.0's kind), in Indonesian and in English, with
its kind. Writes, beside `raw/`, sets in the eval format (`answerable: false`, `evidence`: the
passage it was written for, `kind`), each item asked over the whole corpus of its split:

- `news-dev.jsonl` (dev passages, raw `dev-*.jsonl`; tune on it),
- `news-heldout.jsonl` (held-out passages, raw `heldout-*.jsonl`; it decided three models),
- `news-heldout2.jsonl` (held-out passages, raw `heldout2-*.jsonl`, written 2026-12-05 for the second
  held-out draw; it decided the fourth and fifth models),
- `news-heldout3.jsonl` (held-out passages, raw `heldout3-*.jsonl`, written 2026-12-05 evening for the
  third draw, on the 111 held-out passages no earlier item used; it decided the seventh model),
- `news-heldout4.jsonl` (held-out passages, raw `heldout4-*.jsonl`, written 2026-12-06 beside the written
  questions of `../facqa/news-heldout4.jsonl`, on 120 held-out passages those do not use; it decided the eighth, F not kept),
- `news-heldout5.jsonl` (held-out passages, raw `heldout5-*.jsonl`, written 2026-12-06 for the fifth set by two
  writers, on 150 of the passages the fourth's answerable questions use; it decided the ninth, G not
  kept),
- `news-heldout6.jsonl` (held-out passages, raw `heldout6-*.jsonl`, written 2026-12-06 for the sixth set by two
  writers, on 150 passages with the fewest questions per length; it decided the tenth, W not kept),
- `news-heldout7.jsonl` (held-out passages, raw `heldout7-*.jsonl`, written 2026-12-06 for the seventh set by two
  writers: `unit` items only, on the 71 passages that state a measured quantity; it decides the eleventh),
- `news-heldout8.jsonl` (held-out passages, raw `heldout8-*.jsonl`, written 2026-12-06 for the eighth set by two
  writers, ten items of each kind each, before any run on it),
- `news-heldout9.jsonl` (held-out passages, raw `heldout9-*.jsonl`, written 2026-12-06 for the ninth set the
  eighth's way, before any run on it),
- `article-dev.jsonl` and `article-heldout.jsonl` (the shipped article, raw `article.jsonl`; the
  items of each kind alternate between the two).

A raw item whose passage is not the start of a paragraph of its corpus, whose kind is unknown or
whose question is repeated fails the build with its file and line. Items listed in
`raw/dropped.json` (file -> item number -> why) are left out: a held-out question that asks what a
dev question asks about the same passage (FacQA train and valid share passages), a repeat.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

SETS = Path(__file__).resolve().parents[1]
OUT = SETS / "adversarial"
RAW = OUT / "raw"
ARTICLE = SETS.parents[1] / "seeds" / "meta-scale-ai.id.txt"
KINDS = ("attribute", "role", "time", "unit", "comparison", "false_premise")
KEYS = ("n", "kind", "passage", "id", "en", "note")
_HELDOUT = [f"../facqa/heldout-{k}.id.txt" for k in range(1, 5)]  # every held-out draw: the whole corpus
NEWS = {"dev": [f"../facqa/dev-{k}.id.txt" for k in range(1, 5)],
        **{split: _HELDOUT for split in ("heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6",
                                              "heldout7", "heldout8", "heldout9")}}
TAGS = {"dev": "ad", "heldout": "ah", "heldout2": "ak", "heldout3": "al", "heldout4": "am", "heldout5": "an", "heldout6": "ao", "heldout7": "ap", "heldout8": "aq", "heldout9": "ar",
        "article": "aa"}


def paragraph_starts(files: list[Path]) -> list[str]:
    """Every blank-line-separated paragraph of `files`, stripped."""
    return [p.strip() for f in files for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def read_raw(path: Path, paragraphs: list[str]) -> list[dict]:
    """The raw items of `path` less those `dropped.json` lists, checked; ValueError names the file
    and line of a bad one."""
    dropped = json.loads((path.parent / "dropped.json").read_text(encoding="utf-8")).get(path.name, {})
    items = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{line_no}"
        item = json.loads(line)
        if str(item.get("n")) in dropped:
            continue
        missing = [k for k in KEYS if k not in item]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        if item["kind"] not in KINDS:
            raise ValueError(f"{where}: kind {item['kind']!r} is not one of {', '.join(KINDS)}")
        start = item["passage"].strip()
        if not start or not any(p.startswith(start) for p in paragraphs):
            raise ValueError(f"{where}: passage {item['passage'][:40]!r}... starts no paragraph of its corpus")
        if not item["id"].strip() or not item["en"].strip():
            raise ValueError(f"{where}: a question is empty")
        items.append({**item, "passage": start, "where": where})
    return items


def eval_items(raw: list[dict], tag: str, corpus: list[str]) -> list[dict]:
    """Two eval items (Indonesian, English) per raw item."""
    out = []
    for r in raw:
        for lang in ("id", "en"):
            out.append({"id": f"{tag}{r['n']:03d}-{lang}", "lang": lang, "question": r[lang].strip(), "answers": [],
                        "evidence": [r["passage"]], "scoring": "span", "answerable": False, "corpus": corpus,
                        "kind": r["kind"]})
    return out


def numbered(groups: list[list[dict]]) -> list[dict]:
    """The raw items of several files, renumbered in order (a file's own `n` restarts at 1)."""
    return [{**r, "n": i} for i, r in enumerate((r for g in groups for r in g), 1)]


def split_article(raw: list[dict]) -> dict[str, list[dict]]:
    """The article's items, each kind's dealt alternately to dev and held-out (first to dev)."""
    seen: Counter = Counter()
    parts: dict[str, list[dict]] = {"dev": [], "heldout": []}
    for r in raw:
        parts["dev" if seen[r["kind"]] % 2 == 0 else "heldout"].append(r)
        seen[r["kind"]] += 1
    return parts


def check_unique(items: list[dict]) -> None:
    seen: dict[str, str] = {}
    for item in items:
        key = " ".join(item["question"].lower().split())
        if key in seen:
            raise ValueError(f"{item['id']}: the same question as {seen[key]}")
        seen[key] = item["id"]


def build() -> dict[str, Counter]:
    sets: dict[str, list[dict]] = {}
    for split, corpus in NEWS.items():
        files = sorted(RAW.glob(f"{split}-*.jsonl"))
        paragraphs = paragraph_starts([(OUT / f).resolve() for f in corpus])
        raw = numbered([read_raw(f, paragraphs) for f in files])
        sets[f"news-{split}.jsonl"] = eval_items(raw, TAGS[split], corpus)
    article = read_raw(RAW / "article.jsonl", paragraph_starts([ARTICLE]))
    for split, raw in split_article(article).items():
        sets[f"article-{split}.jsonl"] = eval_items(raw, TAGS["article"], [])
    check_unique([i for items in sets.values() for i in items])  # across sets too: no held-out item is a dev one
    counts = {}
    for name, items in sets.items():
        (OUT / name).write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        counts[name] = Counter(i["kind"] for i in items if i["lang"] == "id")
    return counts


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    for name, kinds in build().items():
        total = sum(kinds.values())
        shares = ", ".join(f"{k} {kinds[k]} ({100 * kinds[k] / total:.0f}%)" for k in KINDS)
        print(f"{OUT / name}: {total} questions per language; {shares}")


if __name__ == "__main__":
    main()
