"""The answer flow, in the order it runs: retrieve, generate, check, decide, cite.

`run()` is a generator: it yields the answer's text (for streaming) and returns the `Answer`.

1. retrieve: hybrid search; the first two hits and those close to the best go to the prompt;
2. generate: the model's best answer (the refusal sentinel is banned once its probability is read);
   in a mode with a gate, no more than its first token when the generator's state where the prompt
   ended says the passages do not answer (`probe_prompt` below the gate: `Decider.gate`);
3. check: stray markers dropped; no answer when the reply is a refusal, only markers, the question
   restated, a number no passage holds, or the worked example's answer; one more try for a reply
   that mixes in the other language (translated) and, with the `retry` setting, one that said nothing new;
4. decide: the answerability model weighs the signals and shows the answer or refuses;
5. cite: the hits the answer used, by its markers and its words.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Generator

from ..generators import Generator as TextGenerator
from ..search.context import Windows
from ..search.retrieve import Retriever, close_to_best
from ..settings import Settings
from ..texts import LANGUAGES
from ..types import Answer, Citation, Hit, Retrieval, Signals
from . import cite, claims, decide, followup, grounding, probe, prompt, replies, support, verify
from .clock import Clock
from .decide import Decider

Messages = list[dict[str, str]]


@dataclass(frozen=True)
class Parts:
    """What the flow uses: the settings, the retriever, the sentence windows, and the generator
    and the decider, each made by its loader on first use (a bot that only retrieves loads neither)."""

    settings: Settings
    retriever: Retriever
    windows: Windows
    load_generator: Callable[[], TextGenerator]
    load_decider: Callable[[], Decider]

    @property
    def generator(self) -> TextGenerator:
        return self.load_generator()

    @property
    def decider(self) -> Decider:
        return self.load_decider()


def run(parts: Parts, question: str, language: str, previous: str = "", notice: str = "",
        found_cb: Callable[[list[Citation]], None] | None = None) -> Generator[str, None, Answer]:
    """`found_cb` gets the prompt's paragraphs once retrieval is done, before generation (an
    empty piece is yielded then, so that a caller can show them while the answer is made)."""
    s, lang, clock = parts.settings, LANGUAGES[language], Clock()
    asked, understood = question, ""

    def finish(text: str, answered: bool, cited: list[Hit] = (), confidence: float | None = None,
               draft: str = "", signals: Signals | None = None, sureness: str = "") -> Answer:
        shown = f"{notice} {text}" if notice else text
        return Answer(shown, language, answered, [citation(h) for h in cited], asked, clock.total(), notice,
                      confidence, draft, signals, clock.timings(), sureness, understood)

    if notice:
        yield notice + " "
    # 1. retrieve (a follow-up made to stand alone, else searched with the question before it)
    found = None  # the chosen reading's retrieval, when a follow-up's readings were searched
    if previous and s.followup_rewrite:
        readings = followup.readings(parts.generator, question, previous, language)
        understood, found = _best_reading(parts, readings + [question], language) if readings else ("", None)
        clock.lap("rewrite")
        if understood == question:  # as asked, it finds its paragraph best: it stands alone already
            understood, previous = "", ""
        elif understood:
            question, previous = understood, ""
    query = f"{previous} {question}".strip()
    if found is None:
        found = parts.retriever.search(query, language)
    clock.lap("retrieval")
    if not found.hits or found.best_dense < s.min_dense_score:
        yield lang.not_found
        return finish(lang.not_found, False)
    hits = close_to_best(found.hits, s.passage_gap)
    if found_cb is not None:
        found_cb([citation(h) for h in hits])
        yield ""
    # 2. generate
    messages, segments = _messages(parts, question, query, hits, language, previous)
    clock.lap("priming")
    gate = parts.decider.gate
    probes = probe.wanted(parts.decider.features + (("probe_prompt",) if gate else ()), parts.generator)
    raw, gated = _draft(parts, messages, lang.sentinel if s.prompt_rule else "", probes, gate, segments)
    trace, clock.usage = parts.generator.trace, parts.generator.usage
    clock.lap("generation")
    checks: dict[str, float | None] = {**probe.read(probes, parts.generator)}  # its state where prompt and draft end
    if gated:  # the state where the prompt ended says the passages do not answer it: no draft, no checks
        yield lang.not_found
        return finish(lang.not_found, False, draft=raw.strip(),
                      signals=decide.measure(question, raw, language, found, hits, trace, checks=checks))
    # 3. check
    example = prompt.example_facts(language) if s.prompt_example else ""
    first = replies.checked(raw, question, hits, language, example)
    refuse = (s.refuse_unstated_quantities, s.refuse_unstated_names, s.refuse_other_unit)
    if first is not None and claims.unstated(question, first, hits, language, *refuse):
        first = None
    if first is not None and verify.wanted(s.verify, "context"):  # on the state just evaluated
        checks["context"] = verify.in_context(parts.generator, messages, raw, language)
        clock.lap("verify")
    tried: list[tuple[Messages, str]] = []
    again = replies.second_try(lambda m, kind: _generate(parts, m, clock, kind, tried), messages, raw, first,
                               question, hits, language, example, s.retry)
    if again is not None and claims.unstated(question, again, hits, language, *refuse):
        again = None
    basis = first or again  # the answer in the passages' own words (before any translation): cited by them
    text = again if again is not None else first
    said = basis or raw
    if first is None and again is not None and verify.wanted(s.verify, "context"):  # the retry's conversation
        checks["context"] = verify.in_context(parts.generator, *tried[-1], language)
        clock.lap("verify")
    sentences = parts.windows.scored(question, hits), parts.windows.scored(f"{question} {support.MARKER.sub(' ', said)}", hits)
    clock.lap("sentences")
    if text is not None and verify.wanted(s.verify, "sentence"):
        checks["sentence"] = verify.against_sentence(parts.generator, question, basis, evidence_sentence(said, hits, sentences[0]),
                                                     language)
        clock.lap("verify")
    signals = decide.measure(question, said, language, found, hits, trace, *sentences, checks=checks)
    if text is None:
        clock.lap("decision")
        yield lang.not_found
        return finish(lang.not_found, False, draft=raw.strip(), signals=signals)
    # 4. decide
    confidence = round(parts.decider.probability(signals), 4)
    clock.lap("decision")
    if confidence < parts.decider.threshold:
        yield lang.not_found
        return finish(lang.not_found, False, confidence=confidence, draft=text, signals=signals)
    # 5. cite: the paragraphs whose sentences state the answer
    cited = cite.cited(basis, question, hits, language)
    if [h.paragraph.number for h in cited] != prompt.cited_numbers(text):
        text = prompt.remark(text, [h.paragraph.number for h in cited])
    yield text
    return finish(text, True, cited, confidence, text, signals, parts.decider.band(confidence, signals))


def _best_reading(parts: Parts, readings: list[str], language: str) -> tuple[str, Retrieval]:
    """The reading of a follow-up whose best paragraph is closest (dense score; the first on a tie), with
    its retrieval (the answer's: not searched again). The question as asked is the last reading: where it
    wins, it was not pointing back."""
    found = [parts.retriever.search(r, language) for r in readings]
    best = max(range(len(readings)), key=lambda i: (found[i].best_dense, -i))
    return readings[best], found[best]


def _messages(parts: Parts, question: str, query: str, hits: list[Hit], language: str,
              previous: str) -> tuple[Messages, tuple[str, ...]]:
    """The prompt, and the passages whose saved states are stitched into it (`stitch`: all of them, or
    the others than the best, which then comes last). Its instructions and, unstitched, its start up to
    the first passage are primed first (their evaluated states are kept, see `rag.prefix`)."""
    s = parts.settings
    texts = parts.windows.texts(query, hits, s.context_sentences) if s.context == "sentences" else None
    style = {"example": s.prompt_example, "rule": s.prompt_rule}
    openings = [prompt.instructions(language, **style)]
    if s.stitch == "off":
        openings.append(prompt.instructions(language, hits, texts, **style))
    parts.generator.prime(openings)
    shown = hits[::-1] if s.stitch == "others" else hits  # the passage evaluated whole, nearest the question
    stitched = shown[:-1] if s.stitch == "others" else shown if s.stitch == "all" else []
    segments = prompt.segments(stitched, language, texts)
    return prompt.build_messages(question, shown, language, previous, texts, **style), segments


def _draft(parts: Parts, messages: Messages, refusal: str, probes: dict[str, probe.StateProbe],
           gate: float, segments: tuple[str, ...]) -> tuple[str, bool]:
    """The first draft (its prompt stitched from the `segments`' states where given), and whether it was
    stopped at its first piece because the prompt-end probe (`probe_prompt`, read before that piece) is
    below `gate` (0: never)."""
    pieces: list[str] = []
    more = {"segments": segments} if segments else {}  # a backend without stitching need not take them
    stream = parts.generator.stream(messages, parts.settings.max_new_tokens, refusal=refusal, **more)
    for piece in stream:
        pieces.append(piece)
        if gate and len(pieces) == 1 and probe.read({"probe_prompt": probes["probe_prompt"]}, parts.generator)["probe_prompt"] < gate:
            getattr(stream, "close", lambda: None)()  # the generator's own clean-up runs (its timings)
            return "".join(pieces), True
    return "".join(pieces), False


def _generate(parts: Parts, messages: Messages, clock: Clock, kind: str, tried: list[tuple[Messages, str]]) -> str:
    """A second try (`kind`: "retry" or "translate"), timed as such; its conversation goes to `tried`."""
    clock.lap("decision")
    text = "".join(parts.generator.stream(messages, parts.settings.max_new_tokens))
    clock.lap("second_try_seconds")
    clock.second_try = kind
    tried.append((messages, text))
    return text


def evidence_sentence(answer: str, hits: list[Hit], scored: list[tuple[str, float]]) -> str:
    """The sentence (with its neighbours) that holds the answer, else the one closest to the question."""
    found = grounding.evidence(answer, hits)
    if found is not None:
        return found[0]
    return max(scored, key=lambda p: p[1])[0] if scored else (hits[0].paragraph.text if hits else "")


def citation(hit: Hit) -> Citation:
    p = hit.paragraph
    return Citation(p.number, p.source, p.text, round(hit.score, 4), p.section, p.page)
