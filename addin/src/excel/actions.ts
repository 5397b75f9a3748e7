import { isSetSupported } from "../shared/host";
import type { Comparison, LotBids, Snapshot, Variance } from "../shared/contract";
import { writeTable, type WriteResult } from "./tables";
import { bidsView, compareView, findingsView, formatsView, normsView, tariffsView, varianceView, type TableView } from "./views";

export type Kind = "tariffs" | "norms" | "formats" | "findings";

export const viewOf: Record<Kind, (s: Snapshot) => TableView> = {
  tariffs: tariffsView,
  norms: normsView,
  formats: formatsView,
  findings: findingsView,
};

const canResize = () => isSetSupported("ExcelApi", "1.13");

/** Inserts or refreshes one table: one Excel.run. */
export function insertTable(kind: Kind, snapshot: Snapshot): Promise<WriteResult> {
  return Excel.run((context) => writeTable(context, viewOf[kind](snapshot), canResize()));
}

export function insertComparison(comparison: Comparison): Promise<WriteResult> {
  return Excel.run((context) => writeTable(context, compareView(comparison), canResize()));
}

export function insertBids(bids: LotBids): Promise<WriteResult> {
  return Excel.run((context) => writeTable(context, bidsView(bids), canResize()));
}

export function insertVariance(variance: Variance): Promise<WriteResult> {
  return Excel.run((context) => writeTable(context, varianceView(variance), canResize()));
}

/** Refreshes, in one Excel.run, every table of this round that is already in the workbook. */
export function refreshTables(snapshot: Snapshot): Promise<WriteResult[]> {
  return Excel.run(async (context) => {
    const tables = context.workbook.tables;
    tables.load("items/name");
    await context.sync();
    const present = new Set(tables.items.map((t) => t.name));
    const results: WriteResult[] = [];
    for (const kind of Object.keys(viewOf) as Kind[]) {
      const view = viewOf[kind](snapshot);
      if (present.has(view.table)) results.push(await writeTable(context, view, canResize()));
    }
    return results;
  });
}
