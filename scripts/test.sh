#!/usr/bin/env bash
# Set everything up and run the test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
# The page tests drive Debian's Chromium (Playwright's own browser download cannot work offline);
# the CJK font makes their screenshots readable; the log tests start a real PostgreSQL from Debian's package.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "noto.*cjk" || missing+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> installing ${missing[*]} from Debian" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "==> missing: run 'sudo apt-get install ${missing[*]}' for the page and database tests" >&2
  fi
fi
echo "==> ruff check" >&2
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
