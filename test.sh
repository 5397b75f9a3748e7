#!/usr/bin/env bash
# Runs every test: unit, Excel, CLI, integration (real Azurite + the real function app) and the Bicep check.
# Works on a fresh machine with the .NET SDK and Node: it restores NuGet and npm packages itself.
set -uo pipefail
cd "$(dirname "$0")"

# Azurite for the integration tests; playwright-core and axe-core for the provider page's browser test.
if [ ! -x node_modules/.bin/azurite ] || [ ! -f node_modules/playwright-core/package.json ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --loglevel=error || { echo "test.sh: npm ci failed"; exit 1; }
fi

log=$(mktemp)
dotnet test Inkoop.Serverless.sln -c Release --nologo 2>&1 | tee "$log"
dotnet_status=${PIPESTATUS[0]}

bash infra/validate.sh
infra_status=$?

# One closing line for all test assemblies together, plus the Bicep check as one test.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$infra_status" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if [ "$dotnet_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
rm -f "$log"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$dotnet_status" -eq 0 ] && [ "$infra_status" -eq 0 ]
