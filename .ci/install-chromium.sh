#!/usr/bin/env bash
# Installs Chromium from the Debian packages (package `chromium`) for the browser check of the
# HTML report (.ci/check_report.py). Needs root and apt. Idempotent: does nothing when a
# chromium binary is already on PATH.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "chromium: already installed ($(chromium --version 2>/dev/null | head -1))"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "chromium: apt-get not found; install Chromium yourself" >&2; exit 1; }
[[ "$(id -u)" == 0 ]] || { echo "chromium: run as root (apt-get install chromium)" >&2; exit 1; }

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends chromium; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "chromium: apt-get install chromium failed" >&2
  exit 1
fi
command -v chromium >/dev/null 2>&1 || { echo "chromium: installed, but chromium is not on PATH" >&2; exit 1; }
echo "chromium: installed $(chromium --version 2>/dev/null | head -1)"
