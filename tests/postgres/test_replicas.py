"""Two processes on one database lose nothing: users and keys added, failed logins counted, at once;
and a server restart costs a replica nothing but the moment it is away."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rag.access.dblog import DbLimiter
from rag.access.dbusers import DbAccounts
from rag.errors import DatabaseError
from rag.store.db import Database

from .cluster import Cluster

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
N = 15

REPLICA = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from rag.access.backend import accounts_of, limiter_of
    from rag.settings import Settings
    me, go = sys.argv[1], Path(sys.argv[2])
    s = Settings.load()
    accounts, limiter = accounts_of(s), limiter_of(s)
    while not go.exists():
        time.sleep(0.01)
    for i in range(N):
        accounts.add(f"{me}-{i}", "reader", "correct horse")
        accounts.new_key("shared")
        limiter.failed("shared", f"10.0.0.{i}")
""").replace("N)", f"{N})")


def test_two_processes_adding_users_and_failing_logins_lose_nothing(upgraded: str, tmp_path: Path) -> None:
    accounts = DbAccounts(Database(upgraded))
    accounts.add("shared", "reader", "correct horse")
    go = tmp_path / "go"
    env = {**os.environ, "RAG_DATABASE_URL": upgraded, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", REPLICA, name, str(go)], env=env, stderr=subprocess.PIPE, text=True)
             for name in ("one", "two")]
    time.sleep(1.0)  # both started (imports done) before either begins
    go.touch()
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    names = {u.name for u in accounts.users()}
    assert names == {"shared"} | {f"{me}-{i}" for me in ("one", "two") for i in range(N)}
    assert accounts.get("shared").keys == 2 * N
    failures = accounts.db.one("SELECT count(*) FROM login_failures WHERE key = 'name:shared'")[0]
    assert failures == 2 * N and DbLimiter(accounts.db, limit=2 * N).wait("shared", "10.1.1.1") > 0


def test_a_replica_carries_on_after_the_server_restarts(cluster: Cluster, upgraded: str) -> None:
    accounts = DbAccounts(Database(upgraded))
    accounts.add("sari", "reader", "correct horse")
    cluster.stop()
    try:
        with pytest.raises(DatabaseError, match="is the server running"):
            accounts.get("sari")
    finally:
        cluster.start()
    assert accounts.get("sari").name == "sari"  # a new connection, without being told
    cluster.stop()
    cluster.start()
    assert accounts.verify("sari", "correct horse")  # the dropped connection replaced at once
