"""Plots of the answer-or-refuse decision: the operating curve per language (both kinds of
unanswerable question, the answer modes marked) and the reliability diagram of `Answer.confidence`."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..decision.curves import curve, refused_at, reliability

KINDS = {"adversarial": "about the question, not answering it", "removed": "passage removed", None: "all"}
LANGS = {"id": "Indonesian", "en": "English"}


def _pyplot():  # noqa: ANN202 - matplotlib has no types here
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def operating_curve(path: Path, outcomes: list[dict], probs: dict[str, np.ndarray], modes: dict[str, float],
                    title: str = "") -> Path:
    """Answerable refused (x) against unanswerable refused (y), one panel per language, one line per
    model and kind of unanswerable question; the first model's modes marked."""
    plt = _pyplot()
    langs = [lang for lang in LANGS if any(o["lang"] == lang for o in outcomes)]
    fig, axes = plt.subplots(1, len(langs), figsize=(5.2 * len(langs), 4.4), squeeze=False)
    styles = ["-", "--", ":"]
    for ax, lang in zip(axes[0], langs):
        for m, (name, prob) in enumerate(probs.items()):
            for kind, colour in zip(KINDS, ("#C44E52", "#4C72B0", "#333333")):
                a, u = curve(prob, outcomes, lang, kind)
                if np.all(np.isnan(u)):
                    continue
                ax.plot(100 * a, 100 * u, styles[m % 3], color=colour, label=f"{name}: {KINDS[kind]}")
        first = next(iter(probs.values()))
        for mode, t in modes.items():
            x, y = refused_at(first, outcomes, t, lang, True), refused_at(first, outcomes, t, lang, False)
            ax.plot(100 * x, 100 * y, "o", color="black")
            ax.annotate(mode, (100 * x, 100 * y), textcoords="offset points", xytext=(6, -10), fontsize=8)
        ax.set(xlim=(0, 100), ylim=(0, 100), xlabel="answerable refused (%)", ylabel="unanswerable refused (%)",
               title=f"{LANGS[lang]}{': ' + title if title else ''}")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="lower right")
    return _saved(plt, fig, path)


def reliability_diagram(path: Path, outcomes: list[dict], prob: np.ndarray, title: str = "") -> Path:
    """Mean confidence against the share of answers that are right, per bin, with the counts."""
    plt = _pyplot()
    bins = reliability(prob, outcomes)
    fig, ax = plt.subplots(figsize=(4.8, 4.4))
    ax.plot([0, 1], [0, 1], ":", color="grey", label="calibrated")
    if bins:
        x, y, n = zip(*bins)
        ax.plot(x, y, "o-", color="#4C72B0", label="answers shown")
        for xi, yi, ni in bins:
            ax.annotate(str(ni), (xi, yi), textcoords="offset points", xytext=(4, 4), fontsize=7)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="Answer.confidence (bin mean)", ylabel="share right",
           title=title or "Reliability")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    return _saved(plt, fig, path)


def _saved(plt, fig, path: Path) -> Path:  # noqa: ANN001 - matplotlib's pyplot and a Figure
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
