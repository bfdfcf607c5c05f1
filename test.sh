#!/usr/bin/env bash
# Runs every test of CrmActors. On a fresh Debian machine with the .NET SDK (as root, no input) it first installs
# and starts what the tests need — a throwaway PostgreSQL cluster on its own port and data directory, Debian's
# Chromium for the browser tests, the pinned OpenAPI linter (npm) — then builds in Release and runs every test
# project. Idempotent; the PostgreSQL cluster is removed afterwards. Exit code: 0 only if every test passed.
set -euo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
cleanup() {
  rm -f "$log"
  scripts/postgres.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== PostgreSQL (scripts/postgres.sh)"
CRM_PG="$(scripts/postgres.sh start)"
export CRM_PG
if [ -x scripts/chromium.sh ]; then
  echo "== Chromium (scripts/chromium.sh)"
  scripts/chromium.sh
fi
if [ -x scripts/promtool.sh ]; then
  echo "== promtool, the metrics linter (scripts/promtool.sh)"
  scripts/promtool.sh >/dev/null
fi
echo "== Redocly CLI, the OpenAPI linter (scripts/redocly.sh)"
# Not fatal here: without it only the OpenAPI lint test fails (it retries the install and says why), the rest still runs.
scripts/redocly.sh || echo "redocly: not installed; the OpenAPI lint test will fail" >&2

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
