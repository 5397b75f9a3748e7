import { beforeEach, describe, expect, it } from "vitest";
import { install, type StandInWorkbook } from "./support/excel-standin";
import { writeTable } from "../src/excel/tables";
import { writeTornado } from "../src/excel/charts";
import { sensitivityView, tornadoView } from "../src/excel/views";
import { insertTable, insertTornado, refreshTables } from "../src/excel/actions";
import type { Snapshot } from "../src/shared/contract";
import { readFileSync } from "node:fs";
import type { Sensitivity } from "../src/shared/contract";

const alternatives = ["mean", "median", "weightedMean", "trimmedMean(0.1)", "percentile(0.25)", "percentile(0.75)"];
const tariffs = (mean: number, median: number, weighted: number, trimmed: number, p25: number, p75: number) =>
  Object.fromEntries(alternatives.map((a, i) => [a, [mean, median, weighted, trimmed, p25, p75][i]]));

// Shaped as `inkoop sensitivity --json` prints it for the worked example (variables by range, largest first).
const sensitivity: Sensitivity = {
  round: "demo-2025",
  alternatives,
  products: [
    {
      product: "45A11",
      tariff: 73.26,
      variables: [
        { variable: "Productiviteit_Ambulant", configured: "mean", tariffs: tariffs(73.26, 73.01, 73.84, 73.26, 74.8, 71.56), low: 71.56, high: 74.8, range: 3.24 },
        { variable: "Verzuim", configured: "mean", tariffs: tariffs(73.26, 73.26, 73.4, 73.26, 72.9, 73.61), low: 72.9, high: 73.61, range: 0.71 },
        { variable: "Groepsgrootte", configured: "median", tariffs: tariffs(73.26, 73.26, 73.26, 73.26, 73.26, 73.26), low: 73.26, high: 73.26, range: 0 },
      ],
    },
    {
      product: "41D12",
      tariff: 120.5,
      variables: [
        { variable: "Bezetting", configured: "percentile(0.6)", tariffs: tariffs(121, 120.2, null as unknown as number, 120.9, 125.1, 117.3), low: 117.3, high: 125.1, range: 7.8 },
      ],
    },
  ],
};
const snapshot = { id: "20261203T090000000Z-abcdef12", status: "final" as const, createdAt: "2026-12-03T09:00:00Z" };

let workbook: StandInWorkbook;
beforeEach(() => {
  workbook = install().workbook;
});

const run = <T>(fn: (context: Excel.RequestContext) => Promise<T>) => workbook.run((context) => fn(context as unknown as Excel.RequestContext));

describe("the sensitivity table", () => {
  it("has product, variable, configured statistic, low, high, range and one column per alternative", async () => {
    const result = await run((c) => writeTable(c, sensitivityView(sensitivity, snapshot), true));
    expect(result).toEqual({ table: "Gevoeligheid_demo_2025", sheet: "Gevoeligheid demo-2025", rows: 4, created: true });
    const t = workbook.table("Gevoeligheid_demo_2025")!;
    expect(t.header).toEqual(["Product", "Variabele", "Gekozen statistiek", "Laagste", "Hoogste", "Bereik", ...alternatives]);
    expect(t.rows[0]).toEqual(["45A11", "Productiviteit_Ambulant", "mean", 71.56, 74.8, 3.24, 73.26, 73.01, 73.84, 73.26, 74.8, 71.56]);
    // A tariff that is not computable under an alternative is an empty cell, not 0.
    expect(t.rows[3]).toEqual(["41D12", "Bezetting", "percentile(0.6)", 117.3, 125.1, 7.8, 121, 120.2, "", 120.9, 125.1, 117.3]);
    expect(workbook.getCell("Gevoeligheid demo-2025", "A1")?.value).toContain(snapshot.id);
    expect(workbook.getCell("Gevoeligheid demo-2025", "D4")?.numberFormat).toBe("#,##0.00");
  });

  it("is refreshed in place: same table, same place, the analyst's cells beside it untouched", async () => {
    await run((c) => writeTable(c, sensitivityView(sensitivity, snapshot), true));
    workbook.setCell("Gevoeligheid demo-2025", "O4", { value: "notitie", formula: "=F4*2" });
    const fewer: Sensitivity = { ...sensitivity, products: [sensitivity.products[1]] };
    const again = await run((c) => writeTable(c, sensitivityView(fewer, snapshot), true));
    expect(again).toMatchObject({ created: false, rows: 1, sheet: "Gevoeligheid demo-2025" });
    expect(workbook.table("Gevoeligheid_demo_2025")!.address).toBe("A3:L4");
    expect(workbook.getCell("Gevoeligheid demo-2025", "A5")).toBeUndefined();
    expect(workbook.getCell("Gevoeligheid demo-2025", "O4")).toEqual({ value: "notitie", formula: "=F4*2" });
    expect(workbook.tables).toHaveLength(1);
  });
});

