"""`python -m bench.backends` runs end to end at a small size: every backend keeps every document, and
each replica reports search times and memory (the numbers themselves are the bench's, not a test's)."""
from __future__ import annotations

import pytest

from bench.backends import run, table

from .cluster import vector_binaries

pytestmark = pytest.mark.postgres


def test_the_backends_bench_runs_small() -> None:
    pytest.importorskip("psycopg", reason="no psycopg: pip install -e '.[postgres]'")
    if vector_binaries() is None:
        pytest.skip("no PostgreSQL with pgvector: pip install -e '.[dev]' (pgserver)")
    out = run(12, [900], 4)
    assert set(out["keep"]) == {"folder", "postgresql", "postgresql+pgvector"}
    assert all(k["documents"] == 12 for k in out["keep"].values())
    [row] = out["search"]
    assert row["paragraphs"] == 900 and row["hnsw_mb"] > 0
    for kind in ("folder", "memory", "pgvector", "pgvector-ef400"):
        assert row[kind]["paragraphs"] >= 900 and row[kind]["search_ms_p50"] > 0 and row[kind]["rss_mb"] > 0
    assert row["pgvector"]["recall_at_20"] >= 0.95
    assert all(0 < row[kind]["catch_up_s"] < 60 for kind in ("memory", "pgvector")) and "catch-up" in table(out)
    assert "recall@20" in table(out)
