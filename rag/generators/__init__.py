"""Generators: chat messages -> streamed text pieces. One module per backend, loaded lazily, once.

- `llama-cpp` (`llama.py`): llama-cpp-python on the verified GGUF of the chosen profile (default);
- `transformers` (`hf.py`): the same GGUF (dequantised) or a local model directory;
- `openai` (`remote.py`): an OpenAI-compatible server (llama.cpp's, vLLM, Ollama) over HTTP.

Greedy decoding with a fixed seed: the same question gives the same answer. Every backend fills
`usage` (what the last generation cost) and `trace` (what decoding saw: how likely a refusal was
at the first step, and each generated token's log-probability), which the answerability decision
reads.
"""
from __future__ import annotations

from ..settings import Settings
from .base import Generator, Messages, Probe, Trace, Usage, spellings

__all__ = ["Generator", "Messages", "Probe", "Trace", "Usage", "make_generator", "spellings"]


def make_generator(settings: Settings) -> Generator:
    if settings.generator_backend == "llama-cpp":
        from .llama import LlamaCpp

        return LlamaCpp(settings)
    if settings.generator_backend == "openai":
        from .remote import OpenAIServer

        return OpenAIServer(settings)
    from .hf import Transformers

    return Transformers(settings)
