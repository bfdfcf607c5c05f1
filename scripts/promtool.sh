#!/usr/bin/env bash
# Installs Debian's prometheus package, which ships promtool (the metrics linter of
# tests/CrmActors.Api.Tests/Scenarios/PromtoolTests.cs) and the Prometheus server that deploy/local/cluster.sh can
# start against a local cluster. Idempotent: installs only when promtool is missing. Runs as root (or with
# passwordless sudo); asks nothing. The package's own service is not started (policy-rc.d in containers; on a
# host, `systemctl disable --now prometheus` if it is not wanted). Prints the path of promtool on its last line.
set -euo pipefail

if [ -x /usr/bin/promtool ]; then
  echo "promtool: present ($(/usr/bin/promtool --version 2>&1 | head -n 1))" >&2
  echo /usr/bin/promtool
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "promtool: missing; this user cannot install packages. As root: apt-get install prometheus" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "promtool: installing prometheus from Debian" >&2
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
echo "promtool: $(/usr/bin/promtool --version 2>&1 | head -n 1)" >&2
echo /usr/bin/promtool
