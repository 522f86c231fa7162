"""Follow-up pairs: a question that names a thing, then one that only points back to it.

Built from the news sets' answerable questions (hand-written, both languages): a question that names
an entity E ("Who is the head of the Pertamina Marketing Unit IV Maos fuel depot in Cilacap?") becomes
a first turn about E ("What does the article say about Cilacap?") and a follow-up with E replaced by a
pronoun ("Who is the head of the Pertamina Marketing Unit IV Maos fuel depot in it?"). The follow-up's
gold answer is the question's. Indonesian takes "-nya" on the word before E ("pendiri Scale AI" ->
"pendirinya"), a pronoun after a preposition ("dari E" -> "darinya", "di E" -> "di sana"), else "ia".

    python -m eval.sets.build.followups   # writes eval/sets/followups/news-{dev,heldout}[-controls].jsonl

`python -m eval.running.followups` asks them.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SETS = Path(__file__).resolve().parents[1]
OUT = SETS / "followups"

FIRST = {  # the first turn, one of these by the item's id (so the set does not lean on one wording)
    "en": ("What does the article say about {e}?", "Tell me about {e}.", "What is known about {e}?"),
    "id": ("Apa yang dikatakan artikel tentang {e}?", "Ceritakan tentang {e}.", "Apa yang diketahui tentang {e}?"),
}
TITLES = set("dr drh ir prof h hj st sh se mm msc phd mr mrs ms president minister presiden menteri".split())
QUESTION_WORDS = {
    "en": set("what who whom whose which when where why how in on at of for from by to with is are was were does did do".split()),
    "id": set("apa apakah siapa siapakah kapan kapankah dimana dimanakah di mana berapa berapakah bagaimana mengapa "
              "kenapa manakah yang dari ke dengan oleh untuk sebagai merupakan".split()),
}
ID_PREPOSITIONS = {"dari": "darinya", "oleh": "olehnya", "dengan": "dengannya", "untuk": "untuknya",
                   "kepada": "kepadanya", "tentang": "tentangnya", "terhadap": "terhadapnya", "pada": "padanya",
                   "bagi": "baginya", "di": "di sana", "ke": "ke sana", "antara": "antaranya"}
ID_FUNCTION = set("yang dan atau itu ini adalah apakah siapakah apa siapa kapan berapa mana dimana dimanakah "
                  "manakah bagaimana mengapa merupakan sebagai telah sudah akan sedang".split())
EN_VERBS = set("is are was were be been has have had will would can could did does do said says that who which".split())
EN_PREPOSITIONS = set("of in on at from by for with to about between against into than".split())
_WORD = r"[A-Z][\w.&]*(?:-[A-Z][\w.&]*)*(?![\w-])"
_SPAN = re.compile(rf"{_WORD}(?:\s+(?:{_WORD}|of(?=\s[A-Z])))*")


def entities(question: str, lang: str) -> list[re.Match]:
    """Capitalised spans of `question` that are not its opening question word."""
    out = []
    for m in _SPAN.finditer(question):
        words = m.group(0).split()
        if m.start() == 0 and words[0].lower() in QUESTION_WORDS[lang]:
            continue
        if lang == "en" and any(w.lower().strip(".") in TITLES for w in words):
            continue  # a person: "it" would not point back to them
        out.append(m)
    return out


def pronoun(question: str, m: re.Match, lang: str) -> str | None:
    """`question` with the span `m` replaced by a pointer back to it; None where no rule fits."""
    before, after = question[: m.start()].rstrip(), question[m.end():]
    prev = before.split()[-1] if before.split() else ""
    if lang == "en":
        if after.startswith("'s"):
            return f"{before} its{after[2:]}" if before else f"Its{after[2:]}"
        nxt = after.split()[0].lower() if after.split() else ""
        if prev.lower() == "the" and nxt.isalpha() and nxt not in EN_PREPOSITIONS | QUESTION_WORDS["en"] | EN_VERBS:
            return f"{before[: -len(prev)].rstrip()} its{after}".strip()
        if prev.lower() in EN_PREPOSITIONS or prev.lower() in QUESTION_WORDS["en"] or not before:
            return f"{before} it{after}".strip() if before else None
        return None
    low = prev.lower()
    if low in ID_PREPOSITIONS:
        return f"{before[: -len(prev)].rstrip()} {ID_PREPOSITIONS[low]}{after}".strip()
    if len(prev) > 3 and low not in ID_FUNCTION | TITLES and prev.isalpha() and prev.islower():
        return f"{before}nya{after}"
    if low in ("yang", "apakah", "siapakah") and after.strip(" ?"):
        return f"{before} ia{after}"
    return None


def pair(item: dict) -> dict | None:
    """The follow-up pair made from one answerable item, or None where its question names nothing
    usable (no entity, or only the answer itself)."""
    q, lang = " ".join(item["question"].split()), item["lang"]
    golds = [a.lower() for group in item["answers"] for a in group]
    spans = [m for m in entities(q, lang)
             if not any(m.group(0).lower() in g or g in m.group(0).lower() for g in golds) and len(m.group(0)) > 2]
    for m in sorted(spans, key=lambda m: -len(m.group(0))):
        followup = pronoun(q, m, lang)
        if followup and followup != q:
            return {**item, "id": f"{item['id']}-f", "question": followup, "previous": _first(item["id"], lang).format(e=m.group(0)),
                    "standalone": q}
    return None


def _first(item_id: str, lang: str) -> str:
    digits = "".join(c for c in item_id if c.isdigit()) or "0"
    return FIRST[lang][int(digits) % len(FIRST[lang])]


def controls(rows: list[dict], pairs: list[dict]) -> list[dict]:
    """Questions that stand alone but look like follow-ups (`rag.answer.prompt.is_followup`: a word
    such as "his" or "-nya" that points inside the question), each after a first turn about another
    pair's thing: made to stand alone, they must not change."""
    from rag.answer.prompt import is_followup

    firsts = {lang: [p["previous"] for p in pairs if p["lang"] == lang] for lang in ("id", "en")}
    out = []
    for n, r in enumerate(x for x in rows if x["answerable"] and is_followup(x["question"], x["lang"])):
        first = firsts[r["lang"]][(7 * n + 3) % len(firsts[r["lang"]])]
        out.append({**r, "id": f"{r['id']}-c", "previous": first, "standalone": r["question"]})
    return out


def build(source: Path, out: Path) -> tuple[int, dict[str, int]]:
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [p for r in rows if r["answerable"] for p in [pair(r)] if p]
    for name, made in ((out, pairs), (out.with_name(out.stem + "-controls.jsonl"), controls(rows, pairs))):
        for p in made:  # the corpus paths are relative to the set's folder
            p["corpus"] = [str(Path("..") / source.parent.name / c) for c in p.get("corpus", [])]
        name.parent.mkdir(parents=True, exist_ok=True)
        name.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in made), encoding="utf-8")
    answerable = sum(1 for r in rows if r["answerable"])
    return answerable, {lang: sum(1 for p in pairs if p["lang"] == lang) for lang in ("id", "en")}


def main(argv: list[str] | None = None) -> int:
    for name in ("news-dev", "news-heldout"):
        n, per = build(SETS / "facqa" / f"{name}.jsonl", OUT / f"{name}.jsonl")
        print(f"{name}: {per['id']} id + {per['en']} en pairs from {n} answerable questions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
