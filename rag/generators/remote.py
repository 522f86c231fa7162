"""The `openai` backend: any server that speaks the OpenAI chat-completions API (llama.cpp's
server, vLLM, Ollama), streamed over HTTP with the `openai` client.

The backend only turns messages into streamed text: the prompt, reply checks, citations and the
answerability decision are the bot's, as with the local backends. The refusal sentinel's first
token is banned with `logit_bias` where the server can say its token ids (llama.cpp's
`/extras/tokenize`, vLLM's `/tokenize`); its probability is not read (servers do not return
first-step probabilities for every token), so the decision weighs that signal as unknown.
Prefix caching is the server's (llama.cpp: `cache_prompt`, on by default; vLLM:
`--enable-prefix-caching`). The API key is read from the environment variable the
`generator_key_env` setting names, never from a file, and never logged.
"""
from __future__ import annotations

import os
import threading
import time
from typing import Iterator

from ..errors import ModelError
from ..settings import Settings
from .base import Messages, Trace, Usage, spellings


class OpenAIServer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = f"openai/{settings.generator_name or 'default'}@{settings.generator_url}"
        self.usage: Usage | None = None
        self.trace: Trace | None = None
        self._client = None
        self._model = settings.generator_name
        self._banned: dict[str, dict[str, float]] = {}  # sentinel -> logit_bias
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Make the client and ask the server which model it serves (a clear error when it is down)."""
        if self._client is not None:
            return
        s = self.settings
        if not s.generator_url:
            raise ModelError("the openai generator needs the server's address: --generator-url http://HOST:PORT/v1")
        try:
            import httpx
            from openai import OpenAI
        except ImportError as exc:
            raise ModelError("the openai generator needs the openai client: pip install openai==3.57.0") from exc
        key = os.environ.get(s.generator_key_env, "") or "not-needed"
        client = OpenAI(base_url=s.generator_url, api_key=key, max_retries=s.generator_retries,
                        timeout=httpx.Timeout(s.generator_timeout, connect=s.generator_connect_timeout))
        served = self._served(client)
        if self._model and self._model not in served:
            raise ModelError(f"the generator server at {s.generator_url} does not serve the model {self._model!r} "
                             f"(it serves: {', '.join(served) or 'none'}); set --generator-name")
        self._model = self._model or served[0]
        self.name = f"openai/{self._model}@{s.generator_url}"
        self._client = client

    def _served(self, client) -> list[str]:  # noqa: ANN001 - an openai.OpenAI
        try:
            return [m.id for m in client.models.list().data]
        except Exception as exc:  # noqa: BLE001 - every failure becomes one clear message
            raise self._error(exc) from exc

    def _error(self, exc: Exception) -> ModelError:
        """A message a person can act on, for any failure of the server or the connection."""
        import openai

        s, url = self.settings, self.settings.generator_url
        if isinstance(exc, openai.APITimeoutError):
            return ModelError(f"the generator server at {url} did not answer within {s.generator_timeout:g} s")
        if isinstance(exc, openai.APIConnectionError):
            return ModelError(f"cannot reach the generator server at {url}: is it running? ({exc.__cause__ or exc})")
        if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
            return ModelError(f"the generator server at {url} refused the API key: set {s.generator_key_env}")
        if isinstance(exc, openai.NotFoundError):
            return ModelError(f"the generator server at {url} does not serve the model {self._model!r}")
        if isinstance(exc, openai.APIStatusError):
            return ModelError(f"the generator server at {url} failed with HTTP {exc.status_code}: {exc.message}")
        return ModelError(f"the generator server at {url} stopped the answer halfway ({type(exc).__name__}: {exc})")

    def judge(self, messages: list[dict[str, str]], yes: list[str], no: list[str]) -> None:
        """Not read by this backend: the check's signal is left unmeasured (weighs as its dev mean)."""
        return None

    def reset(self) -> None:
        """Nothing is cached here: prompt caching is the server's."""

    def prime(self, prefixes: list[Messages], segments: tuple[str, ...] = (),
              prepared: bool = False) -> None:
        """Nothing to prime: the server keeps its own prompt cache."""

    def _bias(self, refusal: str) -> dict[str, float]:
        """logit_bias banning the sentinel's first tokens, when the server can tokenize; else {}."""
        if not refusal:
            return {}
        if refusal not in self._banned:
            ids: set[int] = set()
            for word in spellings(refusal):
                tokens = self._tokenize(word)
                if tokens:
                    ids.add(tokens[0])
            self._banned[refusal] = {str(i): -100.0 for i in sorted(ids)}
        return self._banned[refusal]

    def _tokenize(self, text: str) -> list[int]:
        import httpx

        base = self.settings.generator_url.rstrip("/").removesuffix("/v1")
        for path, body in (("/extras/tokenize", {"input": text}), ("/tokenize", {"model": self._model, "prompt": text})):
            try:
                r = httpx.post(base + path, json=body, timeout=self.settings.generator_connect_timeout)
                if r.status_code == 200:
                    data = r.json()
                    return list(data.get("tokens") or [])
            except Exception:  # noqa: BLE001 - a server without the endpoint: no ban
                continue
        return []

    def stream(self, messages: Messages, max_tokens: int, refusal: str = "",
               segments: tuple[str, ...] = ()) -> Iterator[str]:
        self.warm_up()
        s = self.settings
        start, first, count, finished = time.perf_counter(), None, 0, None
        with self._lock:
            bias = self._bias(refusal)
        try:
            chunks = self._client.chat.completions.create(
                model=self._model, messages=messages, max_tokens=max_tokens, temperature=s.temperature, top_p=1.0,
                seed=s.seed, stream=True, **({"logit_bias": bias} if bias else {}))
            for chunk in chunks:
                piece = chunk.choices[0].delta.content if chunk.choices else None
                finished = (chunk.choices[0].finish_reason if chunk.choices else None) or finished
                if piece:
                    first = first or time.perf_counter()
                    count += 1
                    yield piece
            if finished is None:  # [DONE] without a finish reason: cut off, not finished
                raise ModelError(f"the generator server at {s.generator_url} ended the answer before it was finished "
                                 "(llama-cpp-python's server does so when another request arrives, unless it was "
                                 "started with --interrupt_requests False)")
        except ModelError:
            raise
        except Exception as exc:  # noqa: BLE001 - the server's failures, as one clear message
            raise self._error(exc) from exc
        finally:
            end = time.perf_counter()
            self.usage = Usage(0, 0, count, (first or end) - start, end - (first or end))
            self.trace = Trace(None, ())
