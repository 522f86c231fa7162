"""A streamed chat completion as server-sent events, each part as soon as it exists:

1. the role chunk, at once;
2. `: keep-alive` comment lines while the bot works (every `keep_alive` seconds; clients skip them);
3. once retrieval is done, one chunk per retrieved paragraph, an empty delta carrying it as an
   Open WebUI `source` event (`event`) and as ours (`source`, with its `marker`);
4. the decided answer, its markers counting those sources (rag.serve.sources), with its cited sources
   as text (not to Open WebUI, which lists the events of 3: sources.as_text), only once it is decided:
   it is never shown and then taken back;
5. the finish chunk (`citations`, `answered`, `confidence`, and `usage`, or usage in a chunk of its own
   after it when `stream_options.include_usage` asks), then `[DONE]`.

A failure after the first chunk (the generator down) comes as an OpenAI-style `{"error": ...}` event;
the openai client raises it as an APIError.
"""
from __future__ import annotations

import asyncio
import json
import threading
import uuid
from typing import AsyncIterator, Callable

from ..stream import Stream
from ..types import Answer, Citation
from . import openai, sources

KEEP_ALIVE = ": keep-alive\n\n"


async def events(stream: Stream, model: str, keep_alive: float, usage_apart: bool,
                 failed: Callable[[Exception], dict], done: Callable[[Answer | None, str], None],
                 text: bool = True) -> AsyncIterator[str]:
    """The events of `stream` (see the module); `failed(exc)` makes an error body, `done(answer, outcome)`
    is told how it ended ("answered", "refused", "failed", "gone": the client left); `text`: the cited
    sources as text under the answer too (sources.as_text)."""
    cid = f"chatcmpl-{uuid.uuid4().hex}"
    yield openai.chunk(cid, model, {"role": "assistant", "content": ""})
    loop, queue = asyncio.get_running_loop(), asyncio.Queue()
    gone = threading.Event()

    def put(kind: str, value: object) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, (kind, value))

    def work() -> None:  # in a thread: the bot's steps block
        try:
            shown = False
            for _ in stream:
                if gone.is_set():
                    return
                if stream.candidates and not shown:
                    shown = True
                    put("sources", list(stream.candidates))
            put("answer", stream.answer)
        except Exception as exc:  # noqa: BLE001 - reported to the client as an error event
            put("error", exc)

    threading.Thread(target=work, name="rag-serve-answer", daemon=True).start()
    outcome, answer, sent = "gone", None, []
    try:
        while True:
            try:
                kind, value = await asyncio.wait_for(queue.get(), keep_alive)
            except asyncio.TimeoutError:
                yield KEEP_ALIVE
                continue
            if kind == "sources":
                for c in value:
                    yield source(cid, model, c, len(sent) + 1)
                    sent.append(c)
            elif kind == "error":
                outcome = "failed"
                yield f"data: {json.dumps(failed(value), ensure_ascii=False)}\n\n"
                return
            else:
                answer = value
                outcome = "answered" if answer.answered else "refused"
                listed = sources.listed(sent, answer)
                for n, c in enumerate(listed[len(sent):], len(sent) + 1):  # none as the bot answers: it cites what it read
                    yield source(cid, model, c, n)
                yield openai.chunk(cid, model, {"content": sources.content(answer, listed, text)})
                usage = {"usage": openai.usage(answer)}
                yield openai.chunk(cid, model, {}, "stop", **openai.extras(answer, listed), **({} if usage_apart else usage))
                if usage_apart:
                    yield openai.chunk(cid, model, None, **usage)
                yield "data: [DONE]\n\n"
                return
    finally:
        gone.set()
        done(answer, outcome)


def source(cid: str, model: str, c: Citation, marker: int) -> str:
    """A paragraph as the `marker`-th source: Open WebUI's `source` event and ours."""
    return openai.chunk(cid, model, {}, event=sources.event(c), source={**c.__dict__, "marker": marker})
