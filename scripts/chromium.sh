#!/usr/bin/env bash
# Installs Debian's Chromium (and a CJK font, so the Simplified Chinese screens render in screenshots) for the
# browser tests: tests/CrmActors.Screens.Tests drive /usr/bin/chromium through Playwright, whose own browser
# download cannot work on this machine kind. Idempotent: installs only what is missing. Runs as root (or with
# passwordless sudo); asks nothing.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; then
  need+=(fonts-noto-cjk)
fi

if [ ${#need[@]} -eq 0 ]; then
  echo "chromium: present at /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null | head -n 1))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "chromium: missing ${need[*]}; this user cannot install packages. As root: apt-get install ${need[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "chromium: installing ${need[*]} from Debian"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
