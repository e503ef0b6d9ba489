#!/usr/bin/env bash
# Install Debian's Chromium (and fonts with Vietnamese glyphs) for the browser tests, if missing.
set -euo pipefail
if [ -x "${ANSINH_CHROMIUM:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "Cài Chromium cho kiểm thử trình duyệt (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation fonts-dejavu-core >/dev/null
