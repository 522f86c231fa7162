"""Fixtures of the PostgreSQL tests (marker `postgres`): one throwaway cluster a session
(tests.postgres.cluster), a new empty database for each test. Skipped, saying why, when there are no
PostgreSQL binaries (apt-get install postgresql) or no psycopg (pip install -e '.[postgres]'). The
pgvector tests get a second cluster whose server has pgvector (`vector_cluster`, `vector_url`)."""
from __future__ import annotations

import itertools
from typing import Iterator

import pytest

from .cluster import Cluster, binaries, vector_binaries

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


@pytest.fixture(scope="session")
def vector_cluster() -> Iterator[Cluster]:
    """A cluster whose server has pgvector (Debian's with its pgvector package, else pgserver's)."""
    pytest.importorskip("psycopg", reason="no psycopg: pip install -e '.[postgres]'")
    bin_dir = vector_binaries()
    if bin_dir is None:
        pytest.skip("no PostgreSQL with pgvector: pip install -e '.[dev]' (pgserver bundles PostgreSQL 16 with "
                    "pgvector 0.6), or apt-get install postgresql-NN-pgvector")
    try:
        made = Cluster(bin_dir)
    except RuntimeError as exc:  # as root: the postgres account must reach the binaries (a 0700 home does not)
        if "ermission denied" not in str(exc):
            raise
        pytest.skip(f"the account PostgreSQL runs as cannot run {bin_dir}: {str(exc).strip()[:200]}")
    try:
        made.start()
        yield made
    finally:
        made.remove()


def _new_database(cluster: Cluster) -> Iterator[str]:
    import psycopg

    name = f"t{next(_numbers)}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield cluster.url(name)
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _upgrade(url: str) -> str:
    from rag.store.db import Database
    from rag.store.schema import upgrade

    db = Database(url)
    upgrade(db)
    db.close()
    return url


@pytest.fixture
def database_url(cluster: Cluster) -> Iterator[str]:
    """The URL of a new, empty database (its schema not made: `upgraded` makes it)."""
    yield from _new_database(cluster)


@pytest.fixture
def upgraded(database_url: str) -> str:
    """The URL of a new database with the schema made (`rag db upgrade`)."""
    return _upgrade(database_url)


@pytest.fixture
def vector_url(vector_cluster: Cluster) -> Iterator[str]:
    """The URL of a new database with the schema made, on a server with pgvector (created by migration 3)."""
    for url in _new_database(vector_cluster):
        yield _upgrade(url)
