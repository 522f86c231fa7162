"""Reading the llama.cpp generator without sampling: the state at the last evaluated token (the last
layer through the embeddings output, middle blocks through `LayerTap`), P(yes) at a reply's first step,
and the first token of each spelling. Functions over a live `llama_cpp.Llama`; the caller holds its lock.
"""
from __future__ import annotations

import numpy as np

from .base import Messages
from .layers import LayerTap


def last_state(llm, tap: LayerTap, layers: tuple[int, ...] = (-1,)) -> np.ndarray | None:  # noqa: ANN001
    """The state at the last evaluated token: that token evaluated again alone with embeddings on
    (on for the whole prompt, every token's logits would be computed), the rows of `layers` (block
    numbers; -1 the last layer, normed) one after another. None when one was not read."""
    import llama_cpp

    ctx = llm._ctx.ctx
    if llm.n_tokens < 1:
        return None
    last = int(llm.input_ids[llm.n_tokens - 1])
    llm._ctx.kv_cache_seq_rm(-1, llm.n_tokens - 1, -1)
    llm.n_tokens -= 1
    n = llama_cpp.llama_model_n_embd(llm.model)
    blocks = tuple(b for b in layers if b >= 0)
    llama_cpp.llama_set_embeddings(ctx, True)
    try:
        with tap.armed(blocks, n):
            llm.eval([last])
        out = llama_cpp.llama_get_embeddings_ith(ctx, -1)
        final = np.ctypeslib.as_array(out, shape=(n,)).copy() if out else None
    finally:
        llama_cpp.llama_set_embeddings(ctx, False)
    rows = [final if b < 0 else tap.caught.get(b) for b in layers]
    return None if any(r is None for r in rows) else np.concatenate(rows)


def yes_share(llm, messages: Messages, yes_ids: list[int], no_ids: list[int]) -> float | None:  # noqa: ANN001
    """P(yes) / (P(yes) + P(no)) at the first step of the reply to `messages`, from the logits (the
    tokens `yes_ids` against `no_ids`), without sampling; the live context's matching start is reused.
    None when neither has any probability."""
    import llama_cpp

    seen: list[tuple[float, float]] = []

    def read(_ids, logits):  # noqa: ANN001, ANN202
        if not seen:
            z = logits.astype(np.float64)
            p = np.exp(z - z.max())
            seen.append((float(p[yes_ids].sum()), float(p[no_ids].sum())))
        return logits

    llm.create_chat_completion(messages=messages, max_tokens=1, temperature=0.0, top_k=1,
                               logits_processor=llama_cpp.LogitsProcessorList([read]))
    p_yes, p_no = seen[0] if seen else (0.0, 0.0)
    return p_yes / (p_yes + p_no) if p_yes + p_no > 0 else None


def first_ids(llm, spellings: list[str]) -> list[int]:  # noqa: ANN001
    """The first token of each spelling (the token a reply starting with it begins with)."""
    return sorted({llm.tokenize(w.encode(), add_bos=False, special=False)[0] for w in spellings})
