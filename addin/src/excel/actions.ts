import { isSetSupported } from "../shared/host";
import type { Comparison, Consultation, LotBids, Reaction, Sensitivity, Snapshot, SnapshotHeader, Variance } from "../shared/contract";
import { writeTornado, type ChartResult } from "./charts";
import { writeTable, type WriteResult } from "./tables";
import {
  bidsView, compareView, findingsView, formatsView, normsView, reactionsView, sensitivityView, tableName, tariffsView, tornadoView, varianceView,
  type TableView,
} from "./views";

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

export function insertReactions(consultation: Consultation, reactions: Reaction[]): Promise<WriteResult> {
  return Excel.run((context) => writeTable(context, reactionsView(consultation, reactions), canResize()));
}

export function insertSensitivity(sensitivity: Sensitivity, snapshot: Pick<SnapshotHeader, "id" | "status" | "createdAt">): Promise<WriteResult> {
  return Excel.run((context) => writeTable(context, sensitivityView(sensitivity, snapshot), canResize()));
}

/** Inserts or refreshes the tornado chart of one product (its data table and Excel's bar chart): one Excel.run. */
export function insertTornado(sensitivity: Sensitivity, product: string): Promise<ChartResult> {
  return Excel.run((context) => writeTornado(context, tornadoView(sensitivity, product), canResize()));
}

/**
 * Refreshes, in one Excel.run, every table of this round that is already in the workbook. With `sensitivity` (how to
 * get the snapshot's sensitivity) also the sensitivity table and every tornado chart of the round that is there; the
 * sensitivity is fetched only when one of them is.
 */
export function refreshTables(snapshot: Snapshot, sensitivity?: () => Promise<Sensitivity>): Promise<WriteResult[]> {
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
    const sensitivityTable = tableName("Gevoeligheid", snapshot.round);
    const tornadoPrefix = `${tableName("Tornado", snapshot.round)}_`;
    const tornadoes = [...present].filter((name) => name.startsWith(tornadoPrefix));
    if (sensitivity && (present.has(sensitivityTable) || tornadoes.length)) {
      const s = await sensitivity();
      if (present.has(sensitivityTable)) results.push(await writeTable(context, sensitivityView(s, snapshot), canResize()));
      for (const name of tornadoes) {
        const product = name.slice(tornadoPrefix.length);
        if (s.products.some((p) => p.product === product)) results.push(await writeTornado(context, tornadoView(s, product), canResize()));
      }
    }
    return results;
  });
}
