"""The llama-cpp backend (default): llama-cpp-python on the verified GGUF of the chosen profile,
with a prompt cache of evaluated openings (see `rag.prefix`)."""
from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path
from typing import Iterator

import numpy as np

from . import prefix, readout, runtime, stitch
from .layers import LayerTap, tapped
from ..errors import ModelError
from ..settings import Settings
from .weights import PROFILES, ensure
from .base import Messages, Probe, Trace, Usage, spellings

PROMPT_CACHE_STATES = 6  # recent prompt states kept: both languages' instructions, recent first passages


class LlamaCpp:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = f"llama-cpp/{PROFILES[settings.generator_profile].filename}"
        self._llm = None
        self._lock = threading.Lock()
        self.usage: Usage | None = None
        self.trace: Trace | None = None
        self._primed: dict[str, tuple[int, ...]] = {}  # prefix (as JSON) -> its tokens, the prompt cache's key
        self.hidden: np.ndarray | None = None  # the last layer's state where the last check's reply begins
        self.hiddens: list[np.ndarray] = []      # those of the recent checks, oldest first (an eval clears it)
        self.answer_states = False  # read the state at the end of each answer (a probe or an eval wants it)
        self.answer_layers: tuple[int, ...] = (-1,)  # which: blocks' outputs, -1 the last (normed) layer
        self.prompt_states = False  # also read those layers where each answer's prompt ends (a probe or an eval)
        self._tap: LayerTap | None = None
        self._mine = threading.local()  # per asking thread: the state where its last answer ended
        self._stitcher: stitch.Stitcher | None = None
        self._formatter = None  # the chat template, as llama-cpp-python renders it
        self.openings: Counter[str] = Counter()  # where primed openings came from: memory, saved (disk), evaluated

    def warm_up(self) -> None:
        if self._llm is not None:
            return
        s = self.settings
        path = Path(s.generator_model).expanduser() if s.generator_model else \
            ensure(s.generator_profile, s.folder("models"))
        try:
            Llama = runtime.llama_class()
        except ImportError as exc:
            raise ModelError("the llama-cpp generator needs llama-cpp-python: "
                             "CMAKE_ARGS=-DGGML_NATIVE=OFF pip install llama-cpp-python==0.3.36") from exc
        self._tap = LayerTap()
        with tapped(self._tap), runtime.two_sequences():
            self._llm = Llama(model_path=str(path), n_ctx=s.n_ctx, n_threads=s.threads,
                              n_threads_batch=s.threads, seed=s.seed, verbose=False)
        self._new_cache()
        self._stitcher = stitch.Stitcher(self._llm, s.path(s.cache_dir) / "states",
                                         prefix.model_key(path, s.n_ctx), s.state_cache_mb << 20,
                                         (s.stitch_recompute, s.stitch_recompute_share, s.stitch_recompute_head))

    def _new_cache(self) -> None:
        """Keep recent evaluated prompt openings (instructions, instructions + best passage), so that
        only the rest of each prompt is processed per answer."""
        self._llm.set_cache(runtime.prefix_cache(PROMPT_CACHE_STATES))

    def reset(self) -> None:
        """Forget cached prompt states (for fair timings when the same questions are asked again);
        the saved states on disk are loaded again by the next `prime`."""
        if self._llm is not None:
            with self._lock:
                self._new_cache()
                self._llm.reset()
                self._primed.clear()

    def prime(self, prefixes: list[Messages], segments: tuple[str, ...] = (), prepared: bool = False) -> None:
        """Put the state after each of `prefixes` (the instructions, the first passage) in the prompt
        cache: loaded from `<cache_dir>/states/` when saved before, else evaluated once and saved there
        (the folder is kept within `state_cache_mb`, least recently used states removed first). With
        `segments`, each prefix is a whole prompt holding them, and their states are saved instead
        (see `stream`). `prepared`: saved ahead (`rag prepare`), kept apart from what answering saves."""
        self.warm_up()
        s = self.settings
        model = Path(self._llm.model_path)
        for messages in prefixes:
            if segments:
                with self._lock:
                    cut = stitch.split(self._llm, self._render(messages), segments)
                    if cut is not None:
                        self._stitcher.save(cut, prepared)
                continue
            key = json.dumps(messages)
            with self._lock:
                if self._primed.get(key) in self._llm.cache.cache_state:
                    self.openings["memory"] += 1
                    continue
                path = prefix.state_path(s.path(s.cache_dir) / "states", model, messages, s.n_ctx)
                if prepared:
                    prefix.pin(path)
                state = prefix.load(path)
                self.openings["saved" if state is not None else "evaluated"] += 1
                if state is None:
                    self._llm.create_chat_completion(messages=messages, max_tokens=1, temperature=0.0, top_k=1)
                    state = self._llm.save_state()
                    prefix.save(path, state, s.state_cache_mb << 20, prepared)
                tokens = tuple(state.input_ids[: state.n_tokens].tolist())
                self._llm.cache[tokens] = state
                kept = self._llm.cache.cache_state
                self._primed = {k: v for k, v in self._primed.items() if v in kept} | {key: tokens}

    def stream(self, messages: Messages, max_tokens: int, refusal: str = "",
               segments: tuple[str, ...] = ()) -> Iterator[str]:
        """See `Generator.stream`. With `segments` (texts of the prompt, one after another, whose states
        may be evaluated apart), the prompt's start is stitched from their saved states (`rag.stitch`)."""
        self.warm_up()
        import llama_cpp

        probe = Probe(self._first_ids(spellings(refusal)))
        prompt_end = self.prompt_states and bool(refusal)  # an answer's: read where its prompt ends

        def first_step(_ids, logits):  # noqa: ANN001, ANN202 - before a generated token is evaluated
            if prompt_end and not probe.logprobs:
                self._mine.prompt_state = self._tap.take(self.answer_layers)
                self._keep(self._mine.prompt_state)
            return probe(logits)

        with self._lock:  # one llama context: requests take turns
            ctx = self._llm._ctx.ctx
            llama_cpp.llama_perf_context_reset(ctx)
            cut = stitch.split(self._llm, self._render(messages), segments) if segments else None
            if cut is not None:
                self._stitcher.build(cut)
            cache = self._llm.cache
            if cut is not None:  # a stitched prompt's state is not one to load again
                self._llm.cache = None
            chunks = self._llm.create_chat_completion(
                messages=messages, max_tokens=max_tokens, temperature=self.settings.temperature,
                top_k=1, seed=self.settings.seed, stream=True,
                logits_processor=llama_cpp.LogitsProcessorList([first_step]))
            if prompt_end:
                self._mine.prompt_state = None
                self._tap.arm(self.answer_layers, llama_cpp.llama_model_n_embd(self._llm.model))
            try:
                for chunk in chunks:
                    piece = chunk["choices"][0]["delta"].get("content")
                    if piece:
                        yield piece
            finally:
                self._llm.cache = cache
                perf = llama_cpp.llama_perf_context(ctx)
                self.usage = Usage(self._llm.n_tokens - perf.n_eval, perf.n_p_eval, perf.n_eval,
                                   perf.t_p_eval_ms / 1000, perf.t_eval_ms / 1000)
                self.trace = probe.trace()
                self._tap.take(())  # never left armed
                if self.answer_states and refusal:  # an answer (not a rewrite or a translation)
                    self._mine.answer_state = readout.last_state(self._llm, self._tap, self.answer_layers)
                    self._keep(self._mine.answer_state)

    @property
    def answer_state(self) -> np.ndarray | None:
        """The state where this thread's last answer ended (with `answer_states`; the `answer_layers`
        one after another): another request's answer, finished meanwhile on another thread, does not
        replace it."""
        return getattr(self._mine, "answer_state", None)

    @property
    def prompt_state(self) -> np.ndarray | None:
        """The state where this thread's last answer's prompt ended (with `prompt_states`), as `answer_state`."""
        return getattr(self._mine, "prompt_state", None)

    def judge(self, messages: Messages, yes: list[str], no: list[str], layers: tuple[int, ...] = (-1,)) -> float | None:
        """P(yes) / (P(yes) + P(no)) at the first step of the reply to `messages`, read from the logits
        without sampling (the first token of each spelling in `yes` and `no`). The live context's
        matching start is reused (a check appended to the conversation just generated evaluates only
        the check), and no prompt state is saved for it. The state there (`layers`, as `answer_layers`)
        is left in `hidden`."""
        self.warm_up()
        with self._lock:
            cache, self._llm.cache = self._llm.cache, None
            try:
                share = readout.yes_share(self._llm, messages, self._first_ids(yes), self._first_ids(no))
                self.hidden = readout.last_state(self._llm, self._tap, layers)
                self._keep(self.hidden)
            finally:
                self._llm.cache = cache
        return share

    def _keep(self, state: np.ndarray | None) -> None:
        if state is not None:  # in place: an eval holds this list
            self.hiddens.append(state)
            del self.hiddens[:-4]

    def _render(self, messages: Messages) -> str:
        """The prompt's text, as the model's chat template makes it; "" where it uses another chat format
        (nothing is stitched then)."""
        if self._formatter is None:
            self._formatter = runtime.formatter(self._llm) or False
        return self._formatter(messages=messages).prompt if self._formatter else ""

    def _first_ids(self, spellings_: list[str]) -> list[int]:
        return readout.first_ids(self._llm, spellings_)
