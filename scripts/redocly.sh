#!/usr/bin/env bash
# Installs the pinned Redocly CLI, the OpenAPI linter of tests/CrmActors.Api.Tests/OpenApi, into
# tools/redocly/node_modules (git-ignored) from tools/redocly/package.json and its lock file (npm ci: the exact version,
# integrity-checked). Idempotent: does nothing when that version is already there. Needs Node.js (>= 20.19) and npm
# from the machine; asks nothing. Prints the path of the redocly executable on its last line.
set -euo pipefail
cd "$(dirname "$0")/../tools/redocly"

# Never send usage data from tests or CI.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

command -v npm >/dev/null 2>&1 || { echo "redocly: Node.js and npm are required (apt-get install nodejs npm)" >&2; exit 1; }
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
  || { echo "redocly: @redocly/cli needs Node.js >= 20.19; this machine has $(node --version)" >&2; exit 1; }

want=$(node -p "require('./package.json').dependencies['@redocly/cli']")
have=$(node -p "try { require('./node_modules/@redocly/cli/package.json').version } catch { '' }")
if [ "$have" != "$want" ]; then
  echo "redocly: installing @redocly/cli $want (npm ci in tools/redocly)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
echo "$PWD/node_modules/.bin/redocly"
