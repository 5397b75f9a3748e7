#!/usr/bin/env bash
# Produces artifacts/inkoop-functions.zip, the package to deploy to the Function App (infra/README.md):
# the self-contained linux-x64 app with host.json and one folder per function at its root.
set -euo pipefail
cd "$(dirname "$0")"

out=artifacts/app
zipfile=artifacts/inkoop-functions.zip
rm -rf "$out" "$zipfile"
dotnet publish functions/Inkoop.Functions -c Release -r linux-x64 --self-contained true --nologo -o "$out"

# Local-only settings never ship.
rm -f "$out/local.settings.json" "$out/local.settings.example.json"
# Static files (provider page, add-in) ship in wwwroot/ with the app, served by the StaticFiles function.

# The Functions host starts the executable itself: it must keep its executable bit inside the zip.
chmod +x "$out/Inkoop.Functions"
if command -v zip >/dev/null; then
  (cd "$out" && zip -qr -X "../$(basename "$zipfile")" .)
else
  # Python's zipfile stores the file mode too.
  (cd "$out" && python3 -c 'import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in os.walk("."):
        for f in files:
            p = os.path.join(root, f); z.write(p, os.path.relpath(p, "."))' "../$(basename "$zipfile")")
fi
echo "publish.sh: $zipfile ($(du -h "$zipfile" | cut -f1))"
