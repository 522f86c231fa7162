"""Eight gradio_client clients ask the real app at once for a minute: no errors, no answers mixed up.

Each client asks its own questions (none shared with another client), alternately in Indonesian
and English, so an answer delivered to the wrong client shows as the wrong `question`, the wrong
`language`, or citations of another paragraph. The `/ask` API is stateless (no history: follow-ups
are a browser-session feature), so there is no history to mix here. The model answers one request
at a time, so most of a request's latency is its wait in the queue. Prints the figures and writes
them to `load.json` in the test's tmp dir.
"""
from __future__ import annotations

import json
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from gradio_client import Client

pytestmark = [pytest.mark.integration,
              pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword).*")]

CLIENTS = 8
DURATION_S = 60.0       # no request starts after this
MAX_REQUESTS = 64       # nor once this many have started
REQUEST_TIMEOUT_S = 240  # 8 queued requests of up to ~15 s each, twice over

# per client: (question, language, any-of expected answer words, paragraphs that hold the answer)
Question = tuple[str, str, list[str], set[int]]
QUESTIONS: list[list[Question]] = [
    [("Berapa persen saham Scale AI yang dibeli Meta?", "id", ["49"], {2, 26}),
     ("How large a stake did Meta take in Scale AI?", "en", ["49"], {2, 26})],
    [("Who founded Scale AI?", "en", ["Alexandr Wang"], {11}),
     ("Siapa pendiri Scale AI?", "id", ["Alexandr Wang"], {11})],
    [("Kapan Google mengakuisisi DeepMind?", "id", ["2014"], {36}),
     ("In which year did Google buy DeepMind?", "en", ["2014"], {36})],
    [("Which US government department does Scale AI already work for?", "en",
      ["Department of Defense", "Defense Department", "Department of Defence", "Pentagon"], {29}),
     ("Lembaga pemerintah AS mana yang sudah dilayani Scale AI?", "id", ["Departemen Pertahanan"], {29})],
    [("Perusahaan teknologi mana yang berinvestasi di Anthropic?", "id", ["Amazon"], {38}),
     ("Which AI company did Amazon invest in?", "en", ["Anthropic"], {38})],
    [("Into which Meta apps does the article say AI will be built?", "en", ["WhatsApp", "Instagram", "Threads"], {32}),
     ("Di platform Meta mana saja AI akan disuntikkan?", "id", ["WhatsApp", "Instagram", "Threads"], {32})],
    [("Apa nama laboratorium baru Meta yang bertugas mengembangkan AGI?", "id", ["Superintelligence"], {11}),
     ("Which company did Google acquire in 2014?", "en", ["DeepMind"], {36})],
    [("Berapa persen saham non-voting Scale AI yang diakuisisi Meta pada 2025?", "id", ["49"], {2, 26}),
     ("Who is the founder of Scale AI?", "en", ["Alexandr Wang"], {11})],
]


@dataclass
class Record:
    """What the clients saw, all together."""

    requests: int = 0
    errors: list[str] = field(default_factory=list)
    mixed: list[str] = field(default_factory=list)    # an answer to another question or in another language
    wrong: list[str] = field(default_factory=list)    # the right question, but not its answer or paragraph
    latencies: list[float] = field(default_factory=list)   # submit -> result, queueing included
    answer_seconds: list[float] = field(default_factory=list)  # the bot's own time per answer
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def check(result: dict, question: Question) -> tuple[str, str] | None:
    """(kind, why) when `result` is not this question's answer, else None."""
    text, language, expected, paragraphs = question
    if result.get("question") != text or result.get("language") != language:
        return "mixed", f"asked {text!r} ({language}), got {result.get('question')!r} ({result.get('language')})"
    cited = {c["paragraph"] for c in result.get("citations", [])}
    if not result.get("answered") or not any(e.lower() in result["text"].lower() for e in expected) \
            or not cited & paragraphs:
        return "wrong", f"{text!r} -> {result.get('text')!r} citing {sorted(cited)}"
    return None


def client_loop(url: str, questions: list[Question], deadline: float, record: Record) -> None:
    client = Client(url, verbose=False)
    n = 0
    while time.perf_counter() < deadline:
        with record.lock:
            if record.requests >= MAX_REQUESTS:
                return
            record.requests += 1
        question = questions[n % len(questions)]
        n += 1
        start = time.perf_counter()
        try:
            job = client.submit(question=question[0], language="auto", api_name="/ask")
            result = job.result(timeout=REQUEST_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the others
            with record.lock:
                record.errors.append(f"{question[0]!r}: {type(exc).__name__}: {exc}")
            continue
        latency = time.perf_counter() - start
        problem = check(result, question)
        with record.lock:
            record.latencies.append(latency)
            record.answer_seconds.append(float(result.get("seconds", 0.0)))
            if problem:
                getattr(record, problem[0]).append(problem[1])


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("where", ["ui_server", "ui_server_remote"], ids=["in-process", "server"])
def test_eight_clients_for_a_minute_get_their_own_answers(where: str, request, tmp_path: Path, capsys) -> None:
    ui_server = request.getfixturevalue(where)
    assert len(QUESTIONS) == CLIENTS and len({q[0] for qs in QUESTIONS for q in qs}) == 2 * CLIENTS
    record = Record()
    start = time.perf_counter()
    deadline = start + DURATION_S
    threads = [threading.Thread(target=client_loop, args=(ui_server, qs, deadline, record), daemon=True)
               for qs in QUESTIONS]
    for t in threads:
        t.start()
    for t in threads:
        t.join(DURATION_S + REQUEST_TIMEOUT_S + 30)
    wall = time.perf_counter() - start
    assert not any(t.is_alive() for t in threads), "a client is still waiting after its timeout"

    done = len(record.latencies)
    figures = {
        "clients": CLIENTS, "duration_s": DURATION_S, "wall_s": round(wall, 1), "requests": record.requests,
        "completed": done, "errors": len(record.errors), "mixed": len(record.mixed), "wrong": len(record.wrong),
        "latency_median_s": round(statistics.median(record.latencies), 2) if done else None,
        "latency_p95_s": round(p95(record.latencies), 2) if done else None,
        "answer_median_s": round(statistics.median(record.answer_seconds), 2) if done else None,
        "answers_per_minute": round(60 * done / wall, 1),
    }
    out = tmp_path / "load.json"
    details = {"errors": record.errors, "mixed": record.mixed, "wrong": record.wrong}
    out.write_text(json.dumps({**figures, "details": details}, indent=2), encoding="utf-8")
    with capsys.disabled():
        print(f"\n[ui load, {where}] {json.dumps(figures)}\n[ui load] written to {out}")
    assert record.errors == [] and record.mixed == [], (record.errors, record.mixed)
    assert record.wrong == [], record.wrong
    assert done == record.requests and done >= CLIENTS  # every client got at least one answer
