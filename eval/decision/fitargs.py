"""The command line of `eval.decision.fit`: its options, and the command that makes a fitted model again
with every option spelt out (recorded in the model JSON; `--again` runs it).
"""
from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from rag.answer.decide import DEFAULT_MODEL

from .thresholds import RULES, rule, said

TARGETS = ("right", "answerable")
BAND_MIN = 20
BAND_SHARES = (0.95, 0.8)


def command(args: argparse.Namespace) -> str:
    """The command that makes this model again, every option spelt out (defaults change; this must not)."""
    parts = ["python", "-m", "eval.decision.fit", *map(str, args.runs), "--run", args.run, "--target", args.target,
             "--features", args.features, "--curve", args.curve]
    if args.span:
        parts += ["--span", *map(str, args.span)]
    if args.modes_on:
        parts += ["--modes-on", *map(str, args.modes_on)]
    for mode in RULES:
        parts += [f"--{mode}", said(getattr(args, mode))]
    if args.bands:
        parts += ["--bands"]
        if args.bands_curve != "model":
            parts += ["--bands-curve", args.bands_curve]
        if args.band_shares != BAND_SHARES:
            parts += ["--band-shares", ",".join(f"{v:g}" for v in args.band_shares)]
    for mode, t in args.gate:
        parts += ["--gate", f"{mode}={t:g}"]
    if args.note:
        parts += ["--note", args.note]
    return shlex.join(parts)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m eval.decision.fit",
                                description="Fit the answerability model and its answer modes on dev runs.")
    p.add_argument("runs", nargs="*", type=Path, help="eval JSON files (rag eval --json) of dev sets")
    p.add_argument("--again", type=Path, metavar="MODEL", help="run the command MODEL.json records (other options: only --out)")
    p.add_argument("--run", default="hybrid", help="which pipeline's outcomes to learn from (default: hybrid)")
    p.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    p.add_argument("--target", choices=TARGETS, help="what the probability is of (required)")
    p.add_argument("--features", help="comma-separated signal names (required: the signals grow, a model's do not)")
    p.add_argument("--span", nargs="+", type=Path, default=[], metavar="RUN",
                   help="the runs (of those given) whose items are FacQA spans: scored strict and lenient")
    p.add_argument("--modes-on", nargs="+", type=Path, default=[], help="runs the modes are read on (default: the fit's)")
    p.add_argument("--curve", choices=("five-fold", "model"), default="five-fold",
                   help="the modes' curve: out-of-fold probabilities on the fit's runs, or the fitted model's own")
    for mode, r in RULES.items():
        p.add_argument(f"--{mode}", type=rule, default=r, help=f"{mode}'s rule (default: {said(r)})")
    p.add_argument("--bands", action="store_true", help="set the confidence words' bands on the fit's own answers "
                   f"(well supported: right >= 95%%, probably right: >= 80%%; at least {BAND_MIN} answers each)")
    p.add_argument("--bands-curve", choices=("model", "five-fold"), default="model",
                   help="the probabilities the bands are read on: the fitted model's own (in sample), or out of fold")
    p.add_argument("--band-shares", type=shares, default=BAND_SHARES, metavar="TOP,PROBABLE",
                   help="the share right each band must reach (default 0.95,0.8)")
    p.add_argument("--gate", type=gate, action="append", default=[], metavar="MODE=P",
                   help="refuse in MODE at the draft's first token when the prompt-end probe is below P "
                        "(chosen on dev; repeat per mode; see rag.answer.decide.Decider)")
    p.add_argument("--note", default="", help="why this fit, recorded with it")
    return p


def shares(text: str) -> tuple[float, float]:
    """A `--band-shares` option: "0.95,0.84" -> (0.95, 0.84)."""
    try:
        top, probable = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write two shares, TOP,PROBABLE (e.g. 0.95,0.8)") from None
    if not 0 < probable <= top <= 1:
        raise argparse.ArgumentTypeError(f"{text!r}: need 0 < PROBABLE <= TOP <= 1")
    return top, probable


def gate(text: str) -> tuple[str, float]:
    """A `--gate` option: "balanced=0.03" -> ("balanced", 0.03)."""
    mode, _, value = text.partition("=")
    if mode not in RULES:
        raise argparse.ArgumentTypeError(f"{mode!r} is not an answer mode ({', '.join(RULES)})")
    try:
        return mode, float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a probability") from None
