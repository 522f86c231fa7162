"""The naive peer: the article answered with only the design card's packages, glued by hand.

sentence-transformers (the one sentence-transformers model a package ships here, all-MiniLM-L6-v2)
-> FAISS flat top 3 -> transformers loading the same GGUF -> greedy decoding with a plain
"answer only from the passages" prompt. No caching, no checks, no hybrid retrieval.
Run as `python -m bench.peer SPEC.json`; prints one JSON object (timings, accuracy, peak RSS).
It deliberately imports nothing from `rag`.
"""
from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

import psutil

STARTED = psutil.Process().create_time()
PROMPT = ("Answer the question only from the passages below, in the question's language, in one sentence, "
          "and cite the passage number like [n]. If the passages do not contain the answer, reply NOT FOUND.")


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    import faiss
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(spec["threads"])
    text = Path(spec["article"]).read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    embedder = SentenceTransformer(spec["embedder"], device="cpu")
    vectors = embedder.encode(paragraphs, normalize_embeddings=True)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    gguf = Path(spec["gguf"])
    tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name).eval()
    ready = time.time() - STARTED
    rows = []
    for n, q in enumerate(spec["questions"]):
        start = time.perf_counter()
        qv = embedder.encode([q["question"]], normalize_embeddings=True)
        _, ids = index.search(qv, 3)
        passages = "\n".join(f"[{i + 1}] {paragraphs[i]}" for i in ids[0])
        messages = [{"role": "system", "content": PROMPT},
                    {"role": "user", "content": f"Passages:\n{passages}\n\nQuestion: {q['question']}"}]
        inputs = tok.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
        with torch.inference_mode():
            out = model.generate(**inputs, max_new_tokens=spec["max_new_tokens"], do_sample=False,
                                 pad_token_id=tok.eos_token_id)
        answer = tok.decode(out[0, inputs["input_ids"].shape[1]:], skip_special_tokens=True).strip()
        rows.append({"id": q["id"], "seconds": round(time.perf_counter() - start, 3), "text": answer,
                     "prompt_tokens": int(inputs["input_ids"].shape[1])})
        if n == 0:
            cold = time.time() - STARTED
    timed = sorted(r["seconds"] for r in rows[1:]) or [rows[0]["seconds"]]
    print(json.dumps({
        "ready_s": round(ready, 2), "cold_start_s": round(cold, 2),
        "latency_s": {"median": round(statistics.median(timed), 3),
                      "p95": round(timed[min(len(timed) - 1, int(0.95 * len(timed)))], 3), "n": len(timed)},
        "prompt_tokens": round(statistics.median(r["prompt_tokens"] for r in rows)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "answers": rows,
    }))


if __name__ == "__main__":
    main()
