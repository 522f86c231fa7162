"""Choose llama.cpp's CPU kernels for the machine the set-up runs on, and check the build.

    python scripts/llama_build.py flags [--cpuinfo FILE]   print CMAKE_ARGS for this CPU (or FILE)
    python scripts/llama_build.py check MODEL.gguf          load the built library, evaluate a prompt

`-DGGML_NATIVE=ON` crashed on these machines, so the kernels are named explicitly: the AVX-512
family where /proc/cpuinfo shows every flag it needs (~35-40% faster prompts than AVX2 here),
else the safe AVX2 build. `check` runs in a child process of scripts/setup.sh: an illegal
instruction or a segfault there makes the set-up rebuild with the safe flags.
"""
from __future__ import annotations

import sys
from pathlib import Path

SAFE = "-DGGML_NATIVE=OFF"
# cpuinfo flag -> the ggml option that uses it; all of them are needed for the AVX-512 build
AVX512 = {"avx512f": "-DGGML_AVX512=ON", "avx512_vnni": "-DGGML_AVX512_VNNI=ON",
          "avx512vbmi": "-DGGML_AVX512_VBMI=ON", "avx512_bf16": "-DGGML_AVX512_BF16=ON"}
NEEDED_TOO = ("avx2", "fma", "f16c", "avx512bw", "avx512dq", "avx512vl")


def cpu_flags(cpuinfo: str) -> set[str]:
    """The feature flags of the first processor in a /proc/cpuinfo text."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            return set(value.split())
    return set()


def cmake_args(cpuinfo: str) -> str:
    """CMAKE_ARGS for llama-cpp-python on this CPU.

    >>> cmake_args("flags : fpu sse avx2 fma")
    '-DGGML_NATIVE=OFF'
    >>> cmake_args("flags : avx2 fma f16c avx512f avx512bw avx512dq avx512vl avx512_vnni avx512vbmi avx512_bf16")
    '-DGGML_NATIVE=OFF -DGGML_AVX512=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_BF16=ON'
    """
    have = cpu_flags(cpuinfo)
    if set(AVX512) | set(NEEDED_TOO) <= have:
        return " ".join([SAFE, *AVX512.values()])
    return SAFE


def check(model: str) -> None:
    """Load the model with the installed llama_cpp and evaluate a short prompt (crashes, if the
    kernels do not fit this CPU, with SIGILL or SIGSEGV: run it in a child process)."""
    from llama_cpp import Llama

    llm = Llama(model_path=model, n_ctx=256, n_threads=1, verbose=False)
    out = llm.create_completion("Ibu kota Indonesia adalah", max_tokens=4, temperature=0.0, top_k=1)
    print(f"llama.cpp build ok: {out['choices'][0]['text']!r}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["flags"]:
        path = argv[2] if len(argv) > 2 and argv[1] == "--cpuinfo" else "/proc/cpuinfo"
        text = Path(path).read_text(encoding="utf-8", errors="replace") if Path(path).exists() else ""
        print(cmake_args(text))
        return 0
    if argv[:1] == ["check"] and len(argv) == 2:
        check(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
