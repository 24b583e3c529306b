#!/usr/bin/env bash
# Set everything up and run the test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
# The page tests drive Debian's Chromium (Playwright's own browser download cannot work offline);
# the CJK font makes their screenshots readable.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> installing chromium and fonts-noto-cjk from Debian" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "==> chromium missing: run 'sudo apt-get install chromium fonts-noto-cjk' for the page tests" >&2
  fi
fi
exec .venv/bin/python -m pytest "$@"
