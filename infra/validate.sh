#!/usr/bin/env bash
# Validates the Bicep in infra/ offline: compiles main.bicep and main.bicepparam with the
# pinned Bicep compiler and lints them. Fails (non-zero) on any error and on any warning:
# a linter rule can only be allowed by switching it off in infra/bicepconfig.json, with a
# reason. Then checks a few security properties on the compiled ARM template.
#
# Needs only the .NET SDK: the compiler comes from NuGet (Azure.Bicep.CommandLine.linux-x64)
# through a throwaway restore into infra/.bicep/ (gitignored). Idempotent; the second run
# skips the restore and takes a few seconds.
#
#   bash infra/validate.sh
set -euo pipefail

BICEP_VERSION=0.49.2
BICEP_PACKAGE=Azure.Bicep.CommandLine.linux-x64

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_DIR="$INFRA_DIR/.bicep"
PKG_DIR="$CACHE_DIR/packages"
BICEP="$PKG_DIR/$(echo "$BICEP_PACKAGE" | tr '[:upper:]' '[:lower:]')/$BICEP_VERSION/tools/bicep"
OUT_DIR="$CACHE_DIR/out"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "validate.sh: FAIL: $*" >&2; exit 1; }

ensure_bicep() {
  if [[ -x "$BICEP" ]] && "$BICEP" --version 2>/dev/null | grep -q "version $BICEP_VERSION "; then
    return
  fi
  command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is needed to fetch the Bicep compiler"
  echo "validate.sh: fetching $BICEP_PACKAGE $BICEP_VERSION from NuGet into infra/.bicep/ ..."
  local proj="$CACHE_DIR/restore"
  mkdir -p "$proj"
  # Stop MSBuild from importing the repository's Directory.*.props/targets (central package
  # management, warnings as errors): this project only downloads one package.
  echo '<Project />' >"$proj/Directory.Build.props"
  echo '<Project />' >"$proj/Directory.Build.targets"
  echo '<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>' \
    >"$proj/Directory.Packages.props"
  cat >"$proj/bicep-download.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="$BICEP_PACKAGE" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
EOF
  dotnet restore "$proj/bicep-download.csproj" --packages "$PKG_DIR" --verbosity quiet \
    || fail "dotnet restore of $BICEP_PACKAGE $BICEP_VERSION failed"
  [[ -f "$BICEP" ]] || fail "restore succeeded but $BICEP is missing"
  chmod +x "$BICEP" # NuGet extraction does not keep the executable bit
  "$BICEP" --version | grep -q "version $BICEP_VERSION " || fail "unexpected bicep version: $("$BICEP" --version)"
}

# Runs one bicep command; fails if it exits non-zero or prints any Warning or Error diagnostic.
run_bicep() {
  local log
  log="$(mktemp)"
  local rc=0
  "$BICEP" "$@" 2>"$log" >/dev/null || rc=$?
  if [[ $rc -ne 0 ]] || grep -Eq ' : (Warning|Error) ' "$log"; then
    cat "$log" >&2
    rm -f "$log"
    fail "bicep $1 ${2##*/} reported errors or warnings (exit $rc)"
  fi
  rm -f "$log"
}

ensure_bicep
mkdir -p "$OUT_DIR"
cd "$INFRA_DIR"

echo "validate.sh: $("$BICEP" --version)"

# The parameters file reads the Entra ids from the environment at deploy time; give it
# well-formed dummies here so its length checks pass.
export INKOOP_ENTRA_TENANT_ID="${INKOOP_ENTRA_TENANT_ID:-00000000-0000-0000-0000-000000000001}"
export INKOOP_ENTRA_CLIENT_ID="${INKOOP_ENTRA_CLIENT_ID:-00000000-0000-0000-0000-000000000002}"

# lint and build both follow main.bicep into modules/ and report their diagnostics too.
run_bicep lint main.bicep
run_bicep lint main.bicepparam
run_bicep build main.bicep --outdir "$OUT_DIR"
run_bicep build-params main.bicepparam --outfile "$OUT_DIR/main.parameters.json"

# Security properties that must survive any edit (checked on the compiled template).
template="$OUT_DIR/main.json"
[[ -s "$template" ]] || fail "no compiled template at $template"
require() { grep -Eq "$1" "$template" || fail "compiled template lacks: $2"; }
forbid() { ! grep -Eqi "$1" "$template" || fail "compiled template contains: $2"; }
require '"allowSharedKeyAccess": false' 'storage shared key access disabled'
require '"allowBlobPublicAccess": false' 'blob public access disabled'
require '"minimumTlsVersion": "TLS1_2"' 'storage minimum TLS 1.2'
require '"supportsHttpsTrafficOnly": true' 'storage HTTPS only'
require '"isVersioningEnabled": true' 'blob versioning'
require '"httpsOnly": true' 'function app HTTPS only'
require '"ftpsState": "Disabled"' 'FTP(S) disabled'
require '"minTlsVersion": "1.2"' 'function app minimum TLS 1.2'
require '"name": "custom"' 'custom handler runtime on Flex'
require '"unauthenticatedClientAction": "AllowAnonymous"' 'App Service Authentication passes every request to the app, which decides'
require 'Auth__TrustAppServiceAuthentication' 'the app trusts the principal App Service Authentication sets'
require 'Auth__Entra__TenantId' 'the app validates Entra access tokens of the region tenant'
require 'Auth__Entra__ClientId' 'the app validates the audience of Entra access tokens'
require 'Addin__BaseUrl' 'the add-in manifests take the app URL from configuration, not from the Host header'
require 'AzureWebJobsStorage__credential' 'identity-based host storage (AzureWebJobsStorage__credential)'
require 'managedidentity' 'identity-based host storage (credential managedidentity)'
require 'APPLICATIONINSIGHTS_CONNECTION_STRING' 'the app exports its telemetry to Application Insights'
require 'Authorization=AAD' 'the app and the host authenticate to Application Insights with the managed identity'
require 'OTEL_EXPORTER_OTLP_ENDPOINT' 'an OTLP collector can be configured (otlpEndpoint)'
forbid "AccountKey=|listKeys\\(|[\"']AzureWebJobsStorage[\"']" 'a storage key or key-bearing connection string'
forbid 'Storage__ConnectionString' 'a Storage__ConnectionString app setting'

echo "validate.sh: OK (main.bicep, modules, main.bicepparam: no errors, no warnings; security checks passed)"
