"""Prompt-lookup drafts on / off, alternately, the same bot (issue 33; dropped 2026-12-05): answers equal? seconds?

`python docs/bench/draft/paired.py N TOKENS MIN_NGRAM [SET]`: N questions of SET (default news-dev, one corpus),
each asked once to save its openings, then with and without drafts (order alternating), the prompt cache
reset before each. The draft model and the batch that gets every logit were in rag/generators (removed
with the decision); they are kept here so the run can be repeated."""
import json, statistics, sys, time
from pathlib import Path
ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from rag.settings import Settings
from rag import Bot
import numpy as np
from rag.generators import runtime

DRAFT_BATCH = 16


class PromptLookup:
    """The longest n-gram (max_ngram..min_ngram) ending the ids, its latest earlier occurrence: what followed it."""

    def __init__(self, tokens=8, max_ngram=3, min_ngram=2):
        self.tokens, self.max_ngram, self.min_ngram = tokens, max_ngram, min_ngram

    def __call__(self, input_ids, /, **_):
        ids = np.asarray(input_ids, dtype=np.intc)
        n = len(ids)
        for size in range(min(self.max_ngram, n - 1), self.min_ngram - 1, -1):
            windows = np.lib.stride_tricks.sliding_window_view(ids[: n - 1], size)
            starts = np.nonzero((windows == ids[n - size:]).all(axis=1))[0] + size
            if len(starts):
                return ids[int(starts[-1]): min(int(starts[-1]) + self.tokens, n)].copy()
        return np.array([], dtype=np.intc)


_make = runtime.llama_class


def llama_class():
    """The shipped Llama, whose short batches (a decoded token and its draft) get every token's logits."""
    base = _make()

    class Drafting(base):
        def eval(self, tokens):
            if self.draft_model is None or len(tokens) > DRAFT_BATCH:
                return super().eval(tokens)
            self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
            n_past = self.n_tokens
            self._batch.set_batch(batch=tokens, n_past=n_past, logits_all=True)
            self._ctx.decode(self._batch)
            self.input_ids[n_past: n_past + len(tokens)] = tokens
            self.n_tokens += len(tokens)
            self._requires_eval = False

    return Drafting


runtime.llama_class = llama_class
from eval.scoring.score import load
from eval.running.corpora import settings_for

n, tokens, min_ngram = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
SET = sys.argv[4] if len(sys.argv) > 4 else str(ROOT / "eval/sets/facqa/news-dev.jsonl")
items = load(SET)
import random
random.Random(7).shuffle(items)
from collections import Counter
main = Counter(tuple(i.corpus) for i in items).most_common(1)[0][0]
items = [i for i in items if tuple(i.corpus) == main]
items = items[:n]
s = settings_for(Settings.load(), items[0].corpus) if items[0].corpus else Settings.load()
bot = Bot.load(s, progress=False)
gen = bot.generator
gen.warm_up()
llm = gen._llm
draft = PromptLookup(tokens, 3, min_ngram)
rows = []
def ask(q, on):
    llm.draft_model = draft if on else None
    gen.reset()
    t = time.perf_counter()
    a = bot.ask(q)
    sec = time.perf_counter() - t
    return {"s": round(sec, 3), "text": a.text, "answered": a.answered, "conf": getattr(a, "confidence", None),
            "gen_s": a.timings.generate_seconds if a.timings else None, "gen_tok": a.timings.generated_tokens if a.timings else None}
for i, it in enumerate(items):
    assert tuple(it.corpus) == tuple(items[0].corpus)
    llm.draft_model = None
    bot.ask(it.question)  # warm: openings saved
    order = [False, True] if i % 2 == 0 else [True, False]
    r = {}
    for on in order:
        r["on" if on else "off"] = ask(it.question, on)
    r["same"] = r["on"]["text"] == r["off"]["text"] and r["on"]["conf"] == r["off"]["conf"]
    rows.append(r)
    print(i, r["same"], repr(r["off"]["text"][:60]), repr(r["on"]["text"][:60]), r["off"]["conf"], r["on"]["conf"], r["off"]["s"], r["on"]["s"], r["off"]["gen_s"], r["on"]["gen_s"], r["off"]["gen_tok"], flush=True)
med = lambda k, f: statistics.median(r[k][f] for r in rows if r[k][f] is not None)
out = {"n": len(rows), "same": sum(r["same"] for r in rows), "text_same": sum(r["on"]["text"] == r["off"]["text"] for r in rows),
       "off_s": med("off", "s"), "on_s": med("on", "s"),
       "ratio_median_per_q": statistics.median(r["on"]["s"] / r["off"]["s"] for r in rows),
       "off_gen": med("off", "gen_s"), "on_gen": med("on", "gen_s"),
       "diffs": [(r["off"]["text"], r["on"]["text"], r["off"]["conf"], r["on"]["conf"]) for r in rows if not r["same"]]}
print(json.dumps(out, ensure_ascii=False))
json.dump({"summary": out, "rows": rows}, open(f"draft_{tokens}_{min_ngram}_{Path(SET).stem}.json", "w"), ensure_ascii=False)
