"""Thirteenth round, dev screen: the answer phrase alone ("Sari Dewi [9].") instead of a short sentence.

The English drafts that miss often restate the question as a sentence and leave out what it asks ("Priyo
Susanto won the medal after beating Adachi [271]." for "What medal did Priyo win?"). Variant P asks for
the shortest phrase that answers (a name, number, date or term) and its worked example answers with the
phrase alone; A is the shipped prompt. Nothing else changes.

    python docs/eval/verify/thirteenth/phrase.py run A|P eval --set SET --json OUT --pipeline ours --modes
    python docs/eval/verify/thirteenth/phrase.py compare A.json P.json
"""
import dataclasses, json, statistics, sys
from math import comb
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))
import rag.texts as t  # noqa: E402

SENTENCE = {"en": ("- Answer in English with one short sentence that states the answer directly, then the number of "
                   "the passage used in square brackets, e.g. [7].", "Answer: Beta Labs was founded by Sari Dewi [9]."),
            "id": ("- Jawab dalam bahasa Indonesia dengan satu kalimat singkat yang menyebut jawabannya secara "
                   "langsung, lalu nomor bagian yang dipakai dalam kurung siku, misalnya [7].",
                   "Jawaban: Pendiri Beta Labs adalah Sari Dewi [9].")}
PHRASE = {"en": ("- Answer in English with the answer itself only: the shortest phrase that answers the question "
                 "(a name, number, date or term), then the number of the passage used in square brackets, e.g. [7].",
                 "Answer: Sari Dewi [9]."),
          "id": ("- Jawab dalam bahasa Indonesia dengan jawabannya saja: frasa terpendek yang menjawab pertanyaan "
                 "(nama, angka, tanggal, atau istilah), lalu nomor bagian yang dipakai dalam kurung siku, misalnya [7].",
                 "Jawaban: Sari Dewi [9].")}


def use_phrase() -> None:
    for code, (rule, answer) in PHRASE.items():
        lang, (old_rule, old_answer) = t.LANGUAGES[code], SENTENCE[code]
        assert old_rule in lang.system and old_answer in lang.example, "the shipped prompt changed"
        t.LANGUAGES[code] = dataclasses.replace(lang, system=lang.system.replace(old_rule, rule),
                                                example=lang.example.replace(old_answer, answer))


def sign_p(b: int, c: int) -> float:
    n = b + c
    return min(1.0, 2 * sum(comb(n, k) for k in range(min(b, c) + 1)) / 2 ** n) if n else 1.0


def compare(a_path: str, p_path: str) -> None:
    runs = [{o["id"]: o for o in json.loads(Path(f).read_text(encoding="utf-8"))["hybrid"]["outcomes"]}
            for f in (a_path, p_path)]
    a, p = runs
    ids = [i for i in a if i in p]
    print("| drafts right (every draft kept) | A (sentence) | P (phrase) | only A / only P | McNemar p |")
    print("|---|---|---|---|---|")
    for key, name in (("draft_correct", "strict"), ("draft_lenient", "lenient")):
        for lang in ("id", "en", None):
            s = [i for i in ids if lang in (None, a[i]["lang"])]
            only_a = sum(bool(a[i][key]) and not p[i][key] for i in s)
            only_p = sum(bool(p[i][key]) and not a[i][key] for i in s)
            print(f"| {name}, {lang or 'both'} (n={len(s)}) | {sum(bool(a[i][key]) for i in s)} | "
                  f"{sum(bool(p[i][key]) for i in s)} | {only_a} / {only_p} | {sign_p(only_a, only_p):.3f} |")
    for name, r in (("A", a), ("P", p)):
        print(f"{name}: median words {statistics.median(len((r[i]['draft'] or '').split()) for i in ids)}, "
              f"median seconds an answer {statistics.median(r[i]['seconds'] for i in ids):.2f}")


if __name__ == "__main__":
    if sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        variant = sys.argv[2]
        if variant == "P":
            use_phrase()
        del sys.argv[1:3]
        from rag.cli import main
        sys.argv[0] = "rag"
        main()
