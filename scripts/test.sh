#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: unit tests, real-model integration tests and
# the real-browser UI test (Debian's Chromium, installed here when missing; never a downloaded browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -x /usr/bin/chromium ]; then
    echo "== installing Debian's chromium for the browser test" >&2
    SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
    ($SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium) \
        || { echo "could not install chromium (needed by tests/ui/test_browser.py)" >&2; exit 1; }
fi
exec .venv/bin/python -m pytest "$@"
