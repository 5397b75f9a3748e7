// Builds the add-in into the function app's static files (functions/Inkoop.Functions/wwwroot/addin/):
// one bundle (task pane and custom functions share one runtime), functions.json from the JSDoc of
// src/functions/functions.ts (the build fails on its errors), the page, icons and both manifests with the
// placeholder base URL that the app replaces with its own when it serves them (GET /api/addin/manifest.*); and the NL
// Design System components of the app's pages into wwwroot/nlds/componenten.css.
//
//   node build.mjs [--out DIR]
import { build } from "esbuild";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { colorIcon, outlineIcon } from "./build/icons.mjs";
import { jsonManifest, xmlManifest } from "./build/manifests.mjs";
import { placeholderBaseUrl } from "./build/placeholder.mjs";
import { generateContractTypes } from "./build/contract.mjs";
import { spawnSync } from "node:child_process";


const here = dirname(fileURLToPath(import.meta.url));
const outArg = process.argv.indexOf("--out");
const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(here, "..", "functions", "Inkoop.Functions", "wwwroot", "addin");

const started = Date.now();
const config = JSON.parse(await readFile(join(here, "addin.config.json"), "utf8"));

// The API's types from its contract (openapi.json), and the add-in type-checked against them: a contract change the
// add-in does not follow fails here, not in an analyst's workbook.
await generateContractTypes();
const typecheck = spawnSync(process.execPath, [join(here, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", here], { encoding: "utf8" });
if (typecheck.status !== 0) {
  console.error(`the add-in does not follow the API's contract (addin/openapi.json):\n${typecheck.stdout}${typecheck.stderr}`);
  process.exit(1);
}

const metadata = await generateCustomFunctionsMetadata(join(here, "src", "functions", "functions.ts"), false);
if (metadata.errors.length) {
  console.error("functions.json: " + metadata.errors.join("\n"));
  process.exit(1);
}

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(here, "src", "index.ts")],
  outfile: join(out, "addin.js"),
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  sourcemap: "linked",
  logLevel: "warning",
});
await writeFile(join(out, "functions.json"), metadata.metadataJson);

// The NL Design System components of the app's own pages (functions/Inkoop.Functions/web/nlds.css lists them), bundled
// from this package's node_modules into wwwroot/nlds/: the pages load nothing from a CDN.
const pages = join(here, "..", "functions", "Inkoop.Functions");
await rm(join(pages, "wwwroot", "nlds"), { recursive: true, force: true });
await build({
  entryPoints: [join(pages, "web", "nlds.css")],
  outfile: join(pages, "wwwroot", "nlds", "componenten.css"),
  bundle: true,
  minify: true,
  nodePaths: [join(here, "node_modules")],
  logLevel: "warning",
});
for (const file of ["taskpane.html", "taskpane.css", "over.html", "index.html"]) await copyFile(join(here, "src", "taskpane", file), join(out, file));
for (const size of [16, 32, 64, 80]) await writeFile(join(out, `icon-${size}.png`), colorIcon(size));
await writeFile(join(out, "color.png"), colorIcon(192));
await writeFile(join(out, "outline.png"), outlineIcon(32));
await writeFile(join(out, "manifest.template.xml"), xmlManifest(config, placeholderBaseUrl));
await writeFile(join(out, "manifest.template.json"), JSON.stringify(jsonManifest(config, placeholderBaseUrl), null, 2) + "\n");
console.log(`add-in built into ${out} in ${Date.now() - started} ms`);
