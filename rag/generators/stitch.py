"""Passage states stitched into a prompt: each passage is evaluated once and its state reused.

A prompt is read as root + segments + tail: the root (instructions up to the passages) is shared by
every prompt in a language, and each segment (one passage) is evaluated right after the root, alone,
and its state (the KV cells of its tokens, ~28 KB a token with the 1.5B) saved under
`<cache_dir>/states/` beside the prompt openings, within the same budget. A prompt is then built in
the llama context as the root's state, each segment's state moved to its place in the prompt (its
positions shifted, RoPE re-rotated by llama.cpp), and only the tail (the question) evaluated.

Stitched passages do not attend to the passages before them (TurboRAG, Lu et al. 2025); the first
passage's state is what a whole evaluation gives. `recompute` re-evaluates the last tokens of each
later passage in place, so that they see the passages before them (the cheap end of CacheBlend):
a number of tokens, or a share of each passage's tokens (the larger of the two; a share of 1 evaluates
the later passages whole, as without stitching); and `head` first tokens of each later passage (its
marker and heading, which otherwise read as if they opened the first passage) are evaluated in place,
the rest of its state placed after them.
A prompt whose tokens are not the segments' tokens put together (a segment not starting and ending at
a token boundary) is not stitched: it is evaluated whole, as without stitching.
"""
from __future__ import annotations

import ctypes
import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import prefix


@dataclass(frozen=True)
class Split:
    """A prompt's tokens, as root + segments + tail."""

    root: tuple[int, ...]
    segments: tuple[tuple[int, ...], ...]
    texts: tuple[str, ...]
    tail: tuple[int, ...]


def split(llm: Any, text: str, segments: tuple[str, ...]) -> Split | None:
    """`text` (a rendered prompt) cut where `segments` stand one after another, or None where they do
    not stand so or their tokens put together are not the prompt's own tokens."""
    if not segments or segments[0] not in text:
        return None
    start = text.index(segments[0])
    rest = text[start:]
    for s in segments:
        if not rest.startswith(s):
            return None
        rest = rest[len(s):]
    tok = lambda t, special: tuple(llm.tokenize(t.encode(), add_bos=False, special=special))  # noqa: E731
    root, parts, tail = tok(text[:start], True), tuple(tok(s, False) for s in segments), tok(rest, True)
    whole = tok(text, True)
    if root + sum(parts, ()) + tail != whole or not all(parts):
        return None
    return Split(root, parts, tuple(segments), tail)


