import { beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { install, type StandInWorkbook } from "./support/excel-standin";
import { writeTable } from "../src/excel/tables";
import { tariffsView, formatsView, normsView, type TableView } from "../src/excel/views";
import type { Snapshot } from "../src/shared/types";

const fixture: Snapshot = JSON.parse(readFileSync(new URL("./fixtures/snapshot.json", import.meta.url), "utf8"));
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
    expect(view.rows).toEqual([["Verzuim", null, 0.0585, "mean", 61, "nee", "nee", 1, "10253408 (fout in het format, OUT_OF_BAND)", null]]);
  });
});
