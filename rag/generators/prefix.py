"""Evaluated prompt openings, kept on disk: a new process does not process them again.

Each language's instructions are the same ~240 tokens before every question, and a question's
best passage comes right after them; at ~70 prompt tokens/s that is ~3.5 s and ~1 s. The llama
context's state after the instructions, and after the instructions plus a first passage, is saved
once per model, text and context size (~8-11 MB with the 1.5B, NumPy's format, no pickle) under
`<cache_dir>/states/`, and loaded into the prompt cache when a prompt starts that way. The folder
is kept within a budget: the least recently used files go first. States saved ahead (`rag prepare`,
documents added) are kept apart in `states/prepared/`, within half the budget, and removed only to
make room for other prepared ones. A file that cannot be read is deleted and the state evaluated again.
"""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path
from typing import Any, Callable, TypeVar

import numpy as np

T = TypeVar("T")


LAYOUT = "seq2-unified"  # the llama context the states come from: two sequences (the second for stitching)


def model_key(model: Path, n_ctx: int) -> list:
    """What a saved state depends on besides its text: the model file, the context, llama.cpp's version."""
    from llama_cpp import __version__

    st = model.stat()
    return [str(model.resolve()), st.st_size, st.st_mtime_ns, n_ctx, LAYOUT, __version__]


def state_path(folder: Path, model: Path, messages: list[dict[str, str]], n_ctx: int) -> Path:
    key = json.dumps([model_key(model, n_ctx), messages])
    return folder / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.npz"


PREPARED = "prepared"  # the subfolder of states saved ahead (`rag prepare`): never evicted by the others


def placed(path: Path, prepared: bool) -> Path:
    """Where the state named `path` is written: in `prepared/` beside it when saved ahead."""
    return path.parent / PREPARED / path.name if prepared else path


def found(path: Path) -> Path:
    """Where the state named `path` is read from: its prepared copy where there is one."""
    ahead = placed(path, True)
    return ahead if ahead.is_file() else path


def pin(path: Path) -> None:
    """Move the state named `path`, saved while answering, among the prepared ones (`rag prepare` met it)."""
    try:
        placed(path, True).parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, placed(path, True))
    except FileNotFoundError:
        pass


def save(path: Path, state: Any, budget: int, prepared: bool = False) -> None:  # state: llama_cpp.LlamaState
    """Write `state` under the name `path` (among the prepared states when `prepared`), then keep the
    folder within `budget` bytes (`prune`)."""
    write(path, budget, prepared, input_ids=state.input_ids, scores=state.scores[-1:], n_tokens=state.n_tokens,
          seed=state.seed, llama_state=np.frombuffer(state.llama_state, dtype=np.uint8))


def write(path: Path, budget: int, prepared: bool, **arrays: Any) -> None:
    """Write `arrays` (NumPy's format, no pickle) under the name `path`, atomically, among the prepared
    states when `prepared`; then keep the folder within `budget` bytes (`prune`)."""
    target = placed(path, prepared)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp.npz")
    np.savez(tmp, **arrays)
    os.replace(tmp, target)
    prune(path.parent, budget, keep=target)


def prune(folder: Path, budget: int, keep: Path) -> None:
    """Delete the least recently used state files (oldest mtime; `load` touches it) until the folder's
    states take at most `budget` bytes: first prepared ones while they take more than half of it, then
    the others (so that answering over other documents never evicts what `rag prepare` saved); `keep` stays."""
    ahead, others = _listed(folder / PREPARED), _listed(folder)
    total, total_ahead = sum(size for _, size, _ in ahead + others), sum(size for _, size, _ in ahead)
    for _, size, f in ahead:
        if total_ahead <= budget // 2:
            break
        if f != keep:
            f.unlink(missing_ok=True)
            total, total_ahead = total - size, total_ahead - size
    for _, size, f in others:
        if total <= budget:
            break
        if f != keep:
            f.unlink(missing_ok=True)
            total -= size


def _listed(folder: Path) -> list[tuple[int, int, Path]]:
    """The folder's state files as (mtime, size, path), least recently used first."""
    files = []
    for f in folder.glob("*.npz"):
        try:
            st = f.stat()
        except FileNotFoundError:  # removed by another process meanwhile
            continue
        files.append((st.st_mtime_ns, st.st_size, f))
    return sorted(files, key=lambda t: t[0])


def load(path: Path) -> Any | None:
    """The saved state, or None (and the file removed) when it is missing or unreadable."""
    from llama_cpp import LlamaState

    def state(z: Any) -> Any:
        blob = z["llama_state"].tobytes()
        return LlamaState(input_ids=z["input_ids"].copy(), scores=z["scores"].copy(), n_tokens=int(z["n_tokens"]),
                          llama_state=blob, llama_state_size=len(blob), seed=int(z["seed"]))

    return read(path, state)


def read(path: Path, take: Callable[[Any], T]) -> T | None:
    """`take` of the arrays saved under the name `path` (its prepared copy first), the file marked
    recently used; None where it is missing, and where it cannot be read or `take` raises ValueError or
    KeyError (then the file is removed)."""
    path = found(path)
    try:
        with np.load(path, allow_pickle=False) as z:
            value = take(z)
        os.utime(path)  # recently used: pruned last
        return value
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        path.unlink(missing_ok=True)
        return None
