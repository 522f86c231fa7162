"""The performance targets, checked against a bench result, and the readable table."""
from __future__ import annotations

import statistics

# (name, profile or None, limit, how to read the measured value, "<=" or ">=")
LIMITS = {
    "quality": {"latency median (s)": 2.0, "latency p95 (s)": 4.0, "first token median (s)": 1.0,
                "peak RSS (MB)": 2560},
    "fast": {"latency median (s)": 1.0, "latency p95 (s)": 2.5, "first token median (s)": 0.6,
             "peak RSS (MB)": 1024},
    "quality news": {"latency median (s)": 3.0},  # a corpus never seen before, first pass, nothing saved
}

PAIR_MEDIAN = {"article": 0.4, "news-prepared": 0.4}  # ours / naive; a corpus's very first pass: 0.8


def _row(name: str, limit: float, measured: float | None, higher_is_better: bool = False) -> dict:
    met = None if measured is None else (measured >= limit if higher_is_better else measured <= limit)
    return {"target": name, "limit": f"{'>=' if higher_is_better else '<='} {limit:g}", "measured": measured, "met": met}


def _same_ids_median(answers: dict, ids: list[str]) -> float | None:
    secs = [r["seconds"] for r in answers["answers"][1:] if r["id"] in ids]
    return round(statistics.median(secs), 3) if secs else None


def check(result: dict) -> list[dict]:
    rows = []
    for profile, a in result.get("answers", {}).items():
        limits = LIMITS.get(profile, {})
        measured = {"latency median (s)": a["latency_s"]["median"], "latency p95 (s)": a["latency_s"]["p95"],
                    "first token median (s)": a["first_token_s"]["median"], "peak RSS (MB)": a["peak_rss_mb"]}
        rows += [_row(f"{profile}: {k}", v, measured[k]) for k, v in limits.items()]
        if " " not in profile:  # the news runs load another corpus: their cold start is not the article's
            rows.append(_row(f"{profile}: cold start to first answer (s)", 3.0, a["cold_start_s"]))
        if "raw" in a:
            for kind in ("prompt", "generated"):
                raw = a["raw"][f"{kind}_tokens_per_s"]
                bot = a["raw"].get(f"bot_{kind}_tokens_per_s", a[f"{kind}_tokens_per_s"])  # same prompts when known
                ratio = round(bot / raw, 3) if raw else None
                rows.append(_row(f"{profile}: {kind} tokens/s, bot / raw llama-cpp", 0.95, ratio, True))
    peer = result.get("peer")
    if peer and peer["profile"] in result.get("answers", {}):
        ours = result["answers"][peer["profile"]]
        mine = _same_ids_median(ours, [r["id"] for r in peer["answers"][1:]]) or ours["latency_s"]["median"]
        rows.append(_row("peer latency / ours (same questions)", 1.0, round(peer["latency_s"]["median"] / mine, 2), True))
        rows.append(_row("peer cold start / ours", 10.0, round(peer["cold_start_s"] / ours["cold_start_s"], 2), True))
        rows.append(_row("peer peak RSS / ours", 1.5, round(peer["peak_rss_mb"] / ours["peak_rss_mb"], 2), True))
    for corpus, p in result.get("pairs", {}).items():  # ours / naive, same process, alternately (issue 33)
        rows.append(_row(f"{corpus}: ours / naive, median", PAIR_MEDIAN.get(corpus, 0.8), p["ratio"]["median"]))
        rows.append(_row(f"{corpus}: ours / naive, p95", 1.0, p["ratio"]["p95"]))
        rows.append(_row(f"{corpus}: retrieved paragraphs shown, median (s)", 0.2, p["sources_s"]["median"]))
    big = [r for r in result.get("retrieval", []) if r["paragraphs"] >= 100_000]
    if big:
        rows.append(_row("retrieval median at 100k (ms)", 10.0, big[0]["median_ms"]))
    article = [b for b in result.get("index_build", []) if b["corpus"] == "article"]
    if article:
        rows.append(_row("article index build (s)", 3.0, article[0]["seconds"]))
    return rows


