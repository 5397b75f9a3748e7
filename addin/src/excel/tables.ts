import { parseA1, toA1, type Block } from "./address";
import type { CellValue, TableView } from "./views";

export interface WriteResult {
  table: string;
  sheet: string;
  rows: number;
  created: boolean;
}

/** Where a new table starts on its sheet: its title on row 1, the header on row 3. */
const newTableTop = { row: 2, column: 0 };

/**
 * Writes a view as a named table on its own sheet, or refreshes that table in place: same name, same sheet, same
 * top-left cell, resized to the new rows and columns. Only the table's own cells (and its title line two rows above)
 * are written; the user's sheets, formulas and formatting beside the table are not touched. Table style and column
 * widths are set once, when the table is created, so the analyst's own choices survive a refresh.
 * `canResize` is ExcelApi 1.13 (Table.resize); without it the table is rebuilt at the same place under the same name.
 */
export async function writeTable(context: Excel.RequestContext, view: TableView, canResize: boolean): Promise<WriteResult> {
  const workbook = context.workbook;
  const existing = workbook.tables.getItemOrNullObject(view.table);
  existing.load("name");
  workbook.worksheets.load("items/name");
  await context.sync();

  const target: Block = { ...newTableTop, rows: Math.max(1, view.rows.length) + 1, columns: view.columns.length };
  let sheet: Excel.Worksheet;
  let sheetName: string;
  let table: Excel.Table;
  const created = existing.isNullObject;
  if (created) {
    const names = workbook.worksheets.items.map((s) => s.name);
    sheetName = uniqueSheetName(view.sheet, names);
    sheet = workbook.worksheets.add(sheetName);
    table = sheet.tables.add(toA1(target), true);
    table.name = view.table;
    table.style = "TableStyleMedium2";
  } else {
    sheet = existing.worksheet;
    const range = existing.getRange();
    range.load("address");
    sheet.load("name");
    await context.sync();
    sheetName = sheet.name;
    const old = parseA1(range.address);
    target.row = old.row;
    target.column = old.column;
    if (canResize) {
      table = existing;
      table.resize(toA1(target));
      for (const leftover of outside(old, target)) sheet.getRange(toA1(leftover)).clear(Excel.ClearApplyTo.all);
    } else {
      existing.delete();
      sheet.getRange(toA1(old)).clear(Excel.ClearApplyTo.all);
      table = sheet.tables.add(toA1(target), true);
      table.name = view.table;
    }
  }

  const header = sheet.getRange(toA1({ ...target, rows: 1 }));
  header.values = [view.columns.map((c) => c.header)];
  const body = sheet.getRange(toA1({ ...target, row: target.row + 1, rows: target.rows - 1 }));
  // Formats first: a text column must be text before "00123456" is written into it.
  body.numberFormat = Array.from({ length: target.rows - 1 }, () => view.columns.map((c) => c.format));
  body.values = view.rows.length ? view.rows.map(toCells) : [view.columns.map(() => "")];
  body.format.fill.clear();
  if (view.statusColors) {
    const { column, colors } = view.statusColors;
    view.rows.forEach((row, i) => {
      const color = colors[String(row[column])];
      if (color) body.getCell(i, column).format.fill.color = color;
    });
  }
  if (target.row >= 2) {
    const title = sheet.getRange(toA1({ row: target.row - 2, column: target.column, rows: 1, columns: 1 }));
    title.values = [[view.rows.length ? view.title : `${view.title}: geen rijen`]];
    if (created) title.format.font.bold = true;
  }
  if (created) {
    header.format.autofitColumns();
    body.format.autofitColumns();
  }
  sheet.activate();
  await context.sync();
  return { table: view.table, sheet: sheetName, rows: view.rows.length, created };
}

function toCells(row: CellValue[]): (string | number | boolean)[] {
  return row.map((v) => (v === null || v === undefined ? "" : v));
}

/** The parts of the old block that the new one no longer covers (cleared after a shrink). */
export function outside(old: Block, now: Block): Block[] {
  const parts: Block[] = [];
  if (old.rows > now.rows) {
    parts.push({ row: old.row + now.rows, column: old.column, rows: old.rows - now.rows, columns: old.columns });
  }
  if (old.columns > now.columns) {
    const rows = Math.min(old.rows, now.rows);
    parts.push({ row: old.row, column: old.column + now.columns, rows, columns: old.columns - now.columns });
  }
  return parts;
}

/** "Tarieven demo-2025", or "Tarieven demo-2025 (2)" when the analyst already has a sheet of that name. */
export function uniqueSheetName(wanted: string, taken: string[]): string {
  const lower = new Set(taken.map((n) => n.toLowerCase()));
  const base = wanted.replace(/[\\/?*[\]:]/g, " ").slice(0, 31);
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base.slice(0, 31 - ` (${i})`.length)} (${i})`;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}