class Stitcher:
    """Builds a split prompt's start (root and segments) in a llama-cpp-python `Llama` whose context
    has a second sequence (seq 1, a scratch sequence) in a unified KV cache."""

    def __init__(self, llm: Any, folder: Path, key: list[Any], budget: int,
                 recompute: tuple[int, float, int] = (0, 0.0, 0)) -> None:
        import llama_cpp

        self.llm, self.folder, self.key, self.budget, self.recompute = llm, folder, key, budget, recompute
        self._ll = llama_cpp
        self._ctx = llm._ctx.ctx
        self._mem = llama_cpp.llama_get_memory(self._ctx)

    def save(self, s: Split, prepared: bool = False) -> list[bytes]:
        """The segments' states: loaded where saved, else evaluated after the root and saved (among the
        prepared states when `prepared`). Leaves the context holding the root."""
        self._root(s.root)
        return [self._state(s.root, text, tokens, prepared) for text, tokens in zip(s.texts, s.segments)]

    def build(self, s: Split) -> None:
        """Leave the context holding root + segments, each placed from its state (`save`)."""
        blobs = self.save(s)
        pos, base = len(s.root), len(s.root)
        tail, share, head = self.recompute
        for i, (tokens, blob) in enumerate(zip(s.segments, blobs)):
            first = min(head, len(tokens)) if i else 0
            if first:
                self.llm.eval(list(tokens[:first]))  # at pos..pos + first - 1, seeing the passages before
            self._place(blob, pos - base, skip=(base, base + first))
            self.llm.input_ids[pos:pos + len(tokens)] = tokens
            pos += len(tokens)
            self.llm.n_tokens = pos
            redo = min(redone(len(tokens), tail, share), len(tokens) - first) if i else 0
            if redo:
                self._trim(pos - redo)
                self.llm.eval(list(tokens[-redo:]))

    def _root(self, root: tuple[int, ...]) -> None:
        """The context cut back to `root` where it starts so, else loaded from the prompt cache's closest
        state (the primed instructions) and the rest of the root evaluated."""
        llm, n = self.llm, len(root)
        if _common(llm.input_ids[: llm.n_tokens], root) < n and llm.cache is not None:
            try:
                llm.load_state(llm.cache[root])
            except KeyError:
                llm.reset()
        have = _common(llm.input_ids[: llm.n_tokens], root)
        self._trim(have)
        if have < n:
            llm.eval(list(root[have:]))

    def _trim(self, n: int) -> None:
        self.llm._ctx.kv_cache_seq_rm(-1, n, -1)
        self.llm.n_tokens = n

    def _state(self, root: tuple[int, ...], text: str, tokens: tuple[int, ...], prepared: bool) -> bytes:
        path = self._path(root, text)
        if prepared:
            prefix.pin(path)
        blob = _load(path, tokens)
        if blob is None:
            n = len(root)
            self.llm.eval(list(tokens))
            blob = self._capture(n, n + len(tokens))
            self._trim(n)
            prefix.write(path, self.budget, prepared, tokens=np.array(tokens, dtype=np.int32),
                         kv=np.frombuffer(blob, dtype=np.uint8))
        return blob

    def _path(self, root: tuple[int, ...], text: str) -> Path:
        key = json.dumps([self.key, hashlib.sha256(np.array(root, dtype=np.int32).tobytes()).hexdigest(), text])
        return self.folder / f"seg-{hashlib.sha256(key.encode()).hexdigest()[:24]}.npz"

    def _capture(self, p0: int, p1: int) -> bytes:
        ll = self._ll
        ll.llama_memory_seq_cp(self._mem, 0, 1, p0, p1)
        try:
            size = ll.llama_state_seq_get_size(self._ctx, 1)
            buf = (ctypes.c_uint8 * size)()
            got = ll.llama_state_seq_get_data(self._ctx, buf, size, 1)
            return bytes(buf)[:got]
        finally:
            ll.llama_memory_seq_rm(self._mem, 1, -1, -1)

    def _place(self, blob: bytes, delta: int, skip: tuple[int, int] = (0, 0)) -> None:
        """Put a saved state's cells in the prompt's sequence, `delta` positions later, leaving out those
        at positions `skip` (from, to) as saved (evaluated in place instead)."""
        ll = self._ll
        buf = (ctypes.c_uint8 * len(blob)).from_buffer_copy(blob)
        try:
            if not ll.llama_state_seq_set_data(self._ctx, buf, len(blob), 1):
                raise RuntimeError("llama.cpp could not restore a passage state (no room in the context?)")
            if skip[1] > skip[0]:
                ll.llama_memory_seq_rm(self._mem, 1, skip[0], skip[1])
            if delta:
                ll.llama_memory_seq_add(self._mem, 1, -1, -1, delta)
            ll.llama_memory_seq_cp(self._mem, 1, 0, -1, -1)
        finally:
            ll.llama_memory_seq_rm(self._mem, 1, -1, -1)


def redone(n: int, tokens: int, share: float) -> int:
    """How many last tokens of a later stitched passage of `n` tokens are evaluated again in place:
    `tokens`, or the `share` of them (rounded up), whichever is more; at most all `n`."""
    return min(n, max(tokens, math.ceil(share * n)))


def _common(ids: np.ndarray, root: tuple[int, ...]) -> int:
    """How many first tokens `ids` and `root` share."""
    m = min(len(ids), len(root))
    same = np.asarray(ids[:m]) == np.asarray(root[:m], dtype=np.asarray(ids).dtype)
    return m if same.all() else int(np.argmin(same))


def _load(path: Path, tokens: tuple[int, ...]) -> bytes | None:
    """The saved state of a segment with `tokens`, or None (an unreadable or mismatched file removed)."""
    def kv(z: Any) -> bytes:
        if tuple(z["tokens"].tolist()) != tokens:
            raise ValueError("another segment's tokens")
        return z["kv"].tobytes()

    return prefix.read(path, kv)
