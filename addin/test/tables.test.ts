import { beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { install, type StandInWorkbook } from "./support/excel-standin";
import { writeTable } from "../src/excel/tables";
import { bidsView, tariffsView, formatsView, normsView, varianceView, type TableView } from "../src/excel/views";
import type { LotBids, Snapshot, Variance } from "../src/shared/contract";

const fixture: Snapshot = JSON.parse(readFileSync(new URL("./fixtures/snapshot.json", import.meta.url), "utf8"));
const bidsFixture: LotBids = JSON.parse(readFileSync(new URL("./fixtures/bids.json", import.meta.url), "utf8"));
const varianceFixture: Variance = JSON.parse(readFileSync(new URL("./fixtures/variance.json", import.meta.url), "utf8"));
let workbook: StandInWorkbook;
beforeEach(() => {
  workbook = install().workbook;
});

const write = (view: TableView, canResize = true) =>
  workbook.run((context) => writeTable(context as unknown as Excel.RequestContext, view, canResize));

const withTariffs = (n: number): Snapshot => ({
  ...fixture,
  tariffs: Array.from({ length: n }, (_, i) => ({ ...fixture.tariffs[0], product: `P${String(i).padStart(3, "0")}`, tariff: 10 + i })),
  trajectories: [],
});

describe("tariffsView with indexation", () => {
  it("adds the reference-year tariff as a last column and says to which year the tariffs are indexed", () => {
    const indexed: Snapshot = {
      ...fixture,
      tariffs: fixture.tariffs.map((t) => ({ ...t, tariff: 80.5, tariffReferenceYear: 73.26 })),
      indexation: { referenceYear: 2023, tariffYear: 2025, method: "components", factor: null, factorOva: 1.104308, factorPcc: 1.0497642, years: [] },
    };
    const view = tariffsView(indexed);
    expect(view.columns.at(-1)).toEqual({ header: "Tarief peiljaar", format: "#,##0.00" });
    expect(view.rows[0][3]).toBe(80.5);
    expect(view.rows[0].at(-1)).toBe(73.26);
    expect(view.rows.every((r) => r.length === view.columns.length)).toBe(true);
    expect(view.title).toContain("geïndexeerd van peiljaar 2023 naar tariefjaar 2025");
    // Without indexation the table is as it was.
    expect(tariffsView(fixture).columns.map((c) => c.header)).not.toContain("Tarief peiljaar");
  });
});

describe("writeTable", () => {
  it("inserts a named table on its own sheet with the title above it and the snapshot's numbers", async () => {
    const view = tariffsView(fixture);
    const result = await write(view);
    expect(result).toEqual({ table: "Tarieven_demo_2025", sheet: "Tarieven demo-2025", rows: 5, created: true });
    const t = workbook.table("Tarieven_demo_2025")!;
    expect(t.address).toBe("A3:K8");
    expect(t.header).toEqual(view.columns.map((c) => c.header));
    expect(t.rows.map((r) => r[3])).toEqual([...fixture.tariffs.map((x) => x.tariff ?? ""), fixture.trajectories[0].tariff]);
    expect(t.rows[3][4]).toBe(fixture.tariffs[3].reason);
    expect(workbook.getCell("Tarieven demo-2025", "A1")?.value).toContain(fixture.id);
    expect(workbook.getCell("Tarieven demo-2025", "A4")?.numberFormat).toBe("@");
    expect(workbook.getCell("Tarieven demo-2025", "D4")?.numberFormat).toBe("#,##0.00");
    expect(workbook.runs).toBe(1);
    expect(workbook.syncs).toBe(2);
  });

  it("refreshes in place: same table, same sheet, resized; the user's cells beside it and other sheets untouched", async () => {
    await write(tariffsView(withTariffs(3)));
    workbook.setCell("Tarieven demo-2025", "M4", { value: 20, formula: "=D4*2", fill: "#FFFF00" });
    workbook.setCell("Tarieven demo-2025", "A40", { value: "eigen notitie", bold: true });
    workbook.addSheet("Mijn analyse");
    workbook.setCell("Mijn analyse", "B2", { value: 1, formula: "=SUM(Tarieven_demo_2025[Tarief])" });

    const grown = await write(tariffsView(withTariffs(20)));
    expect(grown).toMatchObject({ created: false, sheet: "Tarieven demo-2025", rows: 20 });
    expect(workbook.table("Tarieven_demo_2025")!.address).toBe("A3:K23");
    expect(workbook.table("Tarieven_demo_2025")!.rows.map((r) => r[3])).toEqual(Array.from({ length: 20 }, (_, i) => 10 + i));

    const shrunk = await write(tariffsView(withTariffs(2)));
    expect(shrunk.rows).toBe(2);
    const t = workbook.table("Tarieven_demo_2025")!;
    expect(t.address).toBe("A3:K5");
    // The rows the table left are empty again; nothing of the old table stays behind.
    expect(workbook.getCell("Tarieven demo-2025", "D6")).toBeUndefined();
    expect(workbook.getCell("Tarieven demo-2025", "D23")).toBeUndefined();

    expect(workbook.sheets.map((s) => s.name)).toEqual(["Tarieven demo-2025", "Mijn analyse"]);
    expect(workbook.tables.map((x) => x.name)).toEqual(["Tarieven_demo_2025"]);
    expect(workbook.getCell("Tarieven demo-2025", "M4")).toEqual({ value: 20, formula: "=D4*2", fill: "#FFFF00" });
    expect(workbook.getCell("Tarieven demo-2025", "A40")).toEqual({ value: "eigen notitie", bold: true });
    expect(workbook.getCell("Mijn analyse", "B2")).toEqual({ value: 1, formula: "=SUM(Tarieven_demo_2025[Tarief])" });
  });

  it("keeps the analyst's table style and place when refreshing", async () => {
    await write(tariffsView(fixture));
    workbook.tables[0].style = "TableStyleLight1";
    await write(tariffsView(withTariffs(7)));
    expect(workbook.table("Tarieven_demo_2025")!.style).toBe("TableStyleLight1");
  });

  it("without Table.resize (before ExcelApi 1.13) rebuilds the table at the same place under the same name", async () => {
    await write(tariffsView(withTariffs(10)), false);
    workbook.setCell("Tarieven demo-2025", "N3", { value: "naast de tabel" });
    await write(tariffsView(withTariffs(4)), false);
    const t = workbook.table("Tarieven_demo_2025")!;
    expect(t.address).toBe("A3:K7");
    expect(t.rows.map((r) => r[0])).toEqual(["P000", "P001", "P002", "P003"]);
    expect(workbook.getCell("Tarieven demo-2025", "A8")).toBeUndefined();
    expect(workbook.getCell("Tarieven demo-2025", "N3")).toEqual({ value: "naast de tabel" });
    expect(workbook.tables).toHaveLength(1);
  });

  it("writes an empty result as a table with one empty row and says so in the title", async () => {
    await write(tariffsView(withTariffs(5)));
    const result = await write(tariffsView(withTariffs(0)));
    expect(result.rows).toBe(0);
    const t = workbook.table("Tarieven_demo_2025")!;
    expect(t.address).toBe("A3:K4");
    expect(t.rows).toEqual([Array(11).fill("")]);
    expect(workbook.getCell("Tarieven demo-2025", "A1")?.value).toMatch(/geen rijen$/);
  });

  it("does not take over a sheet of the analyst's that happens to have the same name", async () => {
    workbook.addSheet("Normen demo-2025");
    workbook.setCell("Normen demo-2025", "A3", { value: "van mij" });
    const result = await write(normsView(fixture));
    expect(result.sheet).toBe("Normen demo-2025 (2)");
    expect(workbook.getCell("Normen demo-2025", "A3")).toEqual({ value: "van mij" });
  });

  it("colours the status cells and clears old colours on refresh", async () => {
    await write(formatsView(fixture));
    const repair = fixture.formats.findIndex((f) => f.status === "repairNeeded");
    const accepted = fixture.formats.findIndex((f) => f.status === "accepted");
    expect(workbook.getCell("Formats demo-2025", `D${4 + repair}`)?.fill).toBe("#FCF3CF");
    expect(workbook.getCell("Formats demo-2025", `D${4 + accepted}`)?.fill).toBe("#DFF0D8");
    // A status without a colour (one the add-in does not know yet) leaves its cell without fill.
    await write(formatsView({ ...fixture, formats: fixture.formats.map((f, i) => ({ ...f, status: i === repair ? "accepted" : "later" })) }));
    expect(workbook.getCell("Formats demo-2025", `D${4 + repair}`)?.fill).toBe("#DFF0D8");
    expect(workbook.getCell("Formats demo-2025", `D${4 + accepted}`)?.fill).toBeUndefined();
    // AGB-codes stay text (the column is formatted as text before they are written).
    expect(workbook.getCell("Formats demo-2025", "A4")).toMatchObject({ value: fixture.formats[0].agb, numberFormat: "@" });
  });

  it("norms carry their provenance: statistic, n, excluded providers and why", () => {
    const view = normsView({ ...fixture, norms: [{ variable: "Verzuim", qualifier: null, value: 0.0585, statistic: "mean", n: 61, benchmarkUsed: false, rescaled: false, excluded: [{ agb: "10253408", reason: "errorFinding", code: "OUT_OF_BAND" }] }] });
    expect(view.rows).toEqual([["Verzuim", null, 0.0585, "gemiddelde", 61, "nee", "nee", 1, "10253408 (fout in het format, OUT_OF_BAND)", null]]);
  });
});

describe("bids and variance tables", () => {
  it("bids of a lot: ranked bids in ranking order, then the unranked; flags counted over the lines", () => {
    const view = bidsView(bidsFixture);
    expect(view.table).toBe("Inschrijvingen_demo_2025_t1_AMB");
    expect(view.rows).toEqual([
      [1, "98765432", "Zorggroep Oost", "geaccepteerd", 140500, 155200, null, -0.0412, 1],
      [2, "01234567", "Jeugdzorg De Linde", "geaccepteerd", 157500, 150240, 155000, 0.0318, 1],
      [null, "55555555", "Praktijk Zonder Tarief", "met fouten", 800, null, null, null, 2],
    ]);
  });

  it("writes the bids with coloured status cells and AGB-codes as text, and refreshes them in place", async () => {
    const first = await write(bidsView(bidsFixture));
    expect(first).toMatchObject({ created: true, sheet: "Inschrijvingen demo-2025-t1 AMB", rows: 3 });
    const sheet = first.sheet;
    expect(workbook.getCell(sheet, "B5")).toMatchObject({ value: "01234567", numberFormat: "@" });
    expect(workbook.getCell(sheet, "D4")?.fill).toBe("#DFF0D8");
    expect(workbook.getCell(sheet, "D6")?.fill).toBe("#FCF3CF");

    // A bidder withdrew and another was rejected: same table, same sheet, one row less, colours follow the rows.
    const later: LotBids = {
      ...bidsFixture,
      ranking: bidsFixture.ranking.slice(0, 1),
      bids: bidsFixture.bids.filter((b) => b.agb !== "01234567").map((b) =>
        b.agb === "55555555" ? { ...b, analysis: { ...b.analysis, status: "rejected", lines: [] } } : b),
    };
    const second = await write(bidsView(later));
    expect(second).toMatchObject({ created: false, sheet, rows: 2 });
    const t = workbook.table("Inschrijvingen_demo_2025_t1_AMB")!;
    expect(t.address).toBe("A3:I5");
    expect(t.rows.map((r) => [r[1], r[3], r[8]])).toEqual([["98765432", "geaccepteerd", 1], ["55555555", "afgewezen", 0]]);
    expect(workbook.getCell(sheet, "D5")?.fill).toBe("#F8D7DA");
    expect(workbook.getCell(sheet, "D6")).toBeUndefined();
    expect(workbook.tables).toHaveLength(1);
  });

  it("variance: one row per lumpsum, status in Dutch; a missing quarter leaves the figures empty", () => {
    const view = varianceView(varianceFixture);
    expect(view.table).toBe("Afwijking_2025_K2");
    expect(view.rows).toEqual([
      ["01234567", "jeugd", 400000, 0.03, 200000, 203000, 3000, 0.015, "binnen de band", 406000, null],
      ["01234567", "wmo", 120000, 0.05, 60000, 66600, 6600, 0.11, "boven de band", 133200, null],
      ["98765432", "jeugd", 250000, 0.03, 125000, 110000, -15000, -0.12, "onder de band", 220000, null],
      ["55555555", "jeugd", 80000, 0.03, null, null, null, null, "ontbreekt", null, null],
    ]);
  });

  it("writes the variance with coloured status cells and refreshes it in place after a recalculation", async () => {
    const first = await write(varianceView(varianceFixture));
    expect(first).toMatchObject({ created: true, sheet: "Lumpsumafwijking 2025 K2", rows: 4 });
    const sheet = first.sheet;
    expect(["I4", "I5", "I6", "I7"].map((a) => workbook.getCell(sheet, a)?.fill)).toEqual(["#DFF0D8", "#F8D7DA", "#FCF3CF", "#E7E6E6"]);
    expect(workbook.getCell(sheet, "H4")).toMatchObject({ value: 0.015, numberFormat: "0.00%" });
    expect(workbook.getCell(sheet, "E7")?.value).toBe("");
    expect(workbook.getCell(sheet, "A1")?.value).toContain(varianceFixture.snapshot);

    // The missing report came in: the lumpsum now has figures and is within its bandwidth.
    const recalculated: Variance = {
      ...varianceFixture,
      snapshot: "20261125T023000Z-00000001",
      lumpsums: varianceFixture.lumpsums.map((l) =>
        l.status === "missing" ? { ...l, expected: 40000, realised: 40400, variance: 400, variancePct: 0.01, status: "within", forecast: 80800 } : l),
    };
    const second = await write(varianceView(recalculated));
    expect(second).toMatchObject({ created: false, sheet, rows: 4 });
    expect(workbook.getCell(sheet, "I7")).toMatchObject({ value: "binnen de band", fill: "#DFF0D8" });
    expect(workbook.getCell(sheet, "H7")?.value).toBe(0.01);
    expect(workbook.getCell(sheet, "A1")?.value).toContain("20261125T023000Z-00000001");
    expect(workbook.sheets.map((s) => s.name)).toEqual(["Lumpsumafwijking 2025 K2"]);
  });
});
