"""Answer or refuse: a calibrated model over measured signals, not the generator's own "not found".

The generator is asked for its best answer (the refusal sentinel's first token is banned after
its probability is read, see `rag.generators.Probe`). Whether that answer is shown is decided
here: logistic regression over `Signals` (retrieval scores, the refusal probability, the answer's
likelihood, its support in the passages, whether a sentence states it, and a probe of the generator's
state where its draft ends: `rag.answer.probe`), fitted on dev runs by
`python -m eval.decision.fit` and shipped as JSON (`rag/answer/answerability.json`: feature names, scaling,
coefficients, the modes' thresholds chosen on dev, and under "fitted" its target and every input of
the fit; no pickle). The shipped model's target is "right" (since 2026-12-04; before, "answerable"): its
probability is that the answer shown is right.
"""
from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path

from . import claims as claims_
from . import grounding, prompt, support
from ..errors import SettingsError
from ..generators import Trace
from ..search.lexical import analyse, words
from ..texts import LANGUAGES
from ..types import Hit, Retrieval, Signals

DEFAULT_MODEL = Path(__file__).resolve().parent / "answerability.json"
FEATURES = tuple(f.name for f in dataclasses.fields(Signals))


MODES = ("careful", "balanced", "eager")
DEFAULT_BANDS = (("supported", 0.8), ("probable", 0.5), ("uncertain", 0.0))  # answer modes: thresholds chosen on the dev curve (eval/decision/fit.py)


@dataclass(frozen=True)
class Decider:
    """P(the fit's target) = sigmoid(intercept + coef . (x - mean) / scale); shown when >= threshold.
    The target is recorded in the JSON ("fitted": "target"); the shipped model's is "right".

    `modes` holds the threshold of each answer mode (careful refuses more, eager answers more);
    `threshold` is the one in use. `gates` holds, per mode, the prompt-end probe (`probe_prompt`) below
    which the bot refuses at the draft's first token, before writing the rest (none: no gate); `gate`
    is the one in use (0: none)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    modes: tuple[tuple[str, float], ...] = ()
    bands: tuple[tuple[str, float], ...] = DEFAULT_BANDS  # lowest confidence of each word band, set on dev
    gates: tuple[tuple[str, float], ...] = ()
    gate: float = 0.0

    def band(self, confidence: float, signals: Signals | None = None) -> str:
        """The words' band of a shown answer: "unverified" when the generator's own check said no
        (P(yes) < 0.5: the stand-alone check, else the one in context) yet the mode shows it, else the
        highest band whose lowest confidence it reaches.

        >>> d = Decider((), (), (), (), 0.0, 0.0)
        >>> d.band(0.93), d.band(0.6), d.band(0.1)
        ('supported', 'probable', 'uncertain')
        """
        said = _check(signals)
        if said == said and said < 0.5:
            return "unverified"
        return next((name for name, low in self.bands if confidence >= low), "uncertain")

    def probability(self, signals: Signals) -> float:
        """A signal that could not be measured (NaN: a server that returns no probabilities) weighs
        as its dev mean, i.e. not at all."""
        x = signals.vector(self.features)
        z = self.intercept + sum(c * (v - m) / s for c, v, m, s in zip(self.coef, x, self.mean, self.scale) if v == v)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def at(self, mode: str) -> "Decider":
        """The same model deciding at `mode`'s threshold (its own threshold for a model without modes)
        and gate (none for a mode without one).

        >>> d = Decider((), (), (), (), 0.0, 0.1, (("eager", 0.01),), gates=(("balanced", 0.03),))
        >>> (d.at("eager").threshold, d.at("eager").gate), d.at("balanced").gate
        ((0.01, 0.0), 0.03)
        """
        thresholds = dict(self.modes)
        if mode not in MODES:
            raise SettingsError(f"answer mode {mode!r} is not one of {', '.join(MODES)}")
        return dataclasses.replace(self, threshold=thresholds.get(mode, self.threshold), gate=dict(self.gates).get(mode, 0.0))

    @classmethod
    def load(cls, path: Path | None = None, threshold: float | None = None, mode: str = "balanced") -> "Decider":
        """The fitted model at `path` (default: the shipped one) at `mode`'s threshold and gate, or at
        `threshold` with no gate when one is given (0: every answer shown)."""
        path = Path(path or DEFAULT_MODEL)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            data["modes"] = [list(m) for m in sorted(data.get("modes", {}).items())]
            data["bands"] = sorted(data.get("bands", dict(DEFAULT_BANDS)).items(), key=lambda b: -b[1])
            data["gates"] = [list(g) for g in sorted(data.get("gates", {}).items())]
            data["gate"] = 0.0
            fields = {f.name: data[f.name] for f in dataclasses.fields(cls)}
        except (OSError, ValueError, KeyError, AttributeError) as exc:
            raise SettingsError(f"cannot read the answerability model {path}: {exc}") from exc
        unknown = set(fields["features"]) - set(FEATURES)
        lengths = {len(fields[k]) for k in ("features", "mean", "scale", "coef")}
        if unknown or len(lengths) != 1:
            raise SettingsError(f"answerability model {path} does not match this version "
                                f"(unknown features {sorted(unknown)} or uneven lengths)")
        fields["modes"] = tuple((str(m), float(v)) for m, v in fields["modes"])
        fields["bands"] = tuple((str(b), float(v)) for b, v in fields["bands"])
        fields["gates"] = tuple((str(m), float(v)) for m, v in fields["gates"])
        if not set(dict(fields["gates"])) <= set(MODES):
            raise SettingsError(f"answerability model {path}: gates for unknown modes {sorted(dict(fields['gates']))}")
        decider = cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}).at(mode)
        return dataclasses.replace(decider, threshold=threshold, gate=0.0) if threshold is not None else decider


def _check(signals: Signals | None) -> float:
    """The generator's own check of the answer: P(yes), NaN when none was asked."""
    if signals is None:
        return float("nan")
    return signals.verified_sentence if signals.verified_sentence == signals.verified_sentence else signals.verified


