"""`rag serve` under load, and what the API adds: `python -m bench.serve [--clients 8] [--seconds 60] [-- FLAGS]`.

Starts a real `rag serve` on 127.0.0.1 over a temporary users file and library (the user's own are
never touched), with one reader's key, then measures:
- overhead: questions asked one at a time through `POST /v1/ask`; what the API adds is the round trip
  minus the answer's own time inside the bot (`Answer.seconds`), so the machine's noise cancels;
- login: an argon2id password check (what a UI login costs), median of 5;
- load: `--clients` clients for `--seconds`, each asking its own questions in turn; every reply must be
  HTTP 200 and carry the question its client asked (no answer delivered to the wrong client):
  answers a minute, latency median and p95, errors.
FLAGS after `--` go to `rag serve` (e.g. `--generator-backend openai --generator-url URL`: the
generator behind an inference server). Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from eval.running.run import median_p95
from eval.scoring.score import load
from rag.access.accounts import Accounts
from rag.access.userfile import FileAccounts

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "sets" / "article" / "questions.jsonl"


def start(data: Path, port: int, flags: list[str]) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "serve", "--port", str(port), "--users-file",
                             str(data / "users.json"), "--library-dir", str(data / "library"), *flags],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"rag serve exited with {proc.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=2)
            return proc
        except httpx.TransportError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("rag serve did not start within 10 minutes")


def ask(client: httpx.Client, question: str) -> tuple[float, dict]:
    began = time.perf_counter()
    r = client.post("/v1/ask", json={"question": question}, timeout=600)
    return time.perf_counter() - began, (r.json() if r.status_code == 200 else {"status": r.status_code, "error": r.text})


def overhead(client: httpx.Client, questions: list[str]) -> dict:
    added = []
    for q in questions:
        seconds, body = ask(client, q)
        if "seconds" in body:
            added.append(seconds - body["seconds"])
    median, p95 = median_p95(added)
    return {"questions": len(added), "added_ms_median": round(1000 * median, 1), "added_ms_p95": round(1000 * p95, 1)}


def login(accounts: Accounts) -> dict:
    times = []
    for _ in range(5):
        began = time.perf_counter()
        assert accounts.verify("rita", "reader password") is not None
        times.append(time.perf_counter() - began)
    return {"password_check_ms_median": round(1000 * statistics.median(times), 1)}


def loaded(url: str, key: str, questions: list[str], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    problems: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def one(n: int) -> None:
        mine = questions[n::clients] or questions
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}) as client:
            i = 0
            while time.monotonic() < stop:
                q = mine[i % len(mine)]
                took, body = ask(client, q)
                with lock:
                    if body.get("question") != q:
                        problems.append(f"client {n} asked {q!r}, got {body.get('question') or body}")
                    else:
                        latencies.append(took)
                i += 1

    threads = [threading.Thread(target=one, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - began
    median, p95 = median_p95(latencies) if latencies else (0.0, 0.0)
    return {"clients": clients, "seconds": round(wall, 1), "answers": len(latencies),
            "answers_a_minute": round(60 * len(latencies) / wall, 1), "latency_s_median": round(median, 2),
            "latency_s_p95": round(p95, 2), "errors": len(problems), "first_errors": problems[:3]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--overhead-questions", type=int, default=12)
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--json", type=Path, help="also write the result here")
    p.add_argument("flags", nargs="*", help="after --: flags for rag serve")
    args = p.parse_args()
    questions = [i.question for i in load(QUESTIONS) if i.answerable]
    with tempfile.TemporaryDirectory(prefix="rag-bench-serve-") as folder:
        data = Path(folder)
        accounts = FileAccounts(data / "users.json")
        accounts.add("rita", "reader", "reader password")
        key = accounts.new_key("rita")
        proc = start(data, args.port, args.flags)
        url = f"http://127.0.0.1:{args.port}"
        try:
            with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}) as client:
                ask(client, questions[0])  # the first answer loads the generator
                result = {"flags": args.flags, "overhead": overhead(client, questions[1:1 + args.overhead_questions]),
                          "login": login(accounts)}
            result["load"] = loaded(url, key, questions, args.clients, args.seconds)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
