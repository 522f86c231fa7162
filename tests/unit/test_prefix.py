import numpy as np
import pytest

from rag.generators import prefix

llama_cpp = pytest.importorskip("llama_cpp")


def state(n: int = 5) -> "llama_cpp.LlamaState":
    ids = np.zeros(32, dtype=np.intc)
    ids[:n] = np.arange(1, n + 1)
    return llama_cpp.LlamaState(input_ids=ids, scores=np.ones((n, 7), dtype=np.single), n_tokens=n,
                                llama_state=b"\x01\x02kv-bytes", llama_state_size=10, seed=0)


def test_a_saved_state_loads_back_without_pickle(tmp_path) -> None:
    path = tmp_path / "states" / "x.npz"
    prefix.save(path, state(), budget=1 << 30)
    back = prefix.load(path)
    assert back.n_tokens == 5 and back.input_ids[:5].tolist() == [1, 2, 3, 4, 5] and len(back.input_ids) == 32
    assert back.llama_state == b"\x01\x02kv-bytes" and back.llama_state_size == 10
    assert back.scores.shape == (1, 7)  # one row of logits is all a state keeps
    with np.load(path, allow_pickle=False) as z:  # plain arrays only
        assert sorted(z.files) == ["input_ids", "llama_state", "n_tokens", "scores", "seed"]


def test_an_unreadable_state_file_is_removed_and_reported_missing(tmp_path) -> None:
    path = tmp_path / "x.npz"
    path.write_bytes(b"PK\x03\x04 truncated")
    assert prefix.load(path) is None and not path.exists()
    assert prefix.load(tmp_path / "missing.npz") is None


def test_the_state_file_name_changes_with_the_model_instructions_and_context(tmp_path) -> None:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"weights")
    msgs = [{"role": "system", "content": "a"}]
    base = prefix.state_path(tmp_path, model, msgs, 2048)
    assert base == prefix.state_path(tmp_path, model, msgs, 2048)
    assert base != prefix.state_path(tmp_path, model, [{"role": "system", "content": "b"}], 2048)
    assert base != prefix.state_path(tmp_path, model, msgs, 4096)
    model.write_bytes(b"other weights")
    assert base != prefix.state_path(tmp_path, model, msgs, 2048)


def test_the_states_folder_is_kept_within_its_budget_least_recently_used_first(tmp_path) -> None:
    import os

    paths = [tmp_path / f"{name}.npz" for name in "abc"]
    for i, path in enumerate(paths[:2]):
        prefix.save(path, state(), budget=1 << 30)
        os.utime(path, ns=(i * 10**9, i * 10**9))  # a older than b
    size = paths[0].stat().st_size
    assert prefix.load(paths[0]) is not None  # loading a makes it the most recently used: b is now oldest
    prefix.save(paths[2], state(), budget=2 * size)
    assert paths[0].exists() and paths[2].exists() and not paths[1].exists()
    prefix.save(paths[1], state(), budget=0)  # a budget smaller than one state keeps the new one only
    assert [p.name for p in sorted(tmp_path.glob("*.npz"))] == ["b.npz"]


def test_states_saved_ahead_are_kept_apart_and_evicted_only_for_each_other_within_half_the_budget(tmp_path) -> None:
    import os

    ahead = [tmp_path / f"p{i}.npz" for i in range(3)]
    for i, path in enumerate(ahead[:2]):
        prefix.save(path, state(), budget=1 << 30, prepared=True)
        os.utime(prefix.found(path), ns=(i * 10**9, i * 10**9))
    size = prefix.found(ahead[0]).stat().st_size
    assert prefix.found(ahead[0]) == tmp_path / "prepared" / "p0.npz" and prefix.load(ahead[0]) is not None
    answering = [tmp_path / f"q{i}.npz" for i in range(4)]
    for path in answering:  # answering over other documents: its own states evict each other, not the prepared
        prefix.save(path, state(), budget=4 * size)
    assert all(prefix.found(p).exists() for p in ahead[:2])
    assert [p.exists() for p in answering] == [False, False, True, True]
    prefix.save(ahead[2], state(), budget=4 * size, prepared=True)  # three prepared > half: the oldest goes
    assert [prefix.found(p).exists() for p in ahead] == [True, False, True]


def test_preparing_a_state_saved_while_answering_moves_it_among_the_prepared(tmp_path) -> None:
    path = tmp_path / "x.npz"
    prefix.save(path, state(), budget=1 << 30)
    prefix.pin(path)
    assert not path.exists() and prefix.found(path) == tmp_path / "prepared" / "x.npz"
    assert prefix.load(path).n_tokens == 5
    prefix.pin(tmp_path / "missing.npz")  # nothing to move: nothing happens
