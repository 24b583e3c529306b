#!/usr/bin/env bash
# Create .venv and install the project into it; a no-op when pyproject.toml is unchanged since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
EXTRAS=${1:-}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv" >&2
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.cadre-installed${EXTRAS:+-$EXTRAS}"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
# The page needs no extras: an install with any extras (the test command's) already holds all it needs.
if [ -z "$EXTRAS" ] && grep -qx "$want" .venv/.cadre-installed* 2>/dev/null; then
  exit 0
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> installing dependencies (first run takes a few minutes)" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${EXTRAS:+[$EXTRAS]}"
  echo "$want" > "$stamp"
fi
