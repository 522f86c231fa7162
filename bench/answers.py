"""Answer timings in a fresh process, as a user meets them: `python -m bench.answers SPEC.json`.

Prints one JSON object: cold start (process start to first answer), per-answer latency, time to
first streamed token, prompt/generated tokens and tokens/s through the bot, the same figures from
raw llama-cpp-python on the same GGUF and prompts (each question's last prompt to the generator,
compared with the bot's tokens/s on those same questions), accuracy on these questions, and peak RSS.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import psutil

from eval.running.run import median_p95

STARTED = psutil.Process().create_time()
RAW_PROMPTS = 8  # prompts replayed through raw llama-cpp-python (tokens/s settles within a few)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def spread(values: list[float]) -> dict:
    median, p95 = median_p95(values)
    return {"median": round(median, 3), "p95": round(p95, 3), "n": len(values)}


def bot_run(settings, items: list) -> tuple[dict, list]:  # noqa: ANN001
    from eval.scoring.score import answer_correct
    from rag import Bot

    bot = Bot.load(settings, progress=False)
    last: list = [None]  # the messages of the generator's latest call: the prompt its `usage` is about
    generate = bot.generator.stream

    def recorded(messages: list, max_tokens: int, refusal: str = ""):  # noqa: ANN202
        last[0] = messages
        return generate(messages, max_tokens, refusal)

    bot.generator.stream = recorded
    ready = time.time() - STARTED
    rows, messages = [], []
    for n, item in enumerate(items):
        bot.generator.usage, last[0] = None, None
        start = time.perf_counter()
        stream = bot.stream(item.question)
        first = None
        for piece in stream:  # the empty piece after retrieval (sources found) is not a token
            first = first or (time.perf_counter() - start if piece else None)
        a = stream.answer
        total = time.perf_counter() - start
        usage = bot.generator.usage
        rows.append({"id": item.id, "seconds": round(total, 3), "first_token": round(first or total, 3),
                     "correct": answer_correct(item, a.text, a.answered), "answerable": item.answerable,
                     "lang": item.lang, "usage": usage.__dict__ if usage else None})
        if n == 0:
            cold = time.time() - STARTED
        messages.append(last[0])  # replayed raw: the same prompt (after a look-again, the second one); None: no call
    timed = rows[1:]  # the first answer is part of the cold start
    used = [r["usage"] for r in timed if r["usage"]]
    out = {
        "generator": bot.generator.name,
        "ready_s": round(ready, 2), "cold_start_s": round(cold, 2),
        "latency_s": spread([r["seconds"] for r in timed]),
        "first_token_s": spread([r["first_token"] for r in timed]),
        "prompt_tokens": spread([u["prompt_tokens"] for u in used]),
        "evaluated_prompt_tokens": spread([u["evaluated_tokens"] for u in used]),
        "generated_tokens": spread([u["generated_tokens"] for u in used]),
        "prompt_tokens_per_s": rate(used, "evaluated_tokens", "prompt_seconds"),
        "generated_tokens_per_s": rate(used, "generated_tokens", "generate_seconds"),
        "accuracy": round(sum(r["correct"] for r in rows) / len(rows), 3),
        "peak_rss_mb": peak_rss_mb(),
        "answers": rows,
    }
    return out, messages


def rate(used: list[dict], tokens: str, seconds: str) -> float:
    t = sum(u[seconds] for u in used)
    return round(sum(u[tokens] for u in used) / t, 2) if t else 0.0


def raw_run(settings, messages: list) -> dict:  # noqa: ANN001
    """The same prompts straight through llama-cpp-python: no retrieval, no prompt cache, no checks."""
    import llama_cpp
    from rag.generators.weights import ensure

    path = settings.generator_model or str(ensure(settings.generator_profile, settings.folder("models")))
    llm = llama_cpp.Llama(model_path=path, n_ctx=settings.n_ctx, n_threads=settings.threads,
                          n_threads_batch=settings.threads, seed=settings.seed, verbose=False)
    used = []
    for m in messages:
        llama_cpp.llama_perf_context_reset(llm._ctx.ctx)
        llm.create_chat_completion(messages=m, max_tokens=settings.max_new_tokens, temperature=settings.temperature,
                                   top_k=1, seed=settings.seed)
        p = llama_cpp.llama_perf_context(llm._ctx.ctx)
        used.append({"evaluated_tokens": p.n_p_eval, "prompt_seconds": p.t_p_eval_ms / 1000,
                     "generated_tokens": p.n_eval, "generate_seconds": p.t_eval_ms / 1000})
    return {"prompt_tokens_per_s": rate(used, "evaluated_tokens", "prompt_seconds"),
            "generated_tokens_per_s": rate(used, "generated_tokens", "generate_seconds")}


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    from eval.scoring.score import load
    from rag.settings import Settings

    settings = Settings.load(**spec["settings"])
    items = [i for i in load(Path(spec["set"])) if i.id in set(spec["ids"])]
    out, messages = bot_run(settings, items)
    if spec.get("raw", True) and settings.generator_backend == "llama-cpp":
        chosen = [(r, m) for r, m in zip(out["answers"][1:], messages[1:]) if m is not None and r["usage"]][:RAW_PROMPTS]
        out["raw"] = raw_run(settings, [m for _, m in chosen])
        same = [r["usage"] for r, _ in chosen]  # the bot on the same prompts
        out["raw"]["bot_prompt_tokens_per_s"] = rate(same, "evaluated_tokens", "prompt_seconds")
        out["raw"]["bot_generated_tokens_per_s"] = rate(same, "generated_tokens", "generate_seconds")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
