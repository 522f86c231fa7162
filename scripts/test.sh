#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: unit tests, real-model integration tests, the
# real-browser UI test (Debian's Chromium, installed here when missing; never a downloaded browser) and
# the tests against a real PostgreSQL (Debian's, installed here when missing) and a real Open WebUI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
if [ ! -x /usr/bin/chromium ]; then
    echo "== installing Debian's chromium for the browser test" >&2
    ($SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium) \
        || { echo "could not install chromium (needed by tests/ui/test_browser.py)" >&2; exit 1; }
fi
# The database tests (tests/postgres, marker postgres) start a throwaway cluster with Debian's initdb;
# without it they are skipped, saying so.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
    echo "== installing Debian's postgresql for the database tests" >&2
    ($SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql) \
        || echo "could not install postgresql: the tests in tests/postgres will be skipped" >&2
fi
# The Open WebUI tests (tests/openwebui, marker openwebui) drive a real Open WebUI, installed here into
# the checkout's .openwebui/ (a 3.4 GB download, ~5 min the first time; never the user's own cache).
# RAG_SKIP_OPENWEBUI=1 leaves it out; where the install fails, those tests are skipped, saying so.
export RAG_OPENWEBUI=${RAG_OPENWEBUI:-$PWD/.openwebui}
parent=$(dirname "$RAG_OPENWEBUI"); [ -d "$parent" ] || parent=$PWD
free_kb=$(df --output=avail -k "$parent" 2>/dev/null | tail -1 | tr -dc 0-9)
free_gb=$(( ${free_kb:-0} / 1048576 ))
if [ "${RAG_SKIP_OPENWEBUI:-0}" = 1 ]; then
    echo "RAG_SKIP_OPENWEBUI=1: the tests in tests/openwebui will be skipped" >&2
elif [ ! -x "$RAG_OPENWEBUI/bin/open-webui" ] && [ "$free_gb" -lt 12 ]; then
    echo "only $free_gb GB free for Open WebUI (7.4 GB installed): the tests in tests/openwebui will be skipped" >&2
elif ! PYTHON=${PYTHON:-$(.venv/bin/python -c "import sys; print(sys._base_executable)")} bash scripts/openwebui.sh; then
    echo "could not install Open WebUI: the tests in tests/openwebui will be skipped" >&2
    # a half-made install of our own is removed, so that it does not hold the disk the other tests need
    [ "$RAG_OPENWEBUI" = "$PWD/.openwebui" ] && rm -rf "$RAG_OPENWEBUI"
fi
exec .venv/bin/python -m pytest "$@"
