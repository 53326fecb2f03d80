#!/usr/bin/env bash
# Debian's Chromium for the console's browser tests (npm run test:console): Playwright downloads no browser here.
# Installs it with apt when it is missing and this runs as root; CHROMIUM_PATH names another browser.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  [ "${1:-}" = --quiet ] || echo "chromium: $chromium"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "No Chromium at $chromium: apt-get install chromium (as root), or set CHROMIUM_PATH" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
echo "chromium: $("$chromium" --version 2>/dev/null || echo "$chromium")"
