"""Synthetic documents for the scaling benchmarks: deterministic, bilingual, no download.

Sentences are drawn from templates filled with names, numbers and topic words, so that BM25 and
the embedder see text shaped like the article's (names, years, percentages, both languages).
"""
from __future__ import annotations

import random
from pathlib import Path

COMPANIES = ["Meta", "Google", "Amazon", "Microsoft", "Nvidia", "OpenAI", "Anthropic", "Scale AI", "DeepMind",
             "Mistral", "Cohere", "Tokopedia", "Gojek", "Bukalapak", "Traveloka", "Samsung", "Apple", "Baidu"]
TOPICS_ID = ["pelabelan data", "model bahasa", "pusat data", "chip AI", "regulasi antimonopoli", "talenta riset",
             "komputasi awan", "keamanan siber", "robotika", "kendaraan otonom", "periklanan digital"]
TOPICS_EN = ["data labelling", "language models", "data centres", "AI chips", "antitrust rules", "research talent",
             "cloud computing", "cyber security", "robotics", "self-driving cars", "digital advertising"]
ID = ["Pada tahun {year}, {a} membeli {pct}% saham {b} untuk memperkuat {topic}.",
      "{a} menginvestasikan {money} miliar dolar di bidang {topic} menurut laporan {year}.",
      "Analis menilai {b} unggul dalam {topic} dibanding {a}.",
      "Kerja sama {a} dan {b} berfokus pada {topic} di Asia Tenggara.",
      "Regulator memeriksa kesepakatan {a} dengan {b} sejak {year}."]
EN = ["In {year}, {a} bought a {pct}% stake in {b} to strengthen its {topic}.",
      "{a} invested {money} billion dollars in {topic}, according to a {year} report.",
      "Analysts say {b} leads {a} in {topic}.",
      "The partnership between {a} and {b} focuses on {topic} in Southeast Asia.",
      "Regulators have examined the deal between {a} and {b} since {year}."]


def paragraph(rng: random.Random, language: str) -> str:
    templates, topics = (ID, TOPICS_ID) if language == "id" else (EN, TOPICS_EN)
    a, b = rng.sample(COMPANIES, 2)
    return " ".join(rng.choice(templates).format(a=a, b=b, topic=rng.choice(topics), year=rng.randint(2000, 2026),
                                                 pct=rng.randint(1, 99), money=rng.randint(1, 90))
                    for _ in range(rng.randint(2, 4)))


def texts(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """`n` (language, paragraph) pairs, half Indonesian, half English."""
    rng = random.Random(seed)
    return [(lang, paragraph(rng, lang)) for lang in ("id", "en") * (n // 2) + ("id",) * (n % 2)]


def write(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """Write `n` paragraphs as two titled documents (one per language) under `folder`; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for lang in ("id", "en"):
        title = f"Synthetic benchmark corpus ({lang})"  # the first block of a document is its title
        body = "\n\n".join([title] + [t for code, t in texts(n, seed) if code == lang])
        path = folder / f"synthetic-{n}.{lang}.txt"
        path.write_text(body + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def search_ms(retriever, questions: list[tuple[str, str]]) -> list[float]:  # noqa: ANN001 - a rag Retriever
    """Milliseconds of each (question, language) searched in turn."""
    import time

    times = []
    for question, language in questions:
        start = time.perf_counter()
        retriever.search(question, language)
        times.append(1000 * (time.perf_counter() - start))
    return times
