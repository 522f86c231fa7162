"""Evaluated prompt openings, kept on disk: a new process does not process them again.

Each language's instructions are the same ~240 tokens before every question, and a question's
best passage comes right after them; at ~70 prompt tokens/s that is ~3.5 s and ~1 s. The llama
context's state after the instructions, and after the instructions plus a first passage, is saved
once per model, text and context size (~8-11 MB with the 1.5B, NumPy's format, no pickle) under
`<cache_dir>/states/`, and loaded into the prompt cache when a prompt starts that way. The folder
is kept within a budget: the least recently used files go first. A file that cannot be read is
deleted and the state evaluated again.
"""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np


def state_path(folder: Path, model: Path, messages: list[dict[str, str]], n_ctx: int) -> Path:
    from llama_cpp import __version__

    st = model.stat()
    key = json.dumps([str(model.resolve()), st.st_size, st.st_mtime_ns, messages, n_ctx, __version__])
    return folder / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.npz"


def save(path: Path, state: Any, budget: int) -> None:  # state: llama_cpp.LlamaState
    """Write `state` to `path`, then remove the least recently used other states while the folder
    holds more than `budget` bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
    np.savez(tmp, input_ids=state.input_ids, scores=state.scores[-1:], n_tokens=state.n_tokens, seed=state.seed,
             llama_state=np.frombuffer(state.llama_state, dtype=np.uint8))
    os.replace(tmp, path)
    prune(path.parent, budget, keep=path)


def prune(folder: Path, budget: int, keep: Path) -> None:
    """Delete the least recently used state files (oldest mtime; `load` touches it) until the
    folder's states take at most `budget` bytes; `keep` stays."""
    files = []
    for f in folder.glob("*.npz"):
        try:
            st = f.stat()
        except FileNotFoundError:  # removed by another process meanwhile
            continue
        files.append((st.st_mtime_ns, st.st_size, f))
    total = sum(size for _, size, _ in files)
    for _, size, f in sorted(files, key=lambda t: t[0]):
        if total <= budget:
            break
        if f != keep:
            f.unlink(missing_ok=True)
            total -= size


def load(path: Path) -> Any | None:
    """The saved state, or None (and the file removed) when it is missing or unreadable."""
    from llama_cpp import LlamaState

    try:
        with np.load(path, allow_pickle=False) as z:
            blob = z["llama_state"].tobytes()
            os.utime(path)  # recently used: pruned last
            return LlamaState(input_ids=z["input_ids"].copy(), scores=z["scores"].copy(), n_tokens=int(z["n_tokens"]),
                              llama_state=blob, llama_state_size=len(blob), seed=int(z["seed"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        path.unlink(missing_ok=True)
        return None
