"""The transformers backend: a local model directory, or the profile's GGUF (dequantised; needs
the `gguf` and `accelerate` packages). A fallback and a peer to measure llama.cpp against."""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Iterator

from ..errors import ModelError
from ..settings import Settings
from .weights import PROFILES, ensure
from .base import Probe, Trace, Usage, spellings


class Transformers:
    """transformers backend: a local model directory, or the profile's GGUF (needs gguf, accelerate)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = f"transformers/{settings.generator_model or PROFILES[settings.generator_profile].filename}"
        self._model = None
        self._tok = None
        self._lock = threading.Lock()
        self.usage: Usage | None = None
        self.trace: Trace | None = None

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
                ensure(s.generator_profile, s.folder("models"))
            where, kw = str(gguf.parent), {"gguf_file": gguf.name}
        try:
            self._tok = AutoTokenizer.from_pretrained(where, local_files_only=True, **kw)
            self._model = AutoModelForCausalLM.from_pretrained(where, local_files_only=True, **kw).eval()
        except ImportError as exc:
            raise ModelError(f"loading a GGUF with transformers needs: pip install -e '.[hf]' ({exc})") from exc

    def judge(self, messages: list[dict[str, str]], yes: list[str], no: list[str]) -> None:
        """Not read by this backend: the check's signal is left unmeasured (weighs as its dev mean)."""
        return None

    def reset(self) -> None:
        """Nothing is cached between prompts in this backend."""

    def prime(self, prefixes: list[list[dict[str, str]]], segments: tuple[str, ...] = (),
              prepared: bool = False) -> None:
        """Nothing to prime: this backend evaluates every prompt whole."""

    def stream(self, messages: list[dict[str, str]], max_tokens: int, refusal: str = "",
               segments: tuple[str, ...] = ()) -> Iterator[str]:
        self.warm_up()
        import torch
        from transformers import TextIteratorStreamer

        ids = self._tok.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                            return_dict=True)
        streamer = TextIteratorStreamer(self._tok, skip_prompt=True, skip_special_tokens=True)
        ids_of = lambda words: sorted({self._tok.encode(w, add_special_tokens=False)[0] for w in words})  # noqa: E731
        probe = Probe(ids_of(spellings(refusal)))
        with self._lock:
            start, first, count = time.perf_counter(), None, 0
            worker = threading.Thread(target=lambda: self._generate(torch, ids, streamer, max_tokens, probe))
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
            self.trace = probe.trace()

    def _generate(self, torch, ids, streamer, max_tokens: int, probe: Probe) -> None:  # noqa: ANN001
        from transformers import LogitsProcessorList

        def process(_ids, scores):  # noqa: ANN001, ANN202 - torch tensors, one row (batch of 1)
            return torch.from_numpy(probe(scores[0].float().numpy())).to(scores.dtype)[None]

        torch.manual_seed(self.settings.seed)
        with torch.inference_mode():
            self._model.generate(**ids, max_new_tokens=max_tokens, do_sample=False, streamer=streamer,
                                 pad_token_id=self._tok.eos_token_id,
                                 logits_processor=LogitsProcessorList([process]))
