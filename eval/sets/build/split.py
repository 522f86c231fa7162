"""The news passages split by passage into dev and held-out, so that no held-out question is asked
over a passage any dev question is about.

FacQA's train and valid splits share passages, word for word or as another detokenisation of the
same text ("1,05 juta" / "1, 05 juta", a truncated copy). Two passages are *the same passage* when
they share at least 30% of the shorter one's word 8-grams (words: runs of letters or of digits,
lower-cased); sameness is closed transitively (`clusters`). A passage is DEV when it is the same
passage as one that a dev question is asked about; every other passage is HELD-OUT, kept once.

>>> clusters(["Sebanyak 1,05 juta orang terpaksa dievakuasi dari wilayah pesisir Zhejiang hari ini.",
...           "Sebanyak 1, 05 juta orang terpaksa dievakuasi dari wilayah pesisir Zhejiang hari ini.",
...           "Sebanyak dua orang tewas di Medan, Sumatera Utara, dalam kecelakaan lalu lintas kemarin."])
[0, 0, 2]
"""
from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

GRAM = 8
SAME = 0.3


def same_text(text: str) -> str:
    """A passage's text with its whitespace normalised: the form in which corpora must be disjoint."""
    return " ".join(text.split())


def grams(text: str, n: int = GRAM) -> set[tuple[str, ...]]:
    """The word n-grams of `text` (words: runs of letters or digits, lower-cased)."""
    words = re.findall(r"[^\W\d_]+|\d+", text.lower())
    return {tuple(words[k:k + n]) for k in range(max(1, len(words) - n + 1))}


def clusters(texts: list[str]) -> list[int]:
    """For each text, the index of the first text it is the same passage as (transitively)."""
    parent = list(range(len(texts)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    sets = [grams(t) for t in texts]
    holders: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for k, s in enumerate(sets):
        for g in s:
            holders[g].append(k)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ks in holders.values():
        for pair in combinations(ks, 2):
            shared[pair] += 1
    for (a, b), n in shared.items():
        if n >= SAME * min(len(sets[a]), len(sets[b])):
            parent[max(root(a), root(b))] = min(root(a), root(b))
    return [root(k) for k in range(len(texts))]


def overlapping(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) where a[i] and b[j] are the same passage (the test that corpora are disjoint)."""
    marks = clusters(a + b)
    left = defaultdict(list)
    for i, m in enumerate(marks[:len(a)]):
        left[m].append(i)
    return [(i, j) for j, m in enumerate(marks[len(a):]) for i in left.get(m, [])]
