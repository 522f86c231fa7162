"""KV cache types side by side: prompt eval speed, state size, greedy answers (issue 33 item 1)."""
import json, sys, time, statistics as st
from pathlib import Path
import llama_cpp
from llama_cpp import Llama
M = str(Path.home() / ".cache/rag-bot/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
paras = [l.strip() for l in open("eval/sets/facqa/heldout-1.id.txt") if len(l.strip()) > 200]
# not dev/heldout questions: prompts are passages + a generic question
qs = [json.loads(l) for l in open("eval/sets/facqa/news-dev.jsonl")][:40:4]
devpar = [l.strip() for f in range(1,5) for l in open(f"eval/sets/facqa/dev-{f}.id.txt") if l.strip()]
def prompt(q):
    ctx = [p for p in devpar if any(w in p for w in q["question"].split()[1:3])][:3] or devpar[:3]
    body = "\n\n".join(f"[{i+1}] {p}" for i, p in enumerate(ctx))
    return (f"<|im_start|>system\nAnswer only from the passages, briefly, citing [n]. If they do not hold the answer, say NOT FOUND.<|im_end|>\n"
            f"<|im_start|>user\nPassages:\n{body}\n\nQuestion: {q['question']}<|im_end|>\n<|im_start|>assistant\n")
configs = {"f16": dict(), "f16+fa": dict(flash_attn=True), "q8_0+fa": dict(flash_attn=True, type_k=8, type_v=8)}
out = {}
for name in sys.argv[1:] or configs:
    llm = Llama(model_path=M, n_ctx=2048, n_threads=2, n_threads_batch=2, seed=0, verbose=False, **configs[name])
    times, answers, sizes = [], [], []
    for q in qs:
        p = prompt(q); toks = llm.tokenize(p.encode(), special=True)
        llm.reset(); t = time.perf_counter(); llm.eval(toks); times.append((time.perf_counter() - t) / len(toks) * 1000)
        sizes.append(llm_state := llama_cpp.llama_state_seq_get_size(llm.ctx, 0)); sizes[-1] = sizes[-1] / len(toks)
        llm.reset()
        r = llm.create_completion(p, max_tokens=24, temperature=0.0)
        answers.append(r["choices"][0]["text"].strip())
    out[name] = dict(ms_per_prompt_token=st.median(times), bytes_per_token=st.median(sizes), answers=answers)
    print(name, round(st.median(times), 2), "ms/token", round(st.median(sizes)), "B/token", flush=True)
    del llm
json.dump(out, open("docs/bench/kv/micro.json", "w"), indent=1, ensure_ascii=False)
base = out.get("f16", {}).get("answers")
for k, v in out.items():
    if base: print(k, sum(a == b for a, b in zip(v["answers"], base)), "/", len(base), "answers equal to f16")
