"""The evaluated instructions, kept on disk: a new process does not process them again.

Each language's instructions are the same ~200 tokens before every question; at ~70 prompt
tokens/s that is ~3 s on the first question of each language in every process. The llama
context's state after them is saved once per model, instructions and context size (a few MB,
NumPy's format, no pickle) under `<cache_dir>/states/`, and loaded into the prompt cache at start.
A file that cannot be read is deleted and the state evaluated again.
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


def save(path: Path, state: Any) -> None:  # state: llama_cpp.LlamaState
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
    np.savez(tmp, input_ids=state.input_ids, scores=state.scores[-1:], n_tokens=state.n_tokens, seed=state.seed,
             llama_state=np.frombuffer(state.llama_state, dtype=np.uint8))
    os.replace(tmp, path)


def load(path: Path) -> Any | None:
    """The saved state, or None (and the file removed) when it is missing or unreadable."""
    from llama_cpp import LlamaState

    try:
        with np.load(path, allow_pickle=False) as z:
            blob = z["llama_state"].tobytes()
            return LlamaState(input_ids=z["input_ids"].copy(), scores=z["scores"].copy(), n_tokens=int(z["n_tokens"]),
                              llama_state=blob, llama_state_size=len(blob), seed=int(z["seed"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        path.unlink(missing_ok=True)
        return None
