#!/usr/bin/env bash
# Make sure Debian's Chromium is installed: browser tests drive it through Playwright
# (`playwright install` cannot download its own browsers here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium and poppler-utils with apt-get (first run only)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium poppler-utils >/dev/null
  exit 0
fi
cat >&2 <<MSG
Chromium is needed for the browser tests and was not found at /usr/bin/chromium.
Install it with your system's package manager, for example on Debian or Ubuntu:
    sudo apt-get install chromium poppler-utils
then run 'make test' again.
MSG
exit 1
