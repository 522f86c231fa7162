#!/usr/bin/env bash
# Refresh docs/ui.png (the README's picture of the chat) from the browser test: the test answers an
# Indonesian and an English question in Chromium and saves the page here. The test run by
# scripts/test.sh saves its screenshot in a temporary folder and never touches docs/ui.png.
set -euo pipefail
cd "$(dirname "$0")/.."
RAG_UI_SCREENSHOT="$PWD/docs/ui.png" exec .venv/bin/python -m pytest -q tests/ui/test_browser.py \
    -k questions_in_both_languages "$@"
