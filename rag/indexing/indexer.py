"""Build the index from source documents, and open it, checking it still matches them."""
from __future__ import annotations

import dataclasses
import hashlib
import sys
from pathlib import Path
from typing import Callable

import numpy as np

from . import store
from ..documents.corpus import Source, find_sources, load_corpus, read_source
from ..types import Paragraph
from .embedders import Embedder
from ..errors import DocumentError, IndexStateError
from ..settings import ROOT, Settings
from .store import FORMAT_VERSION, Manifest, Stored

BATCH = 16


def chunking(settings: Settings) -> dict:
    return {"unit": "paragraph", "split": "blank-line", "heading_context": settings.heading_context}


def source_files(settings: Settings, paths: list[Path] | None = None) -> list[Path]:
    """The document files to index: `paths` (files or folders) or the `sources` setting."""
    return find_sources(paths or [settings.path(s) for s in settings.sources])


def read_sources(settings: Settings, files: list[Path]) -> list[Source]:
    return [read_source(p, settings.max_document_bytes) for p in files]


def _portable(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def expected(settings: Settings, embedder: Embedder, sources: list[Source], files: list[Path]) -> Manifest:
    return Manifest(FORMAT_VERSION, embedder.name, embedder.dim, chunking(settings),
                    {s.name: s.sha256 for s in sources}, -1, [_portable(f) for f in files])


Progress = Callable[[int, int], None]


def embed_all(embedder: Embedder, texts: list[str], progress: bool, callback: Progress | None = None) -> np.ndarray:
    """Embed in batches, with a progress bar on stderr and/or `callback(done, total)`."""
    from tqdm import tqdm

    bar = tqdm(total=len(texts), desc="embedding paragraphs", unit="para", disable=not progress, file=sys.stderr)
    out = []
    for start in range(0, len(texts), BATCH):
        out.append(embedder.passages(texts[start:start + BATCH]))
        bar.update(len(out[-1]))
        if callback:
            callback(min(start + BATCH, len(texts)), len(texts))
    bar.close()
    return np.vstack(out) if out else np.zeros((0, embedder.dim), dtype=np.float32)


def build(settings: Settings, embedder: Embedder, files: list[Path] | None = None,
          progress: bool = True, callback: Progress | None = None) -> Stored:
    """Read, split, embed and store the documents (default: the `sources` setting); returns the
    new live index. A bad document raises DocumentError before anything is written."""
    files = source_files(settings, files)
    sources = read_sources(settings, files)
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise IndexStateError(f"two sources share a file name: {sorted(n for n in names if names.count(n) > 1)}")
    paragraphs = load_corpus(sources)
    vectors = embed_all(embedder, embed_texts(settings, paragraphs), progress, callback)
    manifest = dataclasses.replace(expected(settings, embedder, sources, files), paragraphs=len(paragraphs))
    root = settings.path(settings.index_dir)
    store.write(root, manifest, paragraphs, vectors, settings.index_kind(len(paragraphs)))
    return store.read(root)


def _files_to_check(settings: Settings, recorded: list[Path]) -> list[Path]:
    """The files an index must match: the `sources` setting's files when it was built from them
    (so a file added to a source folder is noticed), else the files it recorded."""
    try:
        configured = source_files(settings)
    except DocumentError:
        return recorded
    return configured if {p.resolve() for p in recorded} <= {p.resolve() for p in configured} else recorded


def open_index(settings: Settings, embedder: Embedder, progress: bool = True) -> Stored:
    """The live index if it still matches its documents and the embedder; otherwise rebuilt
    (on_stale="rebuild", with a message) or refused with IndexStateError saying what to run.

    The documents checked are the `sources` setting's (a file added to a source folder is
    noticed) or, for an index built from other paths (`rag index my-docs/`), those it recorded;
    with no index, the `sources` setting is built.
    """
    root = settings.path(settings.index_dir)
    try:
        stored = store.read(root)
        files = _files_to_check(settings, [settings.path(p) for p in stored.manifest.paths])
        now = expected(settings, embedder, read_sources(settings, files), files)
        why = stored.manifest.mismatch(dataclasses.replace(now, paragraphs=stored.manifest.paragraphs))
    except (IndexStateError, DocumentError) as exc:
        stored, files, why = None, None, str(exc)
    if why is None:
        return stored
    if settings.on_stale == "error":
        advice = "" if "rag index" in why else " Run `rag index` to rebuild it."
        raise IndexStateError(f"index at {root} is not usable: {why}.{advice}")
    print(f"rag: building the index at {root} ({why})", file=sys.stderr)
    try:
        return build(settings, embedder, files, progress)
    except DocumentError:
        if files is None:
            raise
        return build(settings, embedder, None, progress)  # a recorded document is gone: use the settings


def embed_texts(settings: Settings, paragraphs: list[Paragraph]) -> list[str]:
    """What is embedded of each paragraph: with its heading as context (`heading_context`), else its text."""
    return [p.embed_text() if settings.heading_context else p.text for p in paragraphs]


def unseen(read: list[tuple[Path, Source]], seen: set[str], names: set[str]) -> list[tuple[Path, Source]]:
    """The (path, source) pairs whose text is not among `seen` (SHA-256), the first of each text; a name
    among `names` (the index's documents) raises DocumentError."""
    seen, names, out = set(seen), set(names), []
    for path, src in read:
        if src.sha256 in seen:
            continue
        if src.name in names:
            raise DocumentError(f"{src.name}: another document with this name is already indexed; rename it")
        seen.add(src.sha256)
        names.add(src.name)
        out.append((path, src))
    return out


def extend(settings: Settings, embedder: Embedder, files: list[Path], new: list[Path],
           progress: Progress | None = None, index_dir: Path | None = None) -> tuple[Settings, Stored] | None:
    """Build an index of `files` plus the `new` ones not already among them (by content), in
    `index_dir` (default `<index_dir>/with-<digest>/`); None when nothing is new. Every new file is
    read first, so a bad one (DocumentError) or a name clash stops it before anything is built."""
    added = [read_source(Path(f), settings.max_document_bytes) for f in new]
    existing = read_sources(settings, files)
    fresh = unseen(list(zip(map(Path, new), added)), {s.sha256 for s in existing}, {s.name for s in existing})
    if not fresh:
        return None
    keep = [path for path, _ in fresh]
    if index_dir is None:
        seen = {s.sha256 for s in existing} | {src.sha256 for _, src in fresh}
        digest = hashlib.sha256(" ".join(sorted(seen)).encode()).hexdigest()[:16]
        index_dir = settings.path(settings.index_dir) / f"with-{digest}"
    settings = settings.with_overrides(index_dir=str(Path(index_dir)))
    return settings, build(settings, embedder, files + keep, progress=False, callback=progress)
