import { describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateManifest } from "office-addin-manifest";
import { jsonManifest, xmlManifest } from "../build/manifests.mjs";
import { placeholderBaseUrl } from "../build/placeholder.mjs";

const config = JSON.parse(readFileSync(new URL("../addin.config.json", import.meta.url), "utf8"));
const built = new URL("../../functions/Inkoop.Functions/wwwroot/addin/", import.meta.url);
const functionsJson = JSON.parse(readFileSync(new URL("functions.json", built), "utf8"));
const baseUrl = "https://inkoop.regio-voorbeeld.nl";

describe("the XML manifest", () => {
  const xml = xmlManifest(config, baseUrl);
  const defined = [...xml.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)].map((m) => m[1]);
  const used = [...xml.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]);

  it("defines every resid it uses, once, and uses every one it defines", () => {
    expect(new Set(defined).size).toBe(defined.length);
    expect([...new Set(used)].sort()).toEqual([...defined].sort());
  });

  it("points every URL at the configured app, over https, to files the build makes", () => {
    const urls = [...xml.matchAll(/DefaultValue="(https?:[^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      expect(url.startsWith(`${baseUrl}/api/web/addin/`)).toBe(true);
      const file = url.slice(`${baseUrl}/api/web/addin/`.length);
      expect(() => readFileSync(new URL(file, built))).not.toThrow();
    }
    expect(xml).not.toMatch(/localhost|127\.0\.0\.1|invalid/);
    expect(xml).toContain(`<AppDomain>${baseUrl}</AppDomain>`);
  });

  it("runs task pane and functions in one shared runtime under the INKOOP namespace, in Dutch", () => {
    expect(xml).toContain('<Runtime resid="Shared.Url" lifetime="long"/>');
    expect(xml).toContain('<Set Name="SharedRuntime" MinVersion="1.1"/>');
    expect(xml).toContain('<bt:String id="Functions.Namespace" DefaultValue="INKOOP"/>');
    expect(xml).toContain("<DefaultLocale>nl-NL</DefaultLocale>");
    expect(xml).toContain(`<bt:Url id="Functions.Metadata.Url" DefaultValue="${baseUrl}/api/web/addin/functions.json"/>`);
  });
});

describe("the unified JSON manifest", () => {
  it("passes office-addin-manifest's validation (offline, with its icons beside it)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "inkoop-manifest-"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(jsonManifest(config, baseUrl), null, 2));
    for (const icon of ["color.png", "outline.png"]) copyFileSync(new URL(icon, built), join(dir, icon));
    const result = await validateManifest(join(dir, "manifest.json"), false);
    expect(result.isValid, JSON.stringify(result.report)).toBe(true);
  }, 30_000);

  it("names the same page, script and functions.json as the XML manifest", () => {
    const runtime = jsonManifest(config, baseUrl).extensions[0].runtimes[0];
    const xml = xmlManifest(config, baseUrl);
    expect(xml).toContain(`DefaultValue="${runtime.code.page}"`);
    expect(xml).toContain(`DefaultValue="${runtime.code.script}"`);
    expect(xml).toContain(`DefaultValue="${runtime.customFunctions.metadataUrl}"`);
    expect(runtime.customFunctions.namespace.id).toBe("INKOOP");
  });
});

describe("the build output", () => {
  it("holds both manifests for the placeholder origin the app replaces with its own", () => {
    expect(readFileSync(new URL("manifest.template.xml", built), "utf8")).toBe(xmlManifest(config, placeholderBaseUrl));
    expect(JSON.parse(readFileSync(new URL("manifest.template.json", built), "utf8"))).toEqual(jsonManifest(config, placeholderBaseUrl));
  });

  it("functions.json lists exactly the @customfunction ids of functions.ts, with Dutch descriptions", () => {
    const source = readFileSync(new URL("../src/functions/functions.ts", import.meta.url), "utf8");
    const tagged = [...source.matchAll(/@customfunction (\w+)/g)].map((m) => m[1]);
    expect(functionsJson.functions.map((f: { id: string }) => f.id)).toEqual(tagged);
    expect(tagged).toEqual(["TARIEF", "NORM", "TRAJECT", "AFWIJKING"]);
    const tarief = functionsJson.functions[0];
    expect(tarief.parameters.map((p: { name: string; optional?: boolean }) => `${p.name}${p.optional ? "?" : ""}`)).toEqual(["ronde", "product", "snapshot?"]);
    const afwijking = functionsJson.functions[3];
    expect(afwijking.parameters.map((p: { name: string }) => p.name)).toEqual(["jaar", "agb", "segment", "kwartaal"]);
    expect(functionsJson.allowCustomDataForDataTypeAny).toBe(true);
  });
});
