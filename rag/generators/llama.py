"""Generators: chat messages -> streamed text pieces. Loaded lazily, once.

- `llama-cpp`: llama-cpp-python on the verified GGUF of the chosen profile (default);
- `transformers`: the same GGUF (dequantised) or a local model directory via transformers.
Greedy decoding with a fixed seed: the same question gives the same answer.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

from . import prefix
from .errors import ModelError
from .settings import Settings
from .weights import PROFILES, ensure

PROMPT_CACHE_STATES = 6  # recent prompt states kept: both languages' instructions, recent first passages


@dataclass(frozen=True)
class Usage:
    """What the last generation cost: prompt tokens evaluated (the rest of the prompt came from
    the prefix cache) and generated, with the seconds each took."""

    prompt_tokens: int
    evaluated_tokens: int
    generated_tokens: int
    prompt_seconds: float
    generate_seconds: float


class Generator(Protocol):
    name: str
    usage: Usage | None

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]: ...
    def reset(self) -> None: ...
    def prime(self, prefixes: list[list[dict[str, str]]]) -> None: ...


class LlamaCpp:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = f"llama-cpp/{PROFILES[settings.generator_profile].filename}"
        self._llm = None
        self._lock = threading.Lock()
        self.usage: Usage | None = None
        self._primed: dict[str, tuple[int, ...]] = {}  # prefix (as JSON) -> its tokens, the prompt cache's key

    def warm_up(self) -> None:
        if self._llm is not None:
            return
        s = self.settings
        path = Path(s.generator_model).expanduser() if s.generator_model else \
            ensure(s.generator_profile, s.path(s.cache_dir))
        try:
            Llama = _llama_class()
        except ImportError as exc:
            raise ModelError("the llama-cpp generator needs llama-cpp-python: "
                             "CMAKE_ARGS=-DGGML_NATIVE=OFF pip install llama-cpp-python==0.3.36") from exc
        self._llm = Llama(model_path=str(path), n_ctx=s.n_ctx, n_threads=s.threads,
                          n_threads_batch=s.threads, seed=s.seed, verbose=False)
        self._new_cache()

    def _new_cache(self) -> None:
        """Keep recent evaluated prompt openings (instructions, instructions + best passage), so that
        only the rest of each prompt is processed per answer."""
        self._llm.set_cache(_prefix_cache())

    def reset(self) -> None:
        """Forget cached prompt states (for fair timings when the same questions are asked again);
        the saved states on disk are loaded again by the next `prime`."""
        if self._llm is not None:
            with self._lock:
                self._new_cache()
                self._llm.reset()
                self._primed.clear()

    def prime(self, prefixes: list[list[dict[str, str]]]) -> None:
        """Put the state after each of `prefixes` (the instructions, the first passage) in the prompt
        cache: loaded from `<cache_dir>/states/` when saved before, else evaluated once and saved there
        (the folder is kept within `state_cache_mb`, least recently used states removed first)."""
        self.warm_up()
        s = self.settings
        model = Path(self._llm.model_path)
        for messages in prefixes:
            key = json.dumps(messages)
            with self._lock:
                if self._primed.get(key) in self._llm.cache.cache_state:
                    continue
                path = prefix.state_path(s.path(s.cache_dir) / "states", model, messages, s.n_ctx)
                state = prefix.load(path)
                if state is None:
                    self._llm.create_chat_completion(messages=messages, max_tokens=1, temperature=0.0, top_k=1)
                    state = self._llm.save_state()
                    prefix.save(path, state, s.state_cache_mb << 20)
                tokens = tuple(state.input_ids[: state.n_tokens].tolist())
                self._llm.cache[tokens] = state
                kept = self._llm.cache.cache_state
                self._primed = {k: v for k, v in self._primed.items() if v in kept} | {key: tokens}

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]:
        self.warm_up()
        import llama_cpp

        with self._lock:  # one llama context: requests take turns
            ctx = self._llm._ctx.ctx
            llama_cpp.llama_perf_context_reset(ctx)
            chunks = self._llm.create_chat_completion(
                messages=messages, max_tokens=max_tokens, temperature=self.settings.temperature,
                top_k=1, seed=self.settings.seed, stream=True)
            try:
                for chunk in chunks:
                    piece = chunk["choices"][0]["delta"].get("content")
                    if piece:
                        yield piece
            finally:
                perf = llama_cpp.llama_perf_context(ctx)
                self.usage = Usage(self._llm.n_tokens - perf.n_eval, perf.n_p_eval, perf.n_eval,
                                   perf.t_p_eval_ms / 1000, perf.t_eval_ms / 1000)


def _prefix_cache():  # noqa: ANN202 - a llama_cpp.LlamaRAMCache
    """llama-cpp-python's RAM cache of prompt states, bounded by count (its byte capacity counts
    only the KV state, ~20 MB for a 600-token prompt)."""
    from llama_cpp import LlamaRAMCache

    class PrefixCache(LlamaRAMCache):
        def __setitem__(self, key, value) -> None:  # noqa: ANN001
            super().__setitem__(key, value)
            while len(self.cache_state) > PROMPT_CACHE_STATES:
                self.cache_state.popitem(last=False)

    return PrefixCache(capacity_bytes=1 << 40)


def _llama_class():  # noqa: ANN202 - a subclass of llama_cpp.Llama
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


class Transformers:
    """transformers backend: a local model directory, or the profile's GGUF (needs gguf, accelerate)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = f"transformers/{settings.generator_model or PROFILES[settings.generator_profile].filename}"
        self._model = None
        self._tok = None
        self._lock = threading.Lock()
        self.usage: Usage | None = None

    def warm_up(self) -> None:
        if self._model is not None:
            return
        s = self.settings
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:
            raise ModelError("the transformers generator needs torch and transformers installed") from exc
        torch.set_num_threads(s.threads)
        if s.generator_model and Path(s.generator_model).expanduser().is_dir():
            where, kw = str(Path(s.generator_model).expanduser()), {}
        else:
            gguf = Path(s.generator_model).expanduser() if s.generator_model else \
                ensure(s.generator_profile, s.path(s.cache_dir))
            where, kw = str(gguf.parent), {"gguf_file": gguf.name}
        try:
            self._tok = AutoTokenizer.from_pretrained(where, local_files_only=True, **kw)
            self._model = AutoModelForCausalLM.from_pretrained(where, local_files_only=True, **kw).eval()
        except ImportError as exc:
            raise ModelError(f"loading a GGUF with transformers needs: pip install -e '.[hf]' ({exc})") from exc

    def reset(self) -> None:
        """Nothing is cached between prompts in this backend."""

    def prime(self, prefixes: list[list[dict[str, str]]]) -> None:
        """Nothing to prime: this backend evaluates every prompt whole."""

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]:
        self.warm_up()
        import torch
        from transformers import TextIteratorStreamer

        ids = self._tok.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                            return_dict=True)
        streamer = TextIteratorStreamer(self._tok, skip_prompt=True, skip_special_tokens=True)
        with self._lock:
            start, first, count = time.perf_counter(), None, 0
            worker = threading.Thread(target=lambda: self._generate(torch, ids, streamer, max_tokens))
            worker.start()
            for piece in streamer:
                first = first or time.perf_counter()
                count += 1
                if piece:
                    yield piece
            worker.join()
            end = time.perf_counter()
            n = int(ids["input_ids"].shape[1])
            self.usage = Usage(n, n, count, (first or end) - start, end - (first or end))

    def _generate(self, torch, ids, streamer, max_tokens: int) -> None:  # noqa: ANN001
        torch.manual_seed(self.settings.seed)
        with torch.inference_mode():
            self._model.generate(**ids, max_new_tokens=max_tokens, do_sample=False, streamer=streamer,
                                 pad_token_id=self._tok.eos_token_id)


def make_generator(settings: Settings) -> Generator:
    return LlamaCpp(settings) if settings.generator_backend == "llama-cpp" else Transformers(settings)
