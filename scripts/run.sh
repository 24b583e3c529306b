#!/usr/bin/env bash
# Set everything up and start the chat page over the sample corpus (the index is built on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python app.py "$@"
