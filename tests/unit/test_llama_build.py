"""The set-up's choice of llama.cpp kernels, from fake /proc/cpuinfo texts."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "llama_build.py"
spec = importlib.util.spec_from_file_location("llama_build", SCRIPT)
llama_build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(llama_build)

EPYC = ("processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse sse2 avx avx2 fma f16c bmi2 avx512f avx512dq "
        "avx512ifma avx512cd avx512bw avx512vl avx512_bf16 avx512vbmi avx512_vbmi2 avx512_vnni\n\nprocessor\t: 1\n")
AVX2_ONLY = "processor\t: 0\nflags\t\t: fpu sse sse2 avx avx2 fma f16c bmi2\n"
NO_VNNI = EPYC.replace(" avx512_vnni", "")
ARM = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32\n"


def test_a_cpu_with_the_whole_avx512_family_gets_the_avx512_kernels() -> None:
    args = llama_build.cmake_args(EPYC)
    assert args.startswith("-DGGML_NATIVE=OFF")
    assert all(flag in args for flag in ("-DGGML_AVX512=ON", "-DGGML_AVX512_VNNI=ON", "-DGGML_AVX512_VBMI=ON",
                                         "-DGGML_AVX512_BF16=ON"))


@pytest.mark.parametrize("cpuinfo", [AVX2_ONLY, NO_VNNI, ARM, ""], ids=["avx2", "avx512-without-vnni", "arm", "empty"])
def test_any_other_cpu_gets_the_safe_build(cpuinfo: str) -> None:
    assert llama_build.cmake_args(cpuinfo) == "-DGGML_NATIVE=OFF"


def test_only_the_first_processor_flags_line_is_read() -> None:
    assert "avx512f" in llama_build.cpu_flags(EPYC + "flags\t\t: fpu\n")


def test_the_command_reads_a_cpuinfo_file(tmp_path: Path) -> None:
    fake = tmp_path / "cpuinfo"
    fake.write_text(AVX2_ONLY)
    out = subprocess.run([sys.executable, str(SCRIPT), "flags", "--cpuinfo", str(fake)], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "-DGGML_NATIVE=OFF"


def test_an_unknown_command_prints_the_usage_and_fails() -> None:
    out = subprocess.run([sys.executable, str(SCRIPT), "bogus"], capture_output=True, text=True)
    assert out.returncode == 2 and "CMAKE_ARGS" in out.stderr
