"""llama-cpp-python's objects as the llama backend builds them: a context with a second sequence (for
stitching), the prompt cache, a `Llama` whose saved states leave out the logits buffer, and the text of
a prompt as the model's chat template makes it."""
from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator


@contextlib.contextmanager
def two_sequences() -> Iterator[None]:
    """Contexts made meanwhile have a second sequence in one unified KV cache (where passage states are
    placed before they join the prompt's: `rag.stitch`); llama-cpp-python's Llama takes no such argument."""
    import llama_cpp.llama_cpp as low

    default = low.llama_context_default_params

    def params():  # noqa: ANN202
        p = default()
        p.n_seq_max, p.kv_unified = 2, True
        return p

    low.llama_context_default_params = params
    try:
        yield
    finally:
        low.llama_context_default_params = default


def prefix_cache(states: int):  # noqa: ANN202 - a llama_cpp.LlamaRAMCache
    """llama-cpp-python's RAM cache of prompt states, bounded to `states` (its byte capacity counts
    only the KV state, ~20 MB for a 600-token prompt)."""
    from llama_cpp import LlamaRAMCache

    class PrefixCache(LlamaRAMCache):
        def __setitem__(self, key, value) -> None:  # noqa: ANN001
            super().__setitem__(key, value)
            while len(self.cache_state) > states:
                self.cache_state.popitem(last=False)

    return PrefixCache(capacity_bytes=1 << 40)


def llama_class():  # noqa: ANN202 - a subclass of llama_cpp.Llama
    """llama_cpp.Llama whose saved prompt states leave out the logits buffer.

    Stock save_state copies the logits of every prompt token (up to n_batch x vocabulary floats,
    ~300 MB for Qwen2.5) into each cached state, and load_state writes the whole buffer back,
    which made it resident: peak memory went past 3.5 GB with the 1.5B. Greedy decoding samples
    from the context's own logits and never reads that buffer, so states carry one row of it.
    """
    import numpy as np
    from llama_cpp import Llama

    class Lean(Llama):
        def _small_scores(self, call):  # noqa: ANN001, ANN202
            full = self.scores
            self.scores = np.zeros((1, full.shape[1]), dtype=full.dtype)
            try:
                return call()
            finally:
                self.scores = full

        def save_state(self):  # noqa: ANN202
            return self._small_scores(super().save_state)

        def load_state(self, state) -> None:  # noqa: ANN001
            self._small_scores(lambda: super(Lean, self).load_state(state))

    return Lean


def formatter(llm: Any) -> Callable[..., Any] | None:
    """The chat template as create_chat_completion applies it (a Jinja2ChatFormatter: `(messages=...)
    .prompt` is the prompt's text), or None where the model uses another chat format."""
    if llm.chat_format != "chat_template.default" or llm.chat_handler is not None:
        return None
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    text = lambda t: llm._model.token_get_text(t) if t != -1 else ""  # noqa: E731
    return Jinja2ChatFormatter(template=llm.metadata["tokenizer.chat_template"], eos_token=text(llm.token_eos()),
                               bos_token=text(llm.token_bos()))
