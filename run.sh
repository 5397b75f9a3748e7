#!/usr/bin/env bash
# Runs Inkoop.Serverless locally: Azurite (local Azure Storage, data in .azurite/) unless
# Storage__ConnectionString is set, then the function app (the same executable Azure runs as a custom
# handler), with the local timer runner. Prints the URLs and the admin key; Ctrl-C stops everything.
#
#   ./run.sh            start
#   ./run.sh --demo     start and load a demo round
#
# Environment: INKOOP_URL (default http://127.0.0.1:7071), CONFIGURATION (Debug), AZURITE_BLOB_PORT
# (10000), AZURITE_QUEUE_PORT (10001), AZURITE_TABLE_PORT (10002), Storage__ConnectionString (skip Azurite),
# Auth__AdminKey (else an admin key is generated once and kept in .inkoop/admin-key),
# Cors__AllowedOrigins__0 (the add-in's origin, default https://localhost:3000).
set -euo pipefail
cd "$(dirname "$0")"

demo=0
for arg in "$@"; do
  case "$arg" in
    --demo) demo=1 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

command -v dotnet >/dev/null || { echo "run.sh: the .NET 10 SDK is required" >&2; exit 1; }
command -v node >/dev/null || { echo "run.sh: Node.js 20 is required" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

url="${INKOOP_URL:-http://127.0.0.1:7071}"
# The Excel add-in's dev server (Office add-ins are served over https://localhost:3000 by convention).
export Cors__AllowedOrigins__0="${Cors__AllowedOrigins__0:-https://localhost:3000}"
configuration="${CONFIGURATION:-Debug}"
pids=()

cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'echo; echo "Stoppen..."; exit 0' INT TERM

# wait_for URL SECONDS: until URL answers (any HTTP status below 500).
wait_for() {
  node -e '
    const [url, seconds] = process.argv.slice(1);
    const deadline = Date.now() + Number(seconds) * 1000;
    (async function poll() {
      try { const r = await fetch(url); if (r.status < 500) process.exit(0); } catch {}
      if (Date.now() > deadline) process.exit(1);
      setTimeout(poll, 200);
    })();' "$1" "$2"
}

if [ -z "${Storage__ConnectionString:-}" ]; then
  if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
    echo "Azurite installeren (npm ci)..."
    npm ci --no-audit --no-fund --loglevel=error
  fi
  blob="${AZURITE_BLOB_PORT:-10000}" queue="${AZURITE_QUEUE_PORT:-10001}" table="${AZURITE_TABLE_PORT:-10002}"
  mkdir -p .azurite
  node node_modules/azurite/dist/src/azurite.js \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" \
    --skipApiVersionCheck --loose --disableTelemetry --location .azurite >.azurite/azurite.log 2>&1 &
  pids+=($!)
  if ! wait_for "http://127.0.0.1:$blob/devstoreaccount1?comp=list" 30 || ! wait_for "http://127.0.0.1:$table/devstoreaccount1/Tables" 30; then
    echo "run.sh: Azurite did not start (ports $blob/$table in use?). Log: .azurite/azurite.log" >&2
    tail -n 20 .azurite/azurite.log >&2 || true
    exit 1
  fi
  # Azurite's well-known development account (public, not a secret).
  export Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  echo "Azurite draait (blob :$blob, table :$table, data in .azurite/)."
else
  echo "Storage__ConnectionString is gezet: Azurite wordt niet gestart."
fi

echo "Function app bouwen ($configuration)..."
dotnet build functions/Inkoop.Functions -c "$configuration" --nologo -v quiet -clp:ErrorsOnly

# Started from the repository root, so a generated admin key lands in .inkoop/admin-key (gitignored).
"functions/Inkoop.Functions/bin/$configuration/net10.0/Inkoop.Functions" --urls "$url" &
pids+=($!)
if ! wait_for "$url/api/health" 60; then
  echo "run.sh: the app did not answer $url/api/health" >&2
  exit 1
fi

key="${Auth__AdminKey:-$(cat .inkoop/admin-key 2>/dev/null || true)}"

if [ "$demo" -eq 1 ]; then
  # The demo loader: the round demo-2025 with 62 generated formats, uploaded through the API, and a recalculation.
  if [ -x scripts/load-demo.sh ]; then
    INKOOP_URL="$url" INKOOP_KEY="$key" scripts/load-demo.sh
  else
    echo "Demo-data volgt in een latere wijziging; de app draait zonder demo-ronde."
  fi
fi

cat <<EOF

Inkoop.Serverless draait.
  Start:      $url/   (startpagina: uploadpagina, Excel-invoegtoepassing, API-beschrijving)
  API:        $url/api
  Health:     $url/api/health   (readiness: $url/api/health/ready)
  OpenAPI:    $url/api/openapi.json
  Aanbieders: $url/api/web/provider/   (uploadpagina voor zorgaanbieders, met een aanbiederssleutel)
  Excel:      manifest $url/api/addin/manifest.xml (of manifest.json, app-pakket inkoop-excel.zip)
              installeren $url/api/web/addin/, taakvenster $url/api/web/addin/taskpane.html  (sideloaden: addin/README.md)
  Beheersleutel: $key
              (header x-inkoop-key; sleutels voor analisten en aanbieders: POST $url/api/admin/keys)
  Voorbeeld:  curl -H "x-inkoop-key: $key" $url/api/rounds
  Aanbieder:  curl -H "x-inkoop-key: $key" -H "content-type: application/json" -d '{"role":"provider","agb":"12345678","name":"Zorg BV"}' $url/api/admin/keys
  Timers:     lokaal volgens */function.json (RecalculateTariffs, CloseRepairWindows, RevalidateFormats, RecalculateLumpsumVariance); nu draaien:
              curl -X POST -H "x-inkoop-key: $key" -H "content-type: application/json" -d '{"Data":{},"Metadata":{}}' $url/RecalculateTariffs
Ctrl-C stopt de app en Azurite.
EOF

wait "${pids[-1]}"
