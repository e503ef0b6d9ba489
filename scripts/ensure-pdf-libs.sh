#!/usr/bin/env bash
# Install what printed documents (ansinh/core/documents.py with WeasyPrint, ansinh/core/pdf.py with
# ReportLab) need, if missing: Pango, Liberation Serif with the Vietnamese letters and fontconfig
# (fc-match finds it), and poppler's pdftotext/pdftoppm that the document tests read the PDFs
# back with.
set -euo pipefail
# grep without -q reads to the end: with -q it may exit early and, under pipefail, the writer's
# SIGPIPE would report a library that is there as missing.
missing=()
ldconfig -p | grep libpangoft2 >/dev/null || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
# Liberation Serif is metric-compatible with Times New Roman. Version 1 (Debian's
# fonts-liberation) lacks most Vietnamese letters (ả, ự, ỹ, …), which then come out in another
# font: fonts-liberation2 has them all, U+1EA0–U+1EF9 included.
fc-list ":charset=1ea0-1ef9" family 2>/dev/null | grep -i "Liberation Serif" >/dev/null \
  || missing+=(fontconfig fonts-liberation2)
{ command -v pdftotext && command -v pdftoppm; } >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "Cài thư viện in PDF (apt-get): ${missing[*]}…"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
