"""The seventh decision's fit set: the third decision's dev run and the `news-heldout2` run as one eval
JSON, with their saved states as one file (rows: where the prompt ends, where the draft ends; blocks 17
and 20, 3,072 floats each).

    python docs/eval/verify/seventh/pool.py --out-run POOLED.json --out-states POOLED.npz

The dev states were saved in two files (the draft's end with the dev run, the prompt's end read again
later: `fourth/dev-prompt-states.npz`, five layers); `news-heldout2`'s in one, both rows, two layers.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from rag.answer.probe import pick

HERE = Path(__file__).resolve().parent.parent
LAYERS = (17, 20)


def _rows(prompt: tuple[Path, int, tuple[int, ...]], draft: tuple[Path, int, tuple[int, ...]]) -> dict[str, np.ndarray]:
    """The answers' states, both rows, by id: only those with both."""
    (pf, pr, ps), (df, dr, ds) = prompt, draft
    with np.load(pf) as p, np.load(df) as d:
        both = sorted(set(p.files) & set(d.files))
        return {k: np.stack([pick(p[k].astype(np.float32)[pr], ps, LAYERS),
                             pick(d[k].astype(np.float32)[dr], ds, LAYERS)]).astype(np.float16) for k in both}


def main() -> None:
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--out-run", type=Path, required=True)
    a.add_argument("--out-states", type=Path, required=True)
    args = a.parse_args()
    runs = [HERE / "third/dev-collect.json", HERE / "fourth/heldout2.json"]
    outcomes = [o for r in runs for o in json.loads(r.read_text(encoding="utf-8"))["hybrid"]["outcomes"]]
    ids = [o["id"] for o in outcomes]
    if len(set(ids)) != len(ids):
        raise SystemExit("the runs share item ids: they cannot be pooled by id")
    states = _rows((HERE / "fourth/dev-prompt-states.npz", 0, (14, 17, 20, 24, -1)),
                   (HERE / "third/dev-states-17-20.npz", 0, LAYERS))
    states |= _rows((HERE / "fourth/heldout2-states-17-20.npz", 0, LAYERS),
                    (HERE / "fourth/heldout2-states-17-20.npz", 1, LAYERS))
    args.out_run.write_text(json.dumps({"hybrid": {"outcomes": outcomes}, "pooled": [str(r) for r in runs]},
                                       ensure_ascii=False), encoding="utf-8")
    np.savez_compressed(args.out_states, **states)
    weighed = sum(o.get("confidence") is not None for o in outcomes)
    print(f"{args.out_run}: {len(outcomes)} items, {weighed} weighed; {args.out_states}: {len(states)} states")


if __name__ == "__main__":
    main()
