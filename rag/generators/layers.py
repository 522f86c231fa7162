"""Reading a middle layer of the llama.cpp generator: the output of chosen transformer blocks
(llama.cpp names them `l_out-N`) at the last token of an evaluation, through the context's eval
callback (llama.cpp calls it for each node of the graph; it is set when the context is made).

The callback costs a Python call per graph node while it is set, armed or not (about 700 nodes per
token for the 1.5B): unarmed, it added nothing measurable to a 64-token answer (2.84 / 2.73 s with it,
2.86 / 2.76 s without; docs/experiments.md, 2026-12-05). `bench.probe` measures the reading itself (both
of its arms have the callback). Only the last token's row of each chosen layer is copied, and only while
armed (the one token evaluated again where a draft ends).
"""
from __future__ import annotations

import ctypes
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np

GGML_TYPE_F32 = 0


class LayerTap:
    """The eval callback and what it caught while armed: block number -> the last token's row."""

    def __init__(self) -> None:
        import llama_cpp

        self.width = 0
        self.caught: dict[int, np.ndarray] = {}
        self._armed = False
        self._names: dict[bytes, int] = {}
        ggml = ctypes.CDLL(str(Path(llama_cpp.__file__).parent / "lib" / "libggml-base.so"))
        ggml.ggml_get_name.restype, ggml.ggml_get_name.argtypes = ctypes.c_char_p, [ctypes.c_void_p]
        ggml.ggml_nelements.restype, ggml.ggml_nelements.argtypes = ctypes.c_int64, [ctypes.c_void_p]
        ggml.ggml_backend_tensor_get.restype = None
        ggml.ggml_backend_tensor_get.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t]
        self._ggml = ggml
        self.callback = llama_cpp.ggml_backend_sched_eval_callback(self._call)  # kept: C holds a pointer to it

    def _call(self, tensor: int, ask: bool, _data: int) -> bool:
        if not self._armed:
            return False
        layer = self._names.get(self._ggml.ggml_get_name(tensor))
        if ask:
            return layer is not None
        if layer is not None and ctypes.c_int32.from_address(tensor).value == GGML_TYPE_F32:
            n = self._ggml.ggml_nelements(tensor)
            row = np.empty(self.width, dtype=np.float32)
            self._ggml.ggml_backend_tensor_get(tensor, row.ctypes.data, (n - self.width) * 4, self.width * 4)
            self.caught[layer] = row
        return True  # False would stop the evaluation

    def arm(self, layers: tuple[int, ...], width: int) -> None:
        """Catch, from now, the last token's row (`width` floats) of each of `layers` (block numbers; -1
        the last layer, normed: `result_norm`) in what is evaluated (the last evaluation's rows win)."""
        self.caught, self.width = {}, width
        self._names = {(b"result_norm" if n < 0 else f"l_out-{n}".encode()): n for n in layers}
        self._armed = bool(layers)

    def take(self, layers: tuple[int, ...]) -> np.ndarray | None:
        """Stop catching; the rows of `layers` caught, one after another (None when one was not)."""
        self._armed = False
        rows = [self.caught.get(n) for n in layers]
        return None if not rows or any(r is None for r in rows) else np.concatenate(rows)

    @contextmanager
    def armed(self, layers: tuple[int, ...], width: int) -> Iterator[None]:
        """Catch the last token's row of each of `layers` in what is evaluated within the block."""
        self.arm(layers, width)
        try:
            yield
        finally:
            self._armed = False


@contextmanager
def tapped(tap: LayerTap | None) -> Iterator[None]:
    """llama_cpp.Llama made inside this block gets `tap`'s callback in its context (the library sets
    no callback of its own, and takes the context's parameters from its default function)."""
    if tap is None:
        yield
        return
    import llama_cpp.llama_cpp as low

    default = low.llama_context_default_params

    def with_tap():  # noqa: ANN202
        params = default()
        params.cb_eval = tap.callback
        params.cb_eval_user_data = None
        return params

    low.llama_context_default_params = with_tap
    try:
        yield
    finally:
        low.llama_context_default_params = default
