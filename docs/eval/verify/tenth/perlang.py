"""Tenth round, dev screen: one decision model per language against the shipped one (per-language.md).

    python docs/eval/verify/tenth/perlang.py
"""
import json, sys
import numpy as np
from pathlib import Path
ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))
from sklearn.linear_model import LogisticRegression
from rag.answer.decide import Decider
from eval.decision.fit import label
from eval.decision.signals import auc
from eval.decision.modes import probabilities
V = str(ROOT / "docs" / "eval" / "verify") + "/"
d = Decider.load(ROOT / "rag" / "answer" / "answerability.json")
F = d.features
def rows(path):
    o = json.load(open(path))["hybrid"]["outcomes"]
    return [x for x in o if x.get("confidence") is not None and x.get("signals")]
def X(rs):
    x = np.array([[r["signals"].get(f, np.nan) if r["signals"].get(f) is not None else np.nan for f in F] for r in rs], float)
    return x
train = rows(V + "seventh/pooled-E-oof.json")
xt = X(train); yt = np.array([label(r, "right") for r in train]); lt = np.array([r["lang"] == "en" for r in train])
mu = np.nanmean(xt, 0)
def prep(x, mean, scale): x = np.where(np.isnan(x), mu, x); return (x - mean) / scale
xf = np.where(np.isnan(xt), mu, xt); mean, scale = xf.mean(0), xf.std(0) + 1e-9
def fit(mask, c=1.0, extra=False):
    z = prep(xt[mask], mean, scale)
    if extra: z = np.column_stack([z, z * lt[mask, None], lt[mask]])
    return LogisticRegression(C=c, max_iter=4000).fit(z, yt[mask])
one = fit(np.ones(len(yt), bool))
per = {True: fit(lt), False: fit(~lt)}
inter = fit(np.ones(len(yt), bool), extra=True)
print(f"train: {len(yt)} answers, en {lt.sum()}")
for name in ["seventh/heldout3-E.json", "eighth/heldout4-E2.json", "ninth/heldout5-E2.json", "eighth/dev2.json", "ninth/dev2-en.json"]:
    rs = rows(V + name); x = X(rs); y = np.array([label(r, "right") for r in rs]).astype(bool); en = np.array([r["lang"] == "en" for r in rs])
    z = prep(x, mean, scale)
    shipped = probabilities(d, rs)
    p1 = one.predict_proba(z)[:, 1]
    pp = np.where(en, per[True].predict_proba(z)[:, 1], per[False].predict_proba(z)[:, 1])
    pi = inter.predict_proba(np.column_stack([z, z * en[:, None], en]))[:, 1]
    out = []
    for lab, m in (("all", np.ones(len(y), bool)), ("id", ~en), ("en", en)):
        if m.sum() == 0 or y[m].all() or not y[m].any(): continue
        out.append(f"{lab}: E2 {auc(shipped[m], y[m]):.3f} refit {auc(p1[m], y[m]):.3f} per-lang {auc(pp[m], y[m]):.3f} inter {auc(pi[m], y[m]):.3f}")
    print(f"{name} (n={len(y)}): " + " | ".join(out))
