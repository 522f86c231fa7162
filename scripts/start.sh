#!/usr/bin/env bash
# Set up (if needed) and start the bot on the shipped article.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/rag chat "$@"
