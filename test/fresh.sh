#!/usr/bin/env bash
# The README's test command: installs everything the tests need on a fresh machine, then runs them.
# Tests that need Redis start their own redis-server on a private loopback port and stop it after.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
if ! command -v redis-server >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq >&2 || echo "apt-get update failed" >&2
fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server (Debian package) for the Redis-backed tests" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
fi
if ! command -v chromium >/dev/null 2>&1; then
  # best effort: only the headless check of report.html needs it, and says NOT RUN without it
  echo "installing chromium (Debian package) for the report.html browser check" >&2
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2) || echo "chromium could not be installed; the browser check will not run" >&2
fi
npm test
