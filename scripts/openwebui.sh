#!/usr/bin/env bash
# Install Open WebUI (pinned) into a virtual environment of its own, for tests/openwebui/ (a real Open WebUI
# in Chromium against rag serve) and for trying rag serve with it (docs/serving.md). Not part of the bot's
# set-up: it is a 3.4 GB download and a 7.4 GB install; scripts/test.sh (and so CI) runs it into the
# checkout's .openwebui/. Safe to run again: it does nothing when the pinned version is there.
#   bash scripts/openwebui.sh                  # into ~/.cache/rag-bot/openwebui
#   RAG_OPENWEBUI=DIR bash scripts/openwebui.sh  # elsewhere (the tests read RAG_OPENWEBUI too)
set -euo pipefail
VERSION=0.12.4
DEST=${RAG_OPENWEBUI:-$HOME/.cache/rag-bot/openwebui}
PYTHON=${PYTHON:-python3.11}
installed() { "$DEST/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('open-webui') != '$VERSION')" 2>/dev/null; }
if [ -x "$DEST/bin/open-webui" ] && installed; then
    echo "openwebui: Open WebUI $VERSION is installed in $DEST"
    exit 0
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))' 2>/dev/null; then
    echo "openwebui: Open WebUI $VERSION needs Python 3.11 or 3.12; name one: PYTHON=/path/to/python3.11 bash $0" >&2
    exit 1
fi
start=$(date +%s)
echo "== creating $DEST and installing open-webui==$VERSION (a 3.4 GB download, ~6 min)" >&2
"$PYTHON" -m venv "$DEST"
"$DEST/bin/python" -m pip install --disable-pip-version-check -q "open-webui==$VERSION"
installed || { echo "openwebui: the install in $DEST is not open-webui $VERSION" >&2; exit 1; }
echo "openwebui: Open WebUI $VERSION installed in $DEST in $(( $(date +%s) - start )) s;" \
     "run its tests with: pytest tests/openwebui -m 'not integration' (fakes) or tests/openwebui (with the real model)"
