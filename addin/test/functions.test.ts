import { beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { install } from "./support/excel-standin";
import { fakeApi, problem } from "./support/fake-api";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/snapshot.json", import.meta.url), "utf8"));
const variance = JSON.parse(readFileSync(new URL("./fixtures/variance.json", import.meta.url), "utf8"));
const functionsJson = JSON.parse(readFileSync(new URL("../../functions/Inkoop.Functions/wwwroot/addin/functions.json", import.meta.url), "utf8"));

// The functions register themselves on import, as in Excel: install the runtime's stand-in first.
const { customFunctions } = install();
const { session } = await import("../src/shared/session");
await import("../src/functions/register");

function call(id: string, ...args: unknown[]) {
  const fn = customFunctions.associations.get(id);
  if (!fn) throw new Error(`${id} is not associated`);
  return (fn(...args) as Promise<unknown>).then(
    (value) => ({ value }),
    (e) => ({ error: e.code as string, message: e.message as string }),
  );
}

let api: ReturnType<typeof fakeApi>;
beforeEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
  api = fakeApi((path) => {
    if (path.startsWith("/api/rounds/demo-2025/snapshots/")) return { status: 200, body: { ...fixture, id: "s1" } };
    if (path === "/api/lumpsums/2025/variance/2") return { status: 200, body: variance };
    if (path.startsWith("/api/lumpsums/")) return problem(404, "variance-not-found", "Er is nog geen afwijking berekend voor 2024.");
    return problem(404, "round-not-found", "Ronde 'nope' bestaat niet.");
  });
  session.connect({ baseUrl: "http://127.0.0.1:7071", key: "k" }, { fetch: api.fetch, retryDelayMs: 1 });
});

