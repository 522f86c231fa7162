"""The folder library beside the library in PostgreSQL (vectors in each replica's memory, or searched in
SQL by pgvector): keeping 1,000 small documents one at a time, then search p50/p95 and each replica's
memory at 10k and 100k paragraphs (the kept documents, then synthetic paragraphs with random
normalised 384-d vectors), each replica in a process of its own (bench.replica), and the seconds a
replica takes to answer over one more kept document (catch-up).

    python -m bench.backends [--documents 1000] [--sizes 10000,100000] [--questions 50] [--json docs/bench/backends.json]

Needs a PostgreSQL whose server has pgvector (pgserver's, or Debian's with its pgvector package): a
throwaway cluster is made in a temporary folder (tests.postgres.cluster; as root, run as `postgres`).
Embedding is bench.replica.HashEmbedder (no model): keep times leave the embedder out.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from eval.running.run import median_p95
from rag.documents.library import Library, new_id, unique
from rag.indexing import store
from rag.indexing.dblibrary import DbLibrary, shape
from rag.indexing.embedders import normalise
from rag.indexing.indexer import build, open_index
from rag.settings import Settings
from rag.store import library as tables
from rag.store import rows
from rag.types import Paragraph

from . import synthetic
from .replica import DIM, HashEmbedder

ROOT = Path(__file__).resolve().parent.parent
FILLER = 500  # paragraphs in each synthetic document added past the kept ones


def documents(folder: Path, n: int) -> list[Path]:
    """`n` small documents: a title and two paragraphs each, in either language."""
    folder.mkdir(parents=True)
    out = []
    for i, (language, text) in enumerate(synthetic.texts(2 * n, seed=7)[::2]):
        more = synthetic.texts(1, seed=10_000 + i)[0][1]
        out.append(folder / f"catatan-{i:04d}.txt")
        out[-1].write_text(f"Catatan {i} ({language})\n\n{text}\n\n{more}\n", encoding="utf-8")
    return out


def keeps(files: list[Path], keep) -> dict:  # noqa: ANN001 - keep(path) keeps one document
    seconds = []
    for f in files:
        start = time.perf_counter()
        keep(f)
        seconds.append(time.perf_counter() - start)
    first, last = median_p95([1000 * s for s in seconds[:100]]), median_p95([1000 * s for s in seconds[-100:]])
    return {"documents": len(files), "total_s": round(sum(seconds), 1), "first_100_ms_p50": round(first[0], 1),
            "first_100_ms_p95": round(first[1], 1), "last_100_ms_p50": round(last[0], 1), "last_100_ms_p95": round(last[1], 1)}


def fill(s: Settings, embedder: HashEmbedder, upto: int, seed: int) -> list[float]:
    """Synthetic documents of FILLER paragraphs kept until the library holds `upto`; seconds per keep."""
    db, seconds = DbLibrary.of(s).db, []
    held = sum(k.paragraphs for k in rows.listing(db)[1])
    rng = np.random.default_rng(seed)
    while held < upto:
        n = min(FILLER, upto - held)
        name = f"sintetis-{held:06d}.txt"
        texts = synthetic.texts(n, seed=seed + held)
        document = rows.NewDocument(new_id(), name, hashlib.sha256(name.encode()).hexdigest(), b"",
                                    tuple(Paragraph(i + 1, name, "", t, False, lang) for i, (lang, t) in enumerate(texts)),
                                    normalise(rng.standard_normal((n, DIM)).astype(np.float32)))
        start = time.perf_counter()
        tables.keep(db, [document], "bench", shape(s, embedder), unique, set())
        seconds.append(time.perf_counter() - start)
        held += n
    return seconds


def folder_index(s: Settings, embedder: HashEmbedder, into: Path) -> None:
    """The folder backend's index of the same paragraphs and vectors, as `rag index` writes it."""
    db, own = DbLibrary.of(s).db, open_index(s, embedder, progress=False)
    kept = rows.listing(db)[1]
    got = rows.paragraphs(db, [k.id for k in kept], {k.id: k.name for k in kept}, DIM)
    paragraphs, vectors = list(own.paragraphs), [own.index.reconstruct_n(0, own.index.ntotal)]
    for k in kept:
        paragraphs += [replace(p, number=len(paragraphs) + p.number) for p in got[k.id][0]]
        vectors.append(got[k.id][1])
    manifest = replace(own.manifest, paragraphs=len(paragraphs))
    store.write(into, manifest, paragraphs, np.vstack(vectors), s.index_kind(len(paragraphs)))


REPLICAS = {"folder": {}, "memory": {}, "pgvector": {}, "pgvector-ef400": {"pgvector_ef_search": 400}}


