"""The eighth decision's fit sets: the seventh's (the third decision's dev run and `news-heldout2`) plus
`news-heldout3` (it decided the seventh; it can now be fitted on) and the new dev questions
(`news-dev2`, Indonesian, answerable only), as eval JSON with their saved states as one file (rows: where
the prompt ends, where the draft ends; blocks 17 and 20, 3,072 floats each).

    python docs/eval/verify/eighth/pool.py --dev2-run eighth/dev2.json --dev2-states eighth/dev2-states-17-20.npz \
        --out-run POOLED.json --out-states POOLED.npz --out-model-run MODEL.json

POOLED (all four) is what the probes are fitted on and scored out of fold on; MODEL (the same outcomes
less `news-dev2`'s) is what the decision model is fitted on: `news-dev2` holds no unanswerable question,
so it would move the share of right answers the words are read against.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent.parent
SEVENTH = HERE / "seventh"


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["hybrid"]["outcomes"]


def main() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("pool7", SEVENTH / "pool.py")
    pool7 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pool7)
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--dev2-run", type=Path, required=True)
    a.add_argument("--dev2-states", type=Path, required=True,
                   help="the dev2 run's states, blocks 17 and 20 packed (.npz: `eval.decision.probe pack`)")
    a.add_argument("--out-run", type=Path, required=True)
    a.add_argument("--out-states", type=Path, required=True)
    a.add_argument("--out-model-run", type=Path, required=True)
    args = a.parse_args()
    runs = [HERE / "third/dev-collect.json", HERE / "fourth/heldout2.json", SEVENTH / "heldout3-E.json"]
    model = [o for r in runs for o in _load(r)]
    dev2 = _load(args.dev2_run)
    outcomes = model + dev2
    ids = [o["id"] for o in outcomes]
    if len(set(ids)) != len(ids):
        raise SystemExit("the runs share item ids: they cannot be pooled by id")
    states = pool7._rows((HERE / "fourth/dev-prompt-states.npz", 0, (14, 17, 20, 24, -1)),
                         (HERE / "third/dev-states-17-20.npz", 0, pool7.LAYERS))
    for npz in (HERE / "fourth/heldout2-states-17-20.npz", SEVENTH / "heldout3-states-17-20.npz", args.dev2_states):
        states |= pool7._rows((npz, 0, pool7.LAYERS), (npz, 1, pool7.LAYERS))
    for path, outs in ((args.out_run, outcomes), (args.out_model_run, model)):
        path.write_text(json.dumps({"hybrid": {"outcomes": outs}, "pooled": [str(r) for r in runs] + [str(args.dev2_run)]},
                                   ensure_ascii=False), encoding="utf-8")
    np.savez_compressed(args.out_states, **states)
    weighed = sum(o.get("confidence") is not None for o in outcomes)
    print(f"{args.out_run}: {len(outcomes)} items, {weighed} weighed; {args.out_model_run}: {len(model)} items; "
          f"{args.out_states}: {len(states)} states")


if __name__ == "__main__":
    main()
