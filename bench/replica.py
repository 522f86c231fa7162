"""One replica for `python -m bench.backends`, in a process of its own so that its memory is its own: it
opens the library as a replica does (the folder backend's index files; the database's rows with the
vectors in memory; or the rows with the vectors searched in SQL by pgvector), times hybrid searches,
and prints one JSON line: open seconds, search p50/p95, resident memory before and after.

    python -m bench.replica CONFIG.json          # {"kind": "folder"|"memory"|"pgvector", "settings": {...}, ...}
"""
from __future__ import annotations

import json
import os
import resource
import sys
import time
import zlib

import numpy as np

from eval.running.run import median_p95
from rag.indexing.embedders import normalise

from .synthetic import search_ms

DIM = 384  # multilingual-e5-small's


class HashEmbedder:
    """Words hashed (CRC-32) into 384 dimensions, normalised: e5-small's shape, no model, the same
    vectors in every process. Texts that share words get similar vectors; the numbers measure the
    storage and search, not an embedding model."""

    name = "bench/hash-384"
    dim = DIM

    def passages(self, texts: list[str]) -> np.ndarray:
        out = np.full((len(texts), DIM), 1e-3, dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, zlib.crc32(word.strip(".,;:?!()").encode()) % DIM] += 1.0
        return normalise(out)

    def queries(self, texts: list[str]) -> np.ndarray:
        return self.passages(texts)


def rss_mb() -> float:
    """This process's resident memory now, in MiB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _open(kind: str, config: dict):  # noqa: ANN202 - (Stored, Settings)
    from rag.settings import Settings

    s = Settings().with_overrides(**config["settings"])
    if kind == "folder":
        from rag.indexing import store

        return store.read(s.path(config["folder_index"])), s
    from rag.indexing.dblibrary import DbLibrary

    s = s.with_overrides(dense_search="pgvector" if kind == "pgvector" else "memory")
    return DbLibrary.of(s).open(s, HashEmbedder()).stored, s


def _recall(stored, embedder: HashEmbedder, questions: list[list[str]], k: int = 20) -> float:  # noqa: ANN001
    """The dense search's top `k` against the exact top `k` (every vector read after the memory was)."""
    index = stored.index
    if hasattr(index, "documents"):  # pgvector: the sources' vectors in memory, the kept ones fetched
        from rag.store import rows

        by_id = rows.paragraphs(index.db, index.documents, {i: i for i in index.documents}, DIM)
        every = np.vstack([index.own.reconstruct_n(0, index.own.ntotal)] + [by_id[i][1] for i in index.documents])
    else:
        every = index.reconstruct_n(0, index.ntotal)
    found = 0
    for question, _ in questions:
        q = embedder.queries([question])
        scores = every @ q[0]
        kth = np.sort(scores)[-k]  # a hit counts when it scores as the k-th best at least (ties: within 1e-5)
        found += sum(1 for i in index.search(q, k)[1][0] if i >= 0 and scores[i] >= kth - 1e-5)
    return round(found / (k * len(questions)), 3)


def main(path: str) -> dict:
    from rag.search.retrieve import Retriever

    import faiss, scipy.sparse, psycopg  # noqa: F401,E401 - loaded before the memory is read: it counts the library only
    from rag.indexing import dblibrary  # noqa: F401

    config = json.loads(open(path, encoding="utf-8").read())
    kind, questions, embedder = config["kind"], config["questions"], HashEmbedder()
    before = rss_mb()
    start = time.perf_counter()
    stored, s = _open(kind, config)
    retriever = Retriever(stored.paragraphs, stored.index, embedder, s)
    retriever.search(*questions[0])  # builds BM25, as a replica's first question does
    opened = time.perf_counter() - start
    p50, p95 = median_p95(search_ms(retriever, questions))
    out = {"kind": kind, "paragraphs": len(stored.paragraphs), "open_s": round(opened, 2),
           "search_ms_p50": round(p50, 2), "search_ms_p95": round(p95, 2),
           "rss_mb_start": round(before), "rss_mb": round(rss_mb()),
           "rss_mb_peak": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    if kind != "folder":  # the folder's index is the memory replica's kind of index, over the same vectors
        out["recall_at_20"] = _recall(stored, embedder, questions)
        out["catch_up_s"] = _catch_up(s, embedder, questions[0])
    return out


def _catch_up(s, embedder: HashEmbedder, question: list[str]) -> float:  # noqa: ANN001 - Settings
    """Seconds from another process's keep (one document of 50 paragraphs, kept here through the library)
    to a replica answering over it: the library opened again (its index grown by the new vectors), and
    a new retriever's first search (BM25 made again: the paragraphs seen before come from the cache)."""
    import tempfile
    from pathlib import Path

    from rag.indexing.dblibrary import DbLibrary
    from rag.search.retrieve import Retriever

    from .synthetic import texts

    with tempfile.TemporaryDirectory() as tmp:
        note = Path(tmp) / f"catatan-{time.time_ns()}.txt"
        note.write_text("\n\n".join(t for _, t in texts(50, seed=7)), encoding="utf-8")
        DbLibrary.of(s).add(s, [note], embedder, "bench")
    start = time.perf_counter()
    stored = DbLibrary.of(s).open(s, embedder).stored
    Retriever(stored.paragraphs, stored.index, embedder, s).search(*question)
    return round(time.perf_counter() - start, 2)


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