def replica(label: str, s: Settings, folder: Path, questions: list, tmp: Path) -> dict:
    config, kind = tmp / f"replica-{label}.json", label.split("-")[0]
    config.write_text(json.dumps({"kind": kind, "questions": questions, "folder_index": str(folder), "settings": {
        "sources": list(s.sources), "index_dir": s.index_dir, "cache_dir": s.cache_dir, "database_url": s.database_url,
        **REPLICAS[label]}}))
    done = subprocess.run([sys.executable, "-m", "bench.replica", str(config)], cwd=ROOT, capture_output=True,
                          text=True, timeout=3600)
    if done.returncode:
        raise RuntimeError(f"replica {kind} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(n_documents: int, sizes: list[int], n_questions: int) -> dict:
    from tests.postgres.cluster import Cluster, vector_binaries
    from rag.store.db import Database
    from rag.store.schema import upgrade

    bin_dir = vector_binaries()
    if bin_dir is None:
        raise SystemExit("no PostgreSQL with pgvector: pip install pgserver (or apt-get install postgresql-NN-pgvector)")
    embedder, out = HashEmbedder(), {"documents": n_documents, "embedder": HashEmbedder.name, "search": []}
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as name:
        tmp, cluster = Path(name), Cluster(bin_dir)
        try:
            cluster.start()
            out["server"] = Database(cluster.url()).one("SELECT version()")[0].split(" on ")[0]
            base = Settings(sources=(str(ROOT / "seeds"),), index_dir=str(tmp / "index"), cache_dir=str(tmp / "cache"))
            urls = {}
            for label in ("plain", "pgvector"):
                with Database(cluster.url()).connect() as conn:  # autocommit: not in a transaction
                    conn.execute(f"CREATE DATABASE {label}")
                upgrade(Database(urls.setdefault(label, cluster.url(label))))
            Database(urls["plain"]).execute("ALTER TABLE paragraphs DROP COLUMN embedding")  # as on a server without it
            files = documents(tmp / "docs", n_documents)
            folder = base.with_overrides(library_dir=str(tmp / "library"))
            out["keep"] = {
                "folder": keeps(files, lambda f: Library.of(folder).add(folder, [f], lambda x: build(x, embedder, progress=False))),
                **{name: keeps(files, lambda f, s=base.with_overrides(database_url=url): DbLibrary.of(s).add(s, [f], embedder, "bench"))
                   for name, url in (("postgresql", urls["plain"]), ("postgresql+pgvector", urls["pgvector"]))}}
            s = base.with_overrides(database_url=urls["pgvector"])
            questions = [[t.split(". ")[0], lang] for lang, t in synthetic.texts(n_questions, seed=99)]
            for size in sizes:
                filled = fill(s, embedder, size, seed=size)
                folder_index(s, embedder, tmp / f"folder-{size}")
                sizes_mb = Database(urls["pgvector"]).one(
                    "SELECT pg_total_relation_size('paragraphs'), coalesce(sum(pg_relation_size(indexrelid)), 0) "
                    "FROM pg_index WHERE indexrelid::regclass::text LIKE 'paragraphs_embedding_hnsw%%'")
                out["search"].append({"paragraphs": size, **{k: replica(k, s, tmp / f"folder-{size}", questions, tmp)
                                                             for k in REPLICAS},
                                      "keep_500_paragraphs_s_p50": round(median_p95(filled)[0], 2) if filled else None,
                                      "table_mb": round(sizes_mb[0] / 2**20), "hnsw_mb": round(sizes_mb[1] / 2**20)})
        finally:
            cluster.remove()
    return out


def table(out: dict) -> str:
    lines = [f"keeping {out['documents']} documents one at a time (ms: first 100 p50/p95, last 100 p50/p95; total s)"]
    for name, k in out["keep"].items():
        lines.append(f"  {name:22s} {k['first_100_ms_p50']:8.1f} {k['first_100_ms_p95']:8.1f} {k['last_100_ms_p50']:8.1f} "
                     f"{k['last_100_ms_p95']:8.1f} {k['total_s']:8.1f}")
    lines.append("search (hybrid, ms p50/p95), open s, replica RSS MiB (start -> after)")
    for row in out["search"]:
        for kind in REPLICAS:
            r = row[kind]
            lines.append(f"  {row['paragraphs']:7d} {kind:14s} {r['search_ms_p50']:7.2f} {r['search_ms_p95']:7.2f} "
                         f"{r['open_s']:7.2f}  {r['rss_mb_start']:5d} -> {r['rss_mb']:5d}" + (f"  recall@20 {r['recall_at_20']}" if "recall_at_20" in r else "")
                         + (f"  catch-up {r['catch_up_s']} s" if "catch_up_s" in r else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--documents", type=int, default=1000)
    p.add_argument("--sizes", default="10000,100000")
    p.add_argument("--questions", type=int, default=50)
    p.add_argument("--json", type=Path, help="also write the results here")
    args = p.parse_args(argv)
    out = run(args.documents, [int(x) for x in args.sizes.split(",")], args.questions)
    out["command"] = "python -m bench.backends " + " ".join(argv if argv is not None else sys.argv[1:])
    out["date"] = time.strftime("%Y-%m-%d")
    print(table(out))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
