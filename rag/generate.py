"""Generators: chat messages -> streamed text pieces. Loaded lazily, once.

- `llama-cpp`: llama-cpp-python on the verified GGUF of the chosen profile (default);
- `transformers`: the same GGUF (dequantised) or a local model directory via transformers.
Greedy decoding with a fixed seed: the same question gives the same answer.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator, Protocol

from .errors import ModelError
from .settings import Settings
from .weights import PROFILES, ensure

PROMPT_CACHE_BYTES = 512 << 20


class Generator(Protocol):
    name: str

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]: ...
    def reset(self) -> None: ...


class LlamaCpp:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = f"llama-cpp/{PROFILES[settings.generator_profile].filename}"
        self._llm = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        if self._llm is not None:
            return
        s = self.settings
        path = Path(s.generator_model).expanduser() if s.generator_model else \
            ensure(s.generator_profile, s.path(s.cache_dir))
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise ModelError("the llama-cpp generator needs llama-cpp-python: "
                             "CMAKE_ARGS=-DGGML_NATIVE=OFF pip install llama-cpp-python==0.3.36") from exc
        self._llm = Llama(model_path=str(path), n_ctx=s.n_ctx, n_threads=s.threads,
                          n_threads_batch=s.threads, seed=s.seed, verbose=False)
        self._new_cache()

    def _new_cache(self) -> None:
        """Keep the evaluated instructions of each language, so that only the passages and the
        question are processed per answer."""
        from llama_cpp import LlamaRAMCache

        self._llm.set_cache(LlamaRAMCache(capacity_bytes=PROMPT_CACHE_BYTES))

    def reset(self) -> None:
        """Forget cached prompt states (for fair timings when the same questions are asked again)."""
        if self._llm is not None:
            with self._lock:
                self._new_cache()
                self._llm.reset()

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]:
        self.warm_up()
        with self._lock:  # one llama context: requests take turns
            chunks = self._llm.create_chat_completion(
                messages=messages, max_tokens=max_tokens, temperature=self.settings.temperature,
                top_k=1, seed=self.settings.seed, stream=True)
            for chunk in chunks:
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    yield piece


class Transformers:
    """transformers backend: a local model directory, or the profile's GGUF (needs gguf, accelerate)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = f"transformers/{settings.generator_model or PROFILES[settings.generator_profile].filename}"
        self._model = None
        self._tok = None
        self._lock = threading.Lock()

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

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]:
        self.warm_up()
        import torch
        from transformers import TextIteratorStreamer

        ids = self._tok.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                            return_dict=True)
        streamer = TextIteratorStreamer(self._tok, skip_prompt=True, skip_special_tokens=True)
        with self._lock:
            worker = threading.Thread(target=lambda: self._generate(torch, ids, streamer, max_tokens))
            worker.start()
            yield from (piece for piece in streamer if piece)
            worker.join()

    def _generate(self, torch, ids, streamer, max_tokens: int) -> None:  # noqa: ANN001
        torch.manual_seed(self.settings.seed)
        with torch.inference_mode():
            self._model.generate(**ids, max_new_tokens=max_tokens, do_sample=False, streamer=streamer,
                                 pad_token_id=self._tok.eos_token_id)


def make_generator(settings: Settings) -> Generator:
    return LlamaCpp(settings) if settings.generator_backend == "llama-cpp" else Transformers(settings)
