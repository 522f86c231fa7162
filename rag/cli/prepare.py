"""`rag prepare`: verify the weights, build the index when missing or stale, save the prompt openings (the set-up's step)."""
from __future__ import annotations

import argparse
import time

from .common import settings_from, warm


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser("prepare", help="verify model weights, build the index, save prompt openings",
                       description="Join and verify the generator weights (both profiles) into the cache, build the index "
                                   "when missing or stale, and save the evaluated prompt opening of every paragraph in both "
                                   "languages for the chosen profile (~1.5 minutes the first time with the 1.5B, then seconds).")
    p.add_argument("--no-warm", action="store_true", help="do not save the prompt openings ahead")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    from ..generators.weights import PROFILES, ensure
    from ..indexing.embedders import make_embedder
    from ..indexing.indexer import open_index

    s = settings_from(args)
    for profile in PROFILES:
        start = time.perf_counter()
        path = ensure(profile, s.folder("models"))
        print(f"weights ({profile}): {path} verified in {time.perf_counter() - start:.1f}s")
    start = time.perf_counter()
    embedder = make_embedder(s)
    stored = open_index(s, embedder)
    print(f"index: {stored.manifest.paragraphs} paragraphs ready in {time.perf_counter() - start:.1f}s")
    if not args.no_warm:
        warm(s, stored, embedder)
    return 0
