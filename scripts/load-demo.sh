#!/usr/bin/env bash
# Loads the demo round into the running function app through its HTTP API (./run.sh --demo calls this):
# the round demo-2025, 62 formats in the shapes of the 2023 research (some with errors) filled into the round's
# template and uploaded, one recalculation, and the tariffs printed. Running it again skips what is there.
#
# Environment: INKOOP_URL (default http://127.0.0.1:7071), INKOOP_KEY (the admin key run.sh prints), CONFIGURATION (Debug).
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${CONFIGURATION:-Debug}"
echo "Demo-lader bouwen ($configuration)..."
if ! build=$(dotnet build functions/Inkoop.Cli -c "$configuration" --nologo -v quiet -clp:ErrorsOnly 2>&1); then
  echo "$build" >&2
  exit 1
fi
INKOOP_URL="${INKOOP_URL:-http://127.0.0.1:7071}" dotnet "functions/Inkoop.Cli/bin/$configuration/net10.0/inkoop.dll" demo
