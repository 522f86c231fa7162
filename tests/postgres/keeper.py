"""Another process keeping or removing documents in the library in PostgreSQL, over the fake embedder:
`python -m tests.postgres.keeper SETTINGS.json keep PATH...` prints the ids it kept;
`... remove ID` removes one. The tests start it to show what one process sees of another's changes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rag.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def command(settings: Settings, action: str, *args: str | Path) -> list[str]:
    """The command line of a keeper over `settings` (its sources, index, cache and database)."""
    values = {"sources": list(settings.sources), "index_dir": settings.index_dir, "cache_dir": settings.cache_dir,
              "database_url": settings.database_url}
    return [sys.executable, "-m", "tests.postgres.keeper", json.dumps(values), action, *map(str, args)]


def run(settings: Settings, action: str, *args: str | Path) -> list[str]:
    done = subprocess.run(command(settings, action, *args), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def main() -> None:
    from rag.indexing.dblibrary import DbLibrary
    from tests.fakes import FakeEmbedder

    values = json.loads(sys.argv[1])
    settings = Settings(**{**values, "sources": tuple(values["sources"])})
    library = DbLibrary.of(settings)
    if sys.argv[2] == "keep":
        added = library.add(settings, [Path(p) for p in sys.argv[3:]], FakeEmbedder(), "keeper")
        print(" ".join(e.id for e in added), flush=True)
    else:
        gone = library.remove(sys.argv[3])
        print(gone.id if gone else "", flush=True)


if __name__ == "__main__":
    main()
