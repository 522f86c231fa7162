"""Frozen dataclasses that carry data between the stages: paragraph -> hit -> answer."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    """One blank-line-separated block of a source file, numbered from 1 across the corpus.

    `text` is the block exactly as written (surrounding whitespace trimmed); `section` is the
    heading it falls under ("" before the first heading).
    """

    number: int
    source: str
    section: str
    text: str
    is_heading: bool = False
    language: str = "id"
    page: int | None = None  # the PDF page it is on (1-based); None for other documents

    def embed_text(self) -> str:
        """What the embedder sees: the section heading as context, then the paragraph."""
        if self.section and not self.is_heading:
            return f"{self.section}\n{self.text}"
        return self.text


@dataclass(frozen=True)
class Hit:
    """A retrieved paragraph with its fused score and the component scores behind it."""

    paragraph: Paragraph
    score: float
    dense: float = 0.0
    lexical: float = 0.0


@dataclass(frozen=True)
class Retrieval:
    """What retrieval found: the hits, best first, and the best dense similarity of any paragraph
    (a low one means the corpus does not hold the answer)."""

    hits: list[Hit]
    best_dense: float


@dataclass(frozen=True)
class Citation:
    """A paragraph an answer used."""

    paragraph: int
    source: str
    text: str
    score: float
    section: str = ""
    page: int | None = None  # the PDF page, when the source is a PDF


@dataclass(frozen=True)
class Signals:
    """What the answerability decision weighs (see `rag.answer.decide`): measured on the retrieval, on
    decoding and on the model's best answer. Shares are in 0..1; flags are 0 or 1."""

    refusal_prob: float        # probability the reply would have started with the refusal sentinel
    mean_logprob: float        # mean log-probability of the answer's tokens
    min_logprob: float         # the least likely token's log-probability
    best_dense: float          # best cosine similarity of any paragraph to the question
    top_score: float           # fused score of the first hit
    margin: float              # fused score of the first hit minus the second's
    names_found: float         # share of the question's names and numbers found in the passages
    words_found: float         # share of the question's distinctive words found in the first passage
    answer_support: float      # share of the answer's new distinctive words found in the passages
    cross_language: float      # 1 when the question's language is not the first passage's
    answer_words: float        # words in the answer
    asked_in_source: float     # share of the question's words (names, across languages) in the passage the answer used
    sentence_match: float      # similarity of the question to the sentence that holds the answer (0: none does)
    best_sentence: float       # similarity of the question to the best sentence of the passages
    type_match: float          # 0 when the question wants a number or a name and the answer has none
    # does the answer's evidence sentence state what was asked (rag.answer.grounding)?
    unit_match: float = 1.0        # 0 when a number of another kind is asked ("how many dollars" answered "49%")
    asked_in_sentence: float = 1.0  # share of the question's words in the sentence the answer came from
    comparison_match: float = 1.0  # 0 when a comparison or superlative is asked and that sentence states none
    time_match: float = 1.0        # 0 when a year or "now" is asked and the answer's passage has neither
    claim_match: float = 0.0       # similarity of question + answer to the sentence holding the answer
    # is the claim stated? (rag.answer.claims: no model; rag.answer.verify: the generator's own yes/no)
    quantities_stated: float = 1.0  # 0 when an amount, share or year of the answer is stated by no sentence as written
    names_stated: float = 1.0       # 0 when a "who" answer's name is in no sentence with what was asked
    verified: float = float("nan")  # P(yes): the generator, asked after its answer, says a passage states it
    verified_sentence: float = float("nan")  # P(yes): the evidence sentence states the answer, asked alone
    probe: float = float("nan")     # P(right) read by a linear probe off the generator's state where its draft ends
    probe_prompt: float = float("nan")  # the same, off its state where the prompt ends (before it writes)

    def vector(self, names: tuple[str, ...]) -> list[float]:
        return [float(getattr(self, n)) for n in names]


@dataclass(frozen=True)
class Timings:
    """Where one answer's seconds went, step by step, and the generator's work in tokens."""

    retrieval: float = 0.0          # question embedding, FAISS, BM25, fusion
    priming: float = 0.0            # the saved prompt openings loaded (or evaluated and saved, first time)
    generation: float = 0.0         # the first reply, prompt and decoding (split below, from the generator)
    prompt_tokens: int = 0          # the first prompt's tokens
    evaluated_tokens: int = 0       # of them, evaluated now (the rest came from a saved opening)
    prompt_seconds: float = 0.0
    generated_tokens: int = 0
    generate_seconds: float = 0.0
    second_try: str = ""            # "retry" (the reply said nothing new), "translate" (words of the other language) or ""
    second_try_seconds: float = 0.0
    verify: float = 0.0             # the generator's yes/no checks of its answer (rag.answer.verify)
    rewrite: float = 0.0            # a follow-up made into a question that stands alone (rag.answer.followup)
    sentences: float = 0.0          # the passages' sentences scored against the question, for the decision
    decision: float = 0.0           # the other signals and the answerability model
    total: float = 0.0


@dataclass(frozen=True)
class Answer:
    """The bot's answer: text in `language`, whether it was answered, and its citations."""

    text: str
    language: str
    answered: bool
    citations: list[Citation] = field(default_factory=list)
    question: str = ""
    seconds: float = 0.0
    notice: str = ""  # e.g. that the question's language is not supported (also leads `text`)
    confidence: float | None = None  # the answerability model's probability of its fit's target: for the shipped
    # model that `draft` is right (rag/answer/answerability.json, "fitted")
    draft: str = ""                   # the model's best answer, shown or not
    signals: Signals | None = None    # what the decision weighed (None when there was nothing to weigh)
    timings: Timings | None = None    # where its time went
    sureness: str = ""                # how sure, as a band of words (rag.answer.decide.in_words): supported, probable, uncertain, unverified
    understood_as: str = ""           # a follow-up as the question it was taken to be ("Who founded Scale AI?")

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-serialisable dict of every field.

        >>> Answer("49% [5]", "id", True, [Citation(5, "a.txt", "...", 0.9)]).to_dict()["citations"][0]["paragraph"]
        5
        """
        return asdict(self)
