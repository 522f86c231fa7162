#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: unit tests and the real-model integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