def table(result: dict) -> str:
    m = result["machine"]
    out = [f"machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB, Python {m['python']}, "
           f"llama-cpp-python {m['llama_cpp_python']}, kernels: {m.get('llama_kernels', '?')}", "", "| index build | paragraphs | seconds |", "|---|---:|---:|"]
    out += [f"| {b['corpus']} | {b['paragraphs']:,} | {b['seconds']:.2f} |" for b in result.get("index_build", [])]
    out += ["", "| retrieval (hybrid) | index | median ms | p95 ms |", "|---|---|---:|---:|"]
    out += [f"| {r['paragraphs']:,} paragraphs | {r['faiss_index']} | {r['median_ms']:.2f} | {r['p95_ms']:.2f} |"
            for r in result.get("retrieval", [])]
    answers = result.get("answers", {})
    if answers:
        names = list(answers)
        out += ["", "| answers | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
        fields = [("cold start, process start to first answer (s)", lambda a: a["cold_start_s"]),
                  ("ready, process start to loaded (s)", lambda a: a["ready_s"]),
                  ("latency median (s)", lambda a: a["latency_s"]["median"]),
                  ("latency p95 (s)", lambda a: a["latency_s"]["p95"]),
                  ("first token median (s)", lambda a: a["first_token_s"]["median"]),
                  ("prompt tokens per answer (median)", lambda a: a["prompt_tokens"]["median"]),
                  ("of them evaluated (rest from the prefix cache)", lambda a: a["evaluated_prompt_tokens"]["median"]),
                  ("generated tokens (median)", lambda a: a["generated_tokens"]["median"]),
                  ("prompt tokens/s: bot", lambda a: a["prompt_tokens_per_s"]),
                  ("prompt tokens/s: raw llama-cpp-python", lambda a: a.get("raw", {}).get("prompt_tokens_per_s")),
                  ("prompt tokens/s: bot on the prompts replayed raw", lambda a: a.get("raw", {}).get("bot_prompt_tokens_per_s")),
                  ("generated tokens/s: bot", lambda a: a["generated_tokens_per_s"]),
                  ("generated tokens/s: raw llama-cpp-python", lambda a: a.get("raw", {}).get("generated_tokens_per_s")),
                  ("generated tokens/s: bot on the prompts replayed raw", lambda a: a.get("raw", {}).get("bot_generated_tokens_per_s")),
                  ("accuracy on these questions", lambda a: a["accuracy"]),
                  ("peak RSS (MB)", lambda a: a["peak_rss_mb"])]
        out += [f"| {label} | " + " | ".join(str(get(answers[n])) for n in names) + " |" for label, get in fields]
    peer = result.get("peer")
    if peer:
        out += ["", f"naive peer ({peer['profile']} GGUF via transformers, MiniLM via sentence-transformers): "
                f"cold start {peer['cold_start_s']} s, latency median {peer['latency_s']['median']} s "
                f"(p95 {peer['latency_s']['p95']} s), {peer['prompt_tokens']} prompt tokens, "
                f"peak RSS {peer['peak_rss_mb']} MB, accuracy {peer['accuracy']}"]
    out += pairs_table(result.get("pairs", {})) + hits_table(result.get("hits"))
    out += ["", "| target | limit | measured | met |", "|---|---|---:|---|"]
    out += [f"| {t['target']} | {t['limit']} | {t['measured']} | {'yes' if t['met'] else 'NO' if t['met'] is False else '-'} |"
            for t in result.get("targets", [])]
    return "\n".join(out)


def pairs_table(pairs: dict) -> list[str]:
    """Ours beside naive (same process, alternately) and where ours' time went, per corpus."""
    if not pairs:
        return []
    names = list(pairs)
    out = ["", "| ours beside naive, same run | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    rows = [("questions", lambda p: p["questions"]),
            ("ours median / p95 (s)", lambda p: f"{p['ours']['median']:.2f} / {p['ours']['p95']:.2f}"),
            ("naive median / p95 (s)", lambda p: f"{p['naive']['median']:.2f} / {p['naive']['p95']:.2f}"),
            ("ratio of medians / of p95s", lambda p: f"{p['ratio']['median']} / {p['ratio']['p95']}"),
            ("retrieved paragraphs shown, median (s)", lambda p: p["sources_s"]["median"])]
    steps = ("retrieval", "priming", "generation", "second_try_seconds", "sentences", "verify", "decision")
    rows += [(f"ours: {s.replace('_seconds', '')} (mean s)", lambda p, s=s: p["breakdown"]["mean_s"].get(s, 0.0)) for s in steps]
    rows += [("ours: prompt tokens, of them evaluated", lambda p: f"{p['breakdown']['tokens']['prompt_tokens']:.0f}, "
              f"{p['breakdown']['tokens']['evaluated_tokens']:.0f}"),
             ("ours: tokens generated", lambda p: f"{p['breakdown']['tokens']['generated_tokens']:.0f}"),
             ("ours: second tries (retry, translate: share)", lambda p: ", ".join(
                 f"{v['share']:.0%}" for v in p["breakdown"]["second_tries"].values())),
             ("prepared ahead: paragraphs/s (openings)", lambda p: _prepared(p.get("prepared"))),
             ("index build: paragraphs/s (naive needs it too)", lambda p: (p.get("index") or {}).get("paragraphs_per_s", "-"))]
    out += [f"| {label} | " + " | ".join(str(get(pairs[n])) for n in names) + " |" for label, get in rows]
    return out


def _prepared(prepared: dict | None) -> str:
    if not prepared:
        return "-"
    if not prepared.get("paragraphs_per_s"):
        return f"saved before: {prepared['openings']} loaded in {prepared['seconds']} s"
    return f"{prepared['paragraphs_per_s']} ({prepared['evaluated']} openings evaluated in {prepared['seconds']} s)"


def hits_table(hits: dict | None) -> list[str]:
    """The state budget's hit rate over two corpora (`rag bench --hits`)."""
    if not hits:
        return []
    per = ", ".join(f"{c} {r:.0%}" for c, r in hits["per_corpus"].items())
    return ["", f"State budget ({hits['state_cache_mb']} MB) after {hits['questions']} questions over two corpora: "
            f"hit rate {hits['hit_rate']:.0%} ({per}; last 100: {hits['last_100']['hit_rate']:.0%}); prepared "
            f"states kept {hits['prepared_left']} ({hits['prepared_mb']} MB; {hits['prepared_openings']} openings "
            f"prepared), answering states {hits['answering_states']} ({hits['answering_mb']} MB)"]
