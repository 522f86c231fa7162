"""BM25 scored at question time from term counts, so that a grown library costs its new paragraphs only.

The scores are bm25s's "lucene" variant, which this project used before (k1 = 1.5, b = 0.75):
idf = ln(1 + (N - df + 0.5) / (df + 0.5)) and, per term, tf / (tf + k1 (1 - b + b dl / avgdl)).
bm25s computes every (paragraph, term) score when it indexes, so N and avgdl are fixed then and one kept
document means indexing everything again (4.2 s at 100k paragraphs here, most of it analysing the text).
Here the matrix holds the raw counts, and each paragraph's analysed terms are kept in a bounded
process-wide cache (by language and text): a library that changed is made again from the cache in a
fraction of that, with only its new paragraphs analysed. The question's few terms are scored when asked.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable

import numpy as np

K1, B = 1.5, 0.75
CACHED_PARAGRAPHS = 200_000  # analysed paragraphs kept (about 60 MB at 60 terms each)

_vocabulary: dict[str, int] = {}  # every term seen in this process -> its column
_analysed: OrderedDict[tuple[str, int, int], np.ndarray] = OrderedDict()
_lock = threading.Lock()


def term_ids(terms: list[str], add: bool = False, keep_unknown: bool = False) -> list:
    """The columns of `terms`; unknown ones are left out (None with `keep_unknown`), or added with `add`."""
    if keep_unknown:
        return [_vocabulary.get(t) for t in terms]
    if not add:
        return [_vocabulary[t] for t in terms if t in _vocabulary]
    with _lock:
        return [_vocabulary.setdefault(t, len(_vocabulary)) for t in terms]


def analysed(text: str, language: str, analyse: Callable[[str, str], list[str]]) -> np.ndarray:
    """The term columns of `text` as `analyse` splits it, from the cache when it was analysed before."""
    key = (language, len(text), hash(text))
    with _lock:
        found = _analysed.get(key)
        if found is not None:
            _analysed.move_to_end(key)
            return found
    ids = np.asarray(term_ids(analyse(text, language), add=True), dtype=np.int32)
    with _lock:
        _analysed[key] = ids
        while len(_analysed) > CACHED_PARAGRAPHS:
            _analysed.popitem(last=False)
    return ids


class Bm25:
    """Term counts of paragraphs (rows) by term (columns: the process's vocabulary)."""

    def __init__(self, documents: list[np.ndarray]) -> None:
        from scipy.sparse import csc_matrix

        self.size = len(documents)
        self.lengths = np.array([len(d) for d in documents], dtype=np.float32)
        columns = np.concatenate(documents) if documents else np.zeros(0, dtype=np.int32)
        rows = np.repeat(np.arange(self.size, dtype=np.int32), self.lengths.astype(np.int64))
        width = int(columns.max(initial=-1)) + 1
        counts = csc_matrix((np.ones(len(columns), dtype=np.float32), (rows, columns)), shape=(self.size, width))
        counts.sum_duplicates()
        self._indptr, self._rows, self._tf = counts.indptr, counts.indices, counts.data
        self.df = np.diff(self._indptr)
        average = float(self.lengths.mean()) if self.size else 1.0
        self._norm = K1 * ((1 - B) + B * self.lengths / (average or 1.0))  # per paragraph

    def df_of(self, term: int) -> int:
        """In how many paragraphs `term` occurs."""
        return int(self.df[term]) if term < len(self.df) else 0

    def known(self, ids: list[int]) -> list[int]:
        """The ids that occur in at least one paragraph."""
        return [t for t in ids if self.df_of(t) > 0]

    def scores(self, ids: list[int]) -> np.ndarray:
        """One score per paragraph: the sum over `ids` (a repeated term counts again, as in bm25s)."""
        out = np.zeros(self.size, dtype=np.float32)
        for t in self.known(ids):
            start, end = self._indptr[t], self._indptr[t + 1]
            rows, tf = self._rows[start:end], self._tf[start:end]
            df = float(self.df[t])
            idf = np.log(1 + (self.size - df + 0.5) / (df + 0.5))
            out[rows] += (idf * tf / (self._norm[rows] + tf)).astype(np.float32)
        return out
