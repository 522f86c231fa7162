"""Milliseconds to evaluate a batch of k tokens (every token's logits computed, as a draft's check needs)
after a 400-token prompt, with the shipped 1.5B: `python docs/bench/draft/batch_cost.py`."""
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from rag.generators.llama import LlamaCpp  # noqa: E402
from rag.settings import Settings  # noqa: E402

g = LlamaCpp(Settings.load())
g.warm_up()
llm = g._llm
toks = llm.tokenize(("Ini adalah sebuah paragraf panjang tentang Meta dan Scale AI. " * 30).encode())[:400]
llm.eval(toks)
base = llm.n_tokens
for k in (1, 2, 3, 4, 6, 8, 12):
    ts = []
    for _ in range(7):
        llm._ctx.kv_cache_seq_rm(-1, base, -1)
        start = time.perf_counter()
        llm._batch.set_batch(batch=toks[:k], n_past=base, logits_all=True)
        llm._ctx.decode(llm._batch)
        ts.append(time.perf_counter() - start)
    print(k, round(statistics.median(ts) * 1000, 1), "ms", flush=True)