def in_words(band: str, language: str) -> str:
    """How sure an answer is, in words for a user, from its band (`Answer.sureness`; "" when none).

    >>> in_words("supported", "en"), in_words("uncertain", "id")
    ('well supported by the cited paragraph', 'kurang pasti: periksa paragraf yang dikutip sebelum memakainya')
    """
    return dict(LANGUAGES[language].sureness).get(band, "")


def measure(question: str, answer: str, language: str, found: Retrieval, hits: list[Hit], trace: Trace | None,
            sentences: list[tuple[str, float]] = (), claims: list[tuple[str, float]] = (),
            checks: dict[str, float | None] | None = None) -> Signals:
    """The signals of one answer over the `hits` the prompt held (`found`: the whole retrieval;
    `sentences`: the hits' sentences with their similarity to the question, `claims`: to the
    question and the answer together, see `Windows.scored`; `checks`: the generator's yes/no
    checks, "context" and "sentence", see `rag.answer.verify`)."""
    trace = trace or Trace(None, ())
    unknown = float("nan")
    second = found.hits[1].score if len(found.hits) > 1 else 0.0
    new = support.distinctive(answer) - set(words(question))
    top = hits[:1]
    source = _source(answer, hits)
    holds = [bool(new) and 2 * len(new & set(words(text))) > len(new) for text, _ in sentences]
    holding = [sim for (_, sim), held in zip(sentences, holds) if held]
    claimed = [sim for (_, sim), held in zip(claims, holds) if held]
    evidence = grounding.evidence(answer, hits)
    checks = {k: (unknown if v is None else v) for k, v in (checks or {}).items()}
    return Signals(
        refusal_prob=trace.refusal_prob if trace.refusal_prob is not None else unknown,
        mean_logprob=trace.mean_logprob if trace.logprobs else unknown,
        min_logprob=trace.min_logprob if trace.logprobs else unknown,
        best_dense=found.best_dense,
        top_score=found.hits[0].score if found.hits else 0.0,
        margin=(found.hits[0].score - second) if found.hits else 0.0,
        names_found=support.found_share(support.names(question), hits),
        words_found=support.found_share(support.distinctive(question), top),
        answer_support=support.found_share(new, hits),
        cross_language=float(bool(top) and top[0].paragraph.language != language),
        answer_words=float(len(words(support.MARKER.sub(" ", answer)))),
        asked_in_source=_asked_in(question, language, source),
        sentence_match=max(holding, default=0.0),
        best_sentence=max((sim for _, sim in sentences), default=0.0),
        type_match=type_match(question, answer, language),
        unit_match=grounding.unit_match(question, answer, language, evidence[0] if evidence else ""),
        asked_in_sentence=grounding.asked_in_sentence(question, language, evidence),
        comparison_match=grounding.comparison_match(question, language, evidence),
        time_match=grounding.time_match(question, language, evidence),
        claim_match=max(claimed, default=0.0),
        quantities_stated=float(not claims_.unstated_quantities(answer, hits)),
        # as the shipped model was fitted: against every hit (the refusing check reads only the question's language)
        names_stated=float(not claims_.name_unstated(question, answer, hits, language)),
        verified=checks.get("context", unknown),
        verified_sentence=checks.get("sentence", unknown),
        probe=checks.get("probe", unknown),
        probe_prompt=checks.get("probe_prompt", unknown),
    )


def _source(answer: str, hits: list[Hit]) -> Hit | None:
    """The hit the answer came from: its first marker's, else the one sharing most of its words."""
    by_number = {h.paragraph.number: h for h in hits}
    for n in prompt.cited_numbers(answer):
        if n in by_number:
            return by_number[n]
    return hits[int(support.overlap(answer, hits).argmax())] if hits else None


def _asked_in(question: str, language: str, hit: Hit | None) -> float:
    """Share of the question's distinctive words (stemmed) in `hit`'s passage; across languages,
    of its names and numbers only (other words are translated)."""
    if hit is None:
        return 0.0
    text = hit.paragraph.text
    if hit.paragraph.language != language:
        return support.found_share(support.names(question), [hit])
    wanted = {analyse(w, language)[0] for w in support.distinctive(question)}
    have = set(analyse(text, language))
    return sum(w in have for w in wanted) / len(wanted) if wanted else 1.0


def type_match(question: str, answer: str, language: str) -> float:
    """0 when the question asks for a number or date (or a name) and the answer holds none.

    >>> type_match("Berapa orang yang tewas?", "Banyak orang [3].", "id"), type_match("Who won?", "Budi won [3].", "en")
    (0.0, 1.0)
    """
    lang = LANGUAGES[language]
    q = " ".join(words(question))
    body = support.MARKER.sub(" ", answer)
    if any(f" {p} " in f" {q} " for p in lang.asks_number):
        return float(bool(support.numbers(body, spelled=True)))
    if any(f" {p} " in f" {q} " for p in lang.asks_name):
        return float(any(w[:1].isupper() for w in body.split()[1:]) or body[:1].isupper() and len(body.split()) <= 4)
    return 1.0
