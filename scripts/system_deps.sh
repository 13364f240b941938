#!/usr/bin/env bash
# Installs the system packages the test suite needs when they are missing (we are root on these
# machines): PostgreSQL 15 (server + contrib), Debian's Chromium, poppler (pdftotext) and the
# libraries WeasyPrint renders PDFs with, and a colour emoji font (posts quoted in dossiers are full of
# emoji; fontconfig falls back to it for the glyphs DejaVu lacks).
set -euo pipefail

need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql postgresql-contrib)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftotext >/dev/null || need+=(poppler-utils)
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || need+=(libharfbuzz-subset0)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || need+=(fonts-noto-color-emoji)
command -v openssl >/dev/null || need+=(openssl)  # RFC 3161 tokens: checked with `openssl ts -verify`
command -v wrk >/dev/null || need+=(wrk)  # the HTTP load generator of bench/load_http.py
[ -f /usr/share/dict/french ] || need+=(wfrench)  # word lists: the English pages are checked for French words
[ -f /usr/share/dict/british-english ] || need+=(wbritish)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing system packages: ${need[*]} (install them as root: apt-get install ${need[*]})" >&2
    exit 1
  fi
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
