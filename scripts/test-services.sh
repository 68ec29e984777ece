#!/usr/bin/env bash
# Installs what the browser tests need (Debian's chromium). The tests start their own web server.
# Without root or apt, the browser tests skip with a message saying so.
set -u
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium for the browser tests (Debian package)..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped"
else
  echo "note: chromium is not installed and cannot be installed here; browser tests will be skipped"
fi
exit 0
