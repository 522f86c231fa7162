"""A throwaway PostgreSQL cluster for the tests: Debian's initdb in a temporary folder, started on a
free loopback port, stopped and removed afterwards. PostgreSQL refuses to run as root: as root, the
folder belongs to the `postgres` account and the server runs as it (runuser). For pgvector: Debian's
server when its pgvector package is there, else the PostgreSQL 16 with pgvector 0.6 that the pip
package pgserver bundles (its binaries only, run the same way: pgserver's own Python is not used)."""
from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """The newest PostgreSQL's bin folder (Debian's /usr/lib/postgresql/N/bin, else initdb on PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def vector_binaries() -> Path | None:
    """The bin folder of a PostgreSQL whose server has pgvector, or None."""
    for initdb in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: -int(Path(p).parts[-3])):
        if Path(f"/usr/share/postgresql/{Path(initdb).parts[-3]}/extension/vector.control").exists():
            return Path(initdb).parent
    spec = importlib.util.find_spec("pgserver")  # found, not imported
    for folder in (spec.submodule_search_locations or []) if spec else []:
        bin_dir = Path(folder) / "pginstall" / "bin"
        if (bin_dir / "initdb").exists() and (bin_dir.parent / "share/postgresql/extension/vector.control").exists():
            return bin_dir
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.run_as = _account()
        self.root = Path(tempfile.mkdtemp(prefix="rag-pg-"))  # under /tmp: the postgres account can reach it
        if self.run_as:
            pw = pwd.getpwnam(self.run_as)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self.data, self.port = self.root / "data", free_port()
        self._pg("initdb", "-D", str(self.data), "-U", "rag", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")

    def _pg(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin / tool), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.root)
        if done.returncode:
            log = self.root / "log"
            raise RuntimeError(f"{tool} failed: {done.stdout}{done.stderr}{log.read_text() if log.exists() else ''}")
        return done

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._pg("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://rag@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except RuntimeError:
            pass  # not running
        shutil.rmtree(self.root, ignore_errors=True)


def _account() -> str | None:
    """The account to run PostgreSQL as: None when not root, else `postgres` (or `nobody`)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root, and there is no postgres or nobody account to run PostgreSQL as")
