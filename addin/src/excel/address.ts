// A1 addresses: enough of Excel's notation for a table's block on one sheet.

export interface Block {
  /** Zero-based row and column of the top-left cell. */
  row: number;
  column: number;
  rows: number;
  columns: number;
}

export function columnLetters(column: number): string {
  let n = column + 1;
  let letters = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "A3:K14" for a block (a single cell is "A1"). */
export function toA1(b: Block): string {
  const first = `${columnLetters(b.column)}${b.row + 1}`;
  if (b.rows === 1 && b.columns === 1) return first;
  return `${first}:${columnLetters(b.column + b.columns - 1)}${b.row + b.rows}`;
}

/** The block of "'Sheet name'!A3:K14", "Sheet!A3" or "A3:K14". */
export function parseA1(address: string): Block {
  const local = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const match = /^\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?$/.exec(local);
  if (!match) throw new Error(`Not an A1 address: ${address}`);
  const row = Number(match[2]) - 1;
  const column = columnIndex(match[1]);
  const lastRow = match[4] ? Number(match[4]) - 1 : row;
  const lastColumn = match[3] ? columnIndex(match[3]) : column;
  return { row, column, rows: lastRow - row + 1, columns: lastColumn - column + 1 };
}
