"""Fixtures of the PostgreSQL tests (marker `postgres`): one throwaway cluster a session
(tests.postgres.cluster), a new empty database for each test. Skipped, saying why, when there are no
PostgreSQL binaries (apt-get install postgresql) or no psycopg (pip install -e '.[postgres]')."""
from __future__ import annotations

import itertools
from typing import Iterator

import pytest

from .cluster import Cluster, binaries

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    pytest.importorskip("psycopg", reason="no psycopg: pip install -e '.[postgres]'")
    bin_dir = binaries()
    if bin_dir is None:
        pytest.skip("no PostgreSQL binaries (initdb): apt-get install postgresql")
    made = Cluster(bin_dir)
    try:
        made.start()
        yield made
    finally:
        made.remove()


@pytest.fixture
def database_url(cluster: Cluster) -> Iterator[str]:
    """The URL of a new, empty database (its schema not made: `upgraded` makes it)."""
    import psycopg

    name = f"t{next(_numbers)}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield cluster.url(name)
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def upgraded(database_url: str) -> str:
    """The URL of a new database with the schema made (`rag db upgrade`)."""
    from rag.store.db import Database
    from rag.store.schema import upgrade

    db = Database(database_url)
    upgrade(db)
    db.close()
    return database_url
