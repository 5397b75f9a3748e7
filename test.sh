#!/usr/bin/env bash
# Runs every test: the Excel add-in's unit tests (vitest), unit, Excel, CLI, integration (real Azurite + the real
# function app, and the add-in's task pane in Debian's Chromium against it) and the Bicep check.
# Works on a fresh machine with the .NET SDK and Node: it restores NuGet and npm packages itself.
set -uo pipefail
cd "$(dirname "$0")"

# Azurite for the integration tests; playwright-core and axe-core for the provider page's browser test.
if [ ! -x node_modules/.bin/azurite ] || [ ! -f node_modules/playwright-core/package.json ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --loglevel=error || { echo "test.sh: npm ci failed"; exit 1; }
fi

# The add-in: its build (also run by the function app's build when stale) and its unit tests.
if [ ! -x addin/node_modules/.bin/vitest ]; then
  (cd addin && npm ci --no-audit --no-fund --loglevel=error) || { echo "test.sh: npm ci in addin/ failed"; exit 1; }
fi
addin_log=$(mktemp)
(cd addin && node build.mjs && NO_COLOR=1 npm test --silent) 2>&1 | tee "$addin_log"
addin_status=${PIPESTATUS[0]}
addin_passed=$(grep -oE 'Tests +([0-9]+ failed \| )?[0-9]+ passed' "$addin_log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
addin_failed=$(grep -oE 'Tests +[0-9]+ failed' "$addin_log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
if [ "$addin_status" -ne 0 ] && [ "$addin_failed" -eq 0 ]; then addin_failed=1; fi
rm -f "$addin_log"

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
passed=$((passed + addin_passed)); failed=$((failed + addin_failed))
if [ "$dotnet_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
rm -f "$log"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$dotnet_status" -eq 0 ] && [ "$infra_status" -eq 0 ] && [ "$addin_status" -eq 0 ]