describe("the tornado chart", () => {
  it("is Excel's stacked bar chart over its data table: one bar per variable from low to high, split at the tariff", async () => {
    const result = await run((c) => writeTornado(c, tornadoView(sensitivity, "45A11"), true));
    expect(result).toMatchObject({ chart: "Tornado_demo_2025_45A11", chartCreated: true, created: true, sheet: "Tornado 45A11 demo-2025", rows: 3 });

    const chart = workbook.chart("Tornado_demo_2025_45A11")!;
    expect(chart.type).toBe("BarStacked");
    expect(chart.seriesBy).toBe("Columns");
    expect(chart.sheet).toBe("Tornado 45A11 demo-2025");
    // Categories and three stacked series: up to the low (invisible), below the tariff, above it.
    expect(chart.source).toBe("A3:D6");
    expect(chart.cells).toEqual([
      ["Variabele", "Tot laagste", "Onder tarief", "Boven tarief"],
      ["Productiviteit_Ambulant", 71.56, 1.7, 1.54],
      ["Verzuim", 72.9, 0.36, 0.35],
      ["Groepsgrootte", 73.26, 0, 0],
    ]);
    // Each bar spans low..high: low + below + above = high, and low + below = the published tariff.
    for (const [, low, below, above] of chart.cells.slice(1) as [string, number, number, number][]) {
      expect(low + below).toBeCloseTo(73.26, 10);
    }
    expect(chart.series.map((s) => s.fill)).toEqual([null, "#F4B183", "#9DC3E6"]);
    expect(chart.series[0].line).toBe("None");
    expect(chart.reversePlotOrder).toBe(true);
    expect(chart.valueMinimum).toBe(71);
    expect(chart.title).toContain("73,26");
    expect(chart.position).toEqual({ start: "I3", end: "R21" });
    expect(workbook.table("Tornado_demo_2025_45A11")!.header).toEqual(
      ["Variabele", "Tot laagste", "Onder tarief", "Boven tarief", "Laagste", "Hoogste", "Tarief"]);
  });

  it("is refreshed in place: the same chart points at the refreshed data, nothing is added", async () => {
    await run((c) => writeTornado(c, tornadoView(sensitivity, "45A11"), true));
    const changed: Sensitivity = {
      ...sensitivity,
      products: [{ ...sensitivity.products[0], tariff: 80.5, variables: sensitivity.products[0].variables.slice(0, 1).map((v) => ({ ...v, low: 78.6, high: 82.2 })) }],
    };
    const again = await run((c) => writeTornado(c, tornadoView(changed, "45A11"), true));
    expect(again).toMatchObject({ chartCreated: false, created: false, rows: 1 });
    expect(workbook.charts).toHaveLength(1);
    const chart = workbook.chart("Tornado_demo_2025_45A11")!;
    expect(chart.source).toBe("A3:D4");
    expect(chart.cells[1]).toEqual(["Productiviteit_Ambulant", 78.6, 1.9, 1.7]);
    expect(chart.valueMinimum).toBe(78);
    expect(chart.position).toEqual({ start: "I3", end: "R21" }); // placed once, where the analyst may have moved it
  });

  it("a product without a published tariff has no tornado", () => {
    expect(() => tornadoView(sensitivity, "99X99")).toThrow(/geen gepubliceerd tarief/);
  });
});

describe("Alle tabellen verversen", () => {
  const fixture: Snapshot = JSON.parse(readFileSync(new URL("./fixtures/snapshot.json", import.meta.url), "utf8"));

  it("refreshes the sensitivity table and the tornado charts that are there, fetching the sensitivity once, in one Excel.run", async () => {
    await insertTable("tariffs", fixture);
    await run((c) => writeTable(c, sensitivityView(sensitivity, snapshot), true));
    await insertTornado(sensitivity, "45A11");
    const later: Sensitivity = {
      ...sensitivity,
      products: sensitivity.products.map((p) => ({ ...p, variables: p.variables.slice(0, 1) })),
    };
    let fetched = 0;
    const runs = workbook.runs;

    const results = await refreshTables(fixture, async () => (fetched++, later));

    expect(workbook.runs - runs).toBe(1);
    expect(fetched).toBe(1);
    expect(results.map((r) => r.table)).toEqual(["Tarieven_demo_2025", "Gevoeligheid_demo_2025", "Tornado_demo_2025_45A11"]);
    expect(workbook.table("Gevoeligheid_demo_2025")!.rows).toHaveLength(2);
    expect(workbook.chart("Tornado_demo_2025_45A11")!.source).toBe("A3:D4");
    expect(workbook.charts).toHaveLength(1);
  });

  it("does not ask for the sensitivity when neither its table nor a tornado is in the workbook", async () => {
    await insertTable("tariffs", fixture);
    let fetched = 0;
    await refreshTables(fixture, async () => (fetched++, sensitivity));
    expect(fetched).toBe(0);
  });
});
