"""Does a state placed with its positions shifted (rag/generators/stitch.py: _capture, _place) give what
the same tokens give in place? Attention under RoPE depends only on relative positions, so a prompt's
start (root + passage) captured, placed k positions later and followed by the question there must give
the logits the unmoved prompt gives, to float noise. llama.cpp refuses gaps in a sequence's positions,
so the whole start is moved."""
import sys, tempfile
import numpy as np
sys.path.insert(0, "/work/main")
import llama_cpp as ll
from rag.settings import Settings
from rag.generators.llama import LlamaCpp
from rag.generators import stitch

s = Settings.load()
gen = LlamaCpp(s.with_overrides(cache_dir=tempfile.mkdtemp()))
gen.warm_up()
llm = gen._llm
ctx, mem = llm._ctx.ctx, ll.llama_get_memory(llm._ctx.ctx)
st = stitch.Stitcher(llm, gen.settings.path(gen.settings.cache_dir) / "states", ["x"], 1 << 30)
tok = lambda t: llm.tokenize(t.encode(), add_bos=False, special=True)
R = tok("<|im_start|>system\nAnswer from the passages only, in one short sentence.<|im_end|>\n<|im_start|>user\nPassages:\n")
S = tok("[3] Google bought the London laboratory DeepMind in 2014, paying about 500 million dollars, "
        "and its founder Demis Hassabis stayed on as chief executive.\n")
T = tok("Question: Who led DeepMind after the purchase?<|im_end|>\n<|im_start|>assistant\n")
n, L = len(R), len(S)
vocab = ll.llama_n_vocab(ll.llama_model_get_vocab(llm._model.model))

def decode(tokens, pos0):
    b = ll.llama_batch_init(len(tokens), 0, 1)
    for i, t in enumerate(tokens):
        b.token[i], b.pos[i], b.n_seq_id[i], b.seq_id[i][0], b.logits[i] = t, pos0 + i, 1, 0, i == len(tokens) - 1
    b.n_tokens = len(tokens)
    rc = ll.llama_decode(ctx, b); assert rc == 0, (rc, pos0, len(tokens))
    out = np.ctypeslib.as_array(ll.llama_get_logits_ith(ctx, len(tokens) - 1), shape=(vocab,)).copy()
    ll.llama_batch_free(b)
    return out

def clear():
    ll.llama_memory_clear(mem, True)

rows = []
clear(); decode(R, 0); decode(S, n); ref = decode(T, n + L)
blob = st._capture(0, n + L)
for k in (0, 37, 211, 600):
    clear(); st._place(blob, k); got = decode(T, k + n + L)
    print(f"moved {k:3d} positions: max |logit diff| {np.abs(got - ref).max():.4f}, same top token "
          f"{got.argmax() == ref.argmax()}, top-5 same {set(np.argsort(-got)[:5]) == set(np.argsort(-ref)[:5])}", flush=True)
