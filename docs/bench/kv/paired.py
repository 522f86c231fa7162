"""Run from the checkout: .venv/bin/python docs/bench/kv/paired.py. KV types and flash attention, paired per prompt, the three contexts loaded at once, order rotated."""
import json, time, statistics as st
from pathlib import Path
from llama_cpp import Llama
import llama_cpp
M = str(Path.home() / ".cache/rag-bot/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
qs = [json.loads(l) for l in open("eval/sets/facqa/news-dev.jsonl")][1:200:13]
devpar = [l.strip() for f in range(1,5) for l in open(f"eval/sets/facqa/dev-{f}.id.txt") if l.strip()]
def prompt(q):
    ctx = [p for p in devpar if any(w in p for w in q["question"].split()[1:3])][:3] or devpar[:3]
    body = "\n\n".join(f"[{i+1}] {p}" for i, p in enumerate(ctx))
    return (f"<|im_start|>system\nAnswer only from the passages, briefly, citing [n]. If they do not hold the answer, say NOT FOUND.<|im_end|>\n"
            f"<|im_start|>user\nPassages:\n{body}\n\nQuestion: {q['question']}<|im_end|>\n<|im_start|>assistant\n")
cfg = {"f16": dict(), "f16+fa": dict(flash_attn=True), "q8_0+fa": dict(flash_attn=True, type_k=8, type_v=8)}
llms = {k: Llama(model_path=M, n_ctx=2048, n_threads=2, n_threads_batch=2, seed=0, verbose=False, **v) for k, v in cfg.items()}
names = list(cfg); t = {k: [] for k in names}; gen = {k: [] for k in names}; ans = {k: [] for k in names}
for i, q in enumerate(qs):
    p = prompt(q)
    for k in names[i % 3:] + names[:i % 3]:
        llm = llms[k]; llm.reset(); llama_cpp.llama_perf_context_reset(llm.ctx)
        a = time.perf_counter(); r = llm.create_completion(p, max_tokens=24, temperature=0.0)
        gen[k].append(time.perf_counter() - a); ans[k].append(r["choices"][0]["text"].strip())
        perf = llama_cpp.llama_perf_context(llm.ctx); t[k].append(perf.t_p_eval_ms / perf.n_p_eval)
for k in names:
    ratio = [x / y for x, y in zip(t[k], t["f16"])]; g = [x / y for x, y in zip(gen[k], gen["f16"])]
    print(k, "prompt ms/token", round(st.median(t[k]), 2), "ratio to f16", round(st.median(ratio), 3),
          "| whole answer ratio", round(st.median(g), 3), "| answers equal", sum(a == b for a, b in zip(ans[k], ans["f16"])), "/", len(qs))
json.dump(dict(prompt_ms=t, answer_s=gen, answers=ans), open("docs/bench/kv/paired.json", "w"), ensure_ascii=False)