describe("custom functions", () => {
  it("associates exactly the ids of the generated functions.json", () => {
    expect([...customFunctions.associations.keys()].sort()).toEqual(functionsJson.functions.map((f: { id: string }) => f.id).sort());
  });

  it("INKOOP.TARIEF gives the snapshot's tariff; 200 cells at once make one request", async () => {
    const products = fixture.tariffs.filter((t: { tariff: number | null }) => t.tariff !== null);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => call("TARIEF", "demo-2025", products[i % products.length].product)));
    results.forEach((r, i) => expect(r).toEqual({ value: products[i % products.length].tariff }));
    expect(api.calls).toHaveLength(1);
  });

  it("INKOOP.TARIEF: #N/A with the reason when not computable, #VALUE! for an unknown product or empty input", async () => {
    const notComputable = fixture.tariffs.find((t: { tariff: number | null }) => t.tariff === null);
    expect(await call("TARIEF", "demo-2025", notComputable.product)).toEqual({
      error: "#N/A",
      message: `Tarief ${notComputable.product} is niet berekenbaar: ${notComputable.reason}`,
    });
    expect(await call("TARIEF", "demo-2025", "99X99")).toEqual({ error: "#VALUE!", message: "Product '99X99' staat niet in ronde 'demo-2025'." });
    expect(await call("TARIEF", "demo-2025", "")).toEqual({ error: "#VALUE!", message: "Vul product in." });
  });

  it("an unknown round is #N/A with the API's Dutch detail", async () => {
    expect(await call("TARIEF", "nope", "45A11")).toEqual({ error: "#N/A", message: "Ronde 'nope' bestaat niet." });
  });

  it("INKOOP.NORM finds a norm with and without qualifier; an uncomputable norm is #N/A with its reason", async () => {
    const general = fixture.norms.find((n: { qualifier: string | null; value: number | null }) => n.qualifier === null && n.value !== null);
    const qualified = fixture.norms.find((n: { qualifier: string | null }) => n.qualifier === "HBO");
    expect(await call("NORM", "demo-2025", general.variable)).toEqual({ value: general.value });
    expect(await call("NORM", "demo-2025", qualified.variable.toLowerCase(), "hbo")).toEqual({ value: qualified.value });
    expect(await call("NORM", "demo-2025", "Huisvesting_Plaats_Jaar")).toMatchObject({ error: "#N/A", message: expect.stringContaining("Te weinig waarnemingen") });
    expect(await call("NORM", "demo-2025", "Bestaat_Niet")).toMatchObject({ error: "#VALUE!" });
  });

  it("INKOOP.TRAJECT gives the trajectory's tariff", async () => {
    expect(await call("TRAJECT", "demo-2025", "dys-traject")).toEqual({ value: fixture.trajectories[0].tariff });
  });

  it("where Excel has data types the tariff carries its provenance: snapshot, status, spread and norms", async () => {
    (globalThis as { Office?: unknown }).Office = {
      context: { requirements: { isSetSupported: (set: string, v: string) => set === "ExcelApi" && Number(v.split(".")[1]) <= 16 } },
    };
    const t = fixture.tariffs[0];
    const r = (await call("TARIEF", "demo-2025", t.product)) as { value: { type: string; properties: Record<string, { basicValue?: unknown; elements?: unknown[][] }> } };
    expect(r.value.type).toBe("Entity");
    expect(r.value.properties.Tarief.basicValue).toBe(t.tariff);
    expect(r.value.properties.Snapshot.basicValue).toBe("s1");
    expect(r.value.properties.Status.basicValue).toBe("concept");
    expect(r.value.properties.Mediaan.basicValue).toBe(t.spread.median);
    // The header row and one row per norm of the product and of the round.
    const norms = fixture.norms.filter((n: { qualifier: string | null }) => n.qualifier === null || n.qualifier === t.product);
    expect(r.value.properties.Normen.elements).toHaveLength(norms.length + 1);

    (globalThis as { Office?: unknown }).Office = { context: { requirements: { isSetSupported: () => true } } };
    const double = (await call("TARIEF", "demo-2025", t.product)) as { value: { type: string; basicValue: number } };
    expect(double.value).toMatchObject({ type: "Double", basicValue: t.tariff });
  });

  it("with indexation the tariff is the indexed one and its card shows the reference-year tariff and the factor", async () => {
    const indexed = {
      ...fixture, id: "s1",
      tariffs: fixture.tariffs.map((t: { tariff: number | null }) => ({ ...t, tariff: 80.5, tariffReferenceYear: 73.26 })),
      indexation: { referenceYear: 2023, tariffYear: 2025, method: "weighted", factor: 1.098792024, factorOva: null, factorPcc: null, years: [] },
    };
    api = fakeApi(() => ({ status: 200, body: indexed }));
    session.connect({ baseUrl: "http://127.0.0.1:7072", key: "k" }, { fetch: api.fetch, retryDelayMs: 1 });
    (globalThis as { Office?: unknown }).Office = { context: { requirements: { isSetSupported: () => true } } };
    const t = fixture.tariffs[0];
    const r = (await call("TARIEF", "demo-2025", t.product)) as { value: { basicValue: number; properties: Record<string, { basicValue?: unknown }>; layouts: { card: { sections: { title?: string; properties: string[] }[] } } } };
    expect(r.value.basicValue).toBe(80.5);
    expect(r.value.properties["Tarief peiljaar"].basicValue).toBe(73.26);
    expect(r.value.properties.Factor.basicValue).toBe(1.098792024);
    expect(r.value.properties.Tariefjaar.basicValue).toBe(2025);
    expect(r.value.layouts.card.sections.find((x) => x.title === "Indexatie")?.properties).toContain("Tarief peiljaar");
  });

  it("INKOOP.AFWIJKING gives a lumpsum's variance fraction; 200 cells of one year and quarter make one request", async () => {
    const known = variance.lumpsums.filter((l: { variancePct: number | null }) => l.variancePct !== null);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => {
      const l = known[i % known.length];
      return call("AFWIJKING", 2025, l.agb, l.segment.toUpperCase(), 2);
    }));
    results.forEach((r, i) => expect(r).toEqual({ value: known[i % known.length].variancePct }));
    expect(api.calls.map((c) => c.url)).toEqual(["http://127.0.0.1:7071/api/lumpsums/2025/variance/2"]);
    // An AGB-code typed as a number lost its leading zero: it is given back.
    expect(await call("AFWIJKING", 2025, 1234567, "wmo", 2)).toEqual({ value: 0.11 });
    expect(await call("AFWIJKING", 2025, "1234567", "wmo", 2)).toEqual({ value: 0.11 });
    expect(api.calls).toHaveLength(1);
  });

  it("INKOOP.AFWIJKING: #N/A for an unknown lumpsum, a missing report or no variance yet; #VALUE! for bad arguments", async () => {
    expect(await call("AFWIJKING", 2025, "55555555", "jeugd", 2)).toEqual({
      error: "#N/A",
      message: "Lumpsum 55555555 jeugd: er ontbreekt een realisatierapport voor een kwartaal tot en met 2.",
    });
    expect(await call("AFWIJKING", 2025, "98765432", "wmo", 2)).toEqual({
      error: "#N/A",
      message: "Lumpsum 98765432 wmo staat niet in de afwijking van 2025 tot en met kwartaal 2.",
    });
    expect(await call("AFWIJKING", 2024, "01234567", "jeugd", 1)).toEqual({ error: "#N/A", message: "Er is nog geen afwijking berekend voor 2024." });
    expect(await call("AFWIJKING", 2025, "01234567", "jeugd", 5)).toEqual({ error: "#VALUE!", message: "Het kwartaal is 1, 2, 3 of 4." });
    expect(await call("AFWIJKING", "twintig", "01234567", "jeugd", 2)).toMatchObject({ error: "#VALUE!" });
    expect(await call("AFWIJKING", 2025, "123456789", "jeugd", 2)).toEqual({ error: "#VALUE!", message: "De AGB-code heeft 8 cijfers." });
    expect(await call("AFWIJKING", 2025, "01234567", " ", 2)).toEqual({ error: "#VALUE!", message: "Vul segment in." });
  });
});
