// A recording stand-in for the Excel object model: the one part of the add-in's world that cannot run here
// (the Excel host). It keeps sheets, cells and named tables in memory, enforces Office.js's rule that a property
// is read only after load() and sync(), and counts Excel.run and sync calls. Used by the unit tests and, bundled,
// injected into the task pane page by the browser end-to-end test.
import { parseA1, toA1, type Block } from "../../src/excel/address";

export interface Cell {
  value: string | number | boolean;
  numberFormat?: string;
  fill?: string;
  bold?: boolean;
  /** A user's formula, kept as text: the stand-in does not calculate. */
  formula?: string;
}

class SheetModel {
  cells = new Map<string, Cell>();
  constructor(public name: string) {}
  cell(row: number, column: number): Cell | undefined {
    return this.cells.get(`${row}:${column}`);
  }
  update(row: number, column: number, change: Partial<Cell>): void {
    const key = `${row}:${column}`;
    const next = { ...(this.cells.get(key) ?? { value: "" }), ...change };
    this.cells.set(key, next);
  }
}

interface TableModel {
  name: string;
  sheet: SheetModel;
  block: Block;
  style: string;
}

/** A chart as the stand-in records it: what the add-in asked Excel to draw. */
export interface ChartModel {
  name: string;
  sheet: SheetModel;
  type: string;
  /** The source range (categories in its first column, one series per further column). */
  source: Block;
  seriesBy: string;
  title?: string;
  position?: { start: string; end: string };
  legendPosition?: string;
  reversePlotOrder?: boolean;
  valueMinimum?: number;
  series: { fill: string | null | undefined; line?: string }[];
}

export class NotLoadedError extends Error {
  constructor(what: string) {
    super(`PropertyNotLoaded: ${what} was read before load() and sync()`);
    this.name = "PropertyNotLoaded";
  }
}

/** Loadable properties: readable only after load(name) and a following sync(). */
class Loadable {
  private requested = new Set<string>();
  private loaded = new Map<string, unknown>();
  constructor(protected readonly wb: StandInWorkbook) {}
  load(props?: string | string[]): this {
    const list = props === undefined ? ["*"] : Array.isArray(props) ? props : props.split(",");
    list.forEach((p) => this.requested.add(p.trim()));
    this.wb.pendingLoads.add(this);
    return this;
  }
  /** Called at sync: take the values asked for. */
  resolve(): void {
    for (const p of this.requested) this.loaded.set(p, this.current(p));
    this.requested.clear();
  }
  protected current(_prop: string): unknown {
    return undefined;
  }
  protected read<T>(prop: string): T {
    if (!this.loaded.has(prop)) throw new NotLoadedError(`${this.constructor.name}.${prop}`);
    return this.loaded.get(prop) as T;
  }
}

export class StandInWorkbook {
  sheets: SheetModel[] = [];
  tables: TableModel[] = [];
  charts: ChartModel[] = [];
  pendingLoads = new Set<Loadable>();
  runs = 0;
  syncs = 0;
  /** Requirement sets the stand-in host reports (e.g. "ExcelApi 1.13"). */
  supports = new Set<string>(["ExcelApi 1.13"]);

  sheet(name: string): SheetModel {
    const s = this.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!s) throw new Error(`ItemNotFound: sheet ${name}`);
    return s;
  }

  addSheet(name: string): SheetModel {
    if (this.sheets.some((x) => x.name.toLowerCase() === name.toLowerCase())) throw new Error(`ItemAlreadyExists: sheet ${name}`);
    const s = new SheetModel(name);
    this.sheets.push(s);
    return s;
  }

  /** A user's own cell content, to check that refreshes leave it alone. */
  setCell(sheet: string, address: string, cell: Cell): void {
    const b = parseA1(address);
    this.sheet(sheet).cells.set(`${b.row}:${b.column}`, { ...cell });
  }

  getCell(sheet: string, address: string): Cell | undefined {
    const b = parseA1(address);
    return this.sheet(sheet).cell(b.row, b.column);
  }

  /** A chart by name, with the cells of its source as the analyst sees them (categories, then one column per series). */
  chart(name: string) {
    const c = this.charts.find((x) => x.name === name);
    if (!c) return null;
    const cells = Array.from({ length: c.source.rows }, (_, r) =>
      Array.from({ length: c.source.columns }, (_, k) => c.sheet.cell(c.source.row + r, c.source.column + k)?.value ?? ""),
    );
    return { ...c, sheet: c.sheet.name, source: toA1(c.source), cells };
  }

  /** A named table as the analyst sees it: sheet, address, header and rows (empty cells as ""). */
  table(name: string) {
    const t = this.tables.find((x) => x.name === name);
    if (!t) return null;
    const rows: (string | number | boolean)[][] = [];
    for (let r = 0; r < t.block.rows; r++) {
      const row: (string | number | boolean)[] = [];
      for (let c = 0; c < t.block.columns; c++) row.push(t.sheet.cell(t.block.row + r, t.block.column + c)?.value ?? "");
      rows.push(row);
    }
    return { sheet: t.sheet.name, address: toA1(t.block), style: t.style, header: rows[0], rows: rows.slice(1) };
  }

  run = async <T>(fn: (context: StandInContext) => Promise<T>): Promise<T> => {
    this.runs++;
    return fn(new StandInContext(this));
  };
}

export class StandInContext {
  workbook: WorkbookProxy;
  constructor(private readonly wb: StandInWorkbook) {
    this.workbook = new WorkbookProxy(wb);
  }
  async sync(): Promise<void> {
    this.wb.syncs++;
    for (const l of this.wb.pendingLoads) l.resolve();
    this.wb.pendingLoads.clear();
  }
}

class WorkbookProxy {
  tables: TableCollectionProxy;
  worksheets: WorksheetCollectionProxy;
  constructor(wb: StandInWorkbook) {
    this.tables = new TableCollectionProxy(wb);
    this.worksheets = new WorksheetCollectionProxy(wb);
  }
}

class TableCollectionProxy extends Loadable {
  getItemOrNullObject(name: string): TableProxy {
    return new TableProxy(this.wb, () => this.wb.tables.find((t) => t.name.toLowerCase() === name.toLowerCase()));
  }
  protected current(): unknown {
    return this.wb.tables.map((t) => ({ name: t.name }));
  }
  get items(): { name: string }[] {
    return this.read("items/name");
  }
}

class WorksheetCollectionProxy extends Loadable {
  add(name: string): WorksheetProxy {
    this.wb.addSheet(name);
    return new WorksheetProxy(this.wb, name);
  }
  protected current(): unknown {
    return this.wb.sheets.map((s) => ({ name: s.name }));
  }
  get items(): { name: string }[] {
    return this.read("items/name");
  }
}

class WorksheetProxy extends Loadable {
  tables: { add: (address: string, hasHeaders: boolean) => TableProxy };
  charts: { add: (type: string, source: RangeProxy, seriesBy: string) => ChartProxy; getItemOrNullObject: (name: string) => ChartProxy };
  constructor(wb: StandInWorkbook, private readonly sheetName: string) {
    super(wb);
    this.charts = {
      add: (type: string, source: RangeProxy, seriesBy: string) => {
        const sheet = wb.sheet(this.sheetName);
        if (source.sheetModel !== sheet) throw new Error("InvalidArgument: the chart's data must be on its sheet here");
        const model: ChartModel = {
          name: `Grafiek ${wb.charts.length + 1}`, sheet, type, source: source.blockOf, seriesBy,
          series: Array.from({ length: source.blockOf.columns - 1 }, () => ({ fill: "automatic" })),
        };
        wb.charts.push(model);
        return new ChartProxy(wb, () => model);
      },
      getItemOrNullObject: (name: string) =>
        new ChartProxy(wb, () => wb.charts.find((c) => c.sheet.name === this.sheetName && c.name.toLowerCase() === name.toLowerCase())),
    };
    this.tables = {
      add: (address: string) => {
        const sheet = wb.sheet(this.sheetName);
        const block = parseA1(address);
        const model: TableModel = { name: `Tabel${wb.tables.length + 1}`, sheet, block, style: "TableStyleMedium9" };
        wb.tables.push(model);
        return new TableProxy(wb, () => model);
      },
    };
  }
  protected current(prop: string): unknown {
    return prop === "name" ? this.sheetName : undefined;
  }
  get name(): string {
    return this.read("name");
  }
  getRange(address: string): RangeProxy {
    return new RangeProxy(this.wb, this.wb.sheet(this.sheetName), parseA1(address));
  }
  activate(): void {}
}

/**
 * A table or a chart: got with getItemOrNullObject, so it may be a null object, and named uniquely in its scope. Both
 * accessors of `name` live here, since a subclass that defines only one of them hides the other.
 */
abstract class NamedProxy<M extends { name: string }> extends Loadable {
  constructor(wb: StandInWorkbook, protected readonly model: () => M | undefined) {
    super(wb);
  }
  protected current(prop: string): unknown {
    const m = this.model();
    if (prop === "isNullObject") return !m;
    return prop === "name" ? m?.name : undefined;
  }
  load(props?: string | string[]): this {
    super.load(props);
    return super.load("isNullObject");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  get name(): string {
    return this.read("name");
  }
  set name(value: string) {
    this.rename(value);
  }
  protected abstract rename(value: string): void;
}

class TableProxy extends NamedProxy<TableModel> {
  private get t(): TableModel {
    const t = this.model();
    if (!t) throw new Error("InvalidObjectPath: the table does not exist");
    return t;
  }
  protected rename(value: string): void {
    if (this.wb.tables.some((x) => x !== this.t && x.name.toLowerCase() === value.toLowerCase())) {
      throw new Error(`InvalidArgument: a table named ${value} exists`);
    }
    this.t.name = value;
  }
  set style(value: string) {
    this.t.style = value;
  }
  get worksheet(): WorksheetProxy {
    return new WorksheetProxy(this.wb, this.t.sheet.name);
  }
  getRange(): RangeProxy {
    return new RangeProxy(this.wb, this.t.sheet, this.t.block);
  }
  resize(address: string): void {
    const b = parseA1(address);
    if (b.row !== this.t.block.row) throw new Error("InvalidArgument: the header row must stay in place");
    this.t.block = b;
  }
  delete(): void {
    this.wb.tables = this.wb.tables.filter((x) => x !== this.t);
  }
}

class ChartProxy extends NamedProxy<ChartModel> {
  title: { text: string };
  legend: { position: string };
  axes: { categoryAxis: { reversePlotOrder: boolean }; valueAxis: { minimum: number } };
  series: { getItemAt: (i: number) => { format: { fill: { clear: () => void; setSolidColor: (c: string) => void }; line: { lineStyle: string } } } };
  constructor(wb: StandInWorkbook, model: () => ChartModel | undefined) {
    super(wb, model);
    const c = () => {
      const m = this.model();
      if (!m) throw new Error("InvalidObjectPath: the chart does not exist");
      return m;
    };
    this.title = { set text(v: string) { c().title = v; }, get text(): string { throw new NotLoadedError("ChartTitle.text"); } };
    this.legend = { set position(v: string) { c().legendPosition = v; }, get position(): string { throw new NotLoadedError("ChartLegend.position"); } };
    this.axes = {
      categoryAxis: { set reversePlotOrder(v: boolean) { c().reversePlotOrder = v; }, get reversePlotOrder(): boolean { throw new NotLoadedError("ChartAxis.reversePlotOrder"); } },
      valueAxis: { set minimum(v: number) { c().valueMinimum = v; }, get minimum(): number { throw new NotLoadedError("ChartAxis.minimum"); } },
    };
    this.series = {
      getItemAt: (i: number) => {
        const one = () => {
          const s = c().series[i];
          if (!s) throw new Error(`InvalidArgument: the chart has no series ${i}`);
          return s;
        };
        return {
          format: {
            fill: { clear: () => void (one().fill = null), setSolidColor: (colour: string) => void (one().fill = colour) },
            line: { set lineStyle(v: string) { one().line = v; }, get lineStyle(): string { throw new NotLoadedError("ChartLineFormat.lineStyle"); } },
          },
        };
      },
    };
  }
  protected rename(value: string): void {
    const m = this.model()!;
    if (this.wb.charts.some((x) => x !== m && x.sheet === m.sheet && x.name.toLowerCase() === value.toLowerCase())) {
      throw new Error(`InvalidArgument: a chart named ${value} exists on this sheet`);
    }
    m.name = value;
  }
  setPosition(start: string, end: string): void {
    this.model()!.position = { start, end };
  }
  setData(source: RangeProxy, seriesBy: string): void {
    const m = this.model()!;
    m.source = source.blockOf;
    m.seriesBy = seriesBy;
    m.series = Array.from({ length: source.blockOf.columns - 1 }, (_, i) => m.series[i] ?? { fill: "automatic" });
  }
}

class RangeProxy extends Loadable {
  format: {
    fill: { clear: () => void; color: string };
    font: { bold: boolean };
    autofitColumns: () => void;
  };
  constructor(wb: StandInWorkbook, private readonly sheet: SheetModel, private readonly block: Block) {
    super(wb);
    const each = (f: (r: number, c: number) => void) => {
      for (let r = 0; r < block.rows; r++) for (let c = 0; c < block.columns; c++) f(block.row + r, block.column + c);
    };
    this.format = {
      fill: {
        clear: () => each((r, c) => sheet.cell(r, c) && sheet.update(r, c, { fill: undefined })),
        set color(value: string) {
          each((r, c) => sheet.update(r, c, { fill: value }));
        },
        get color(): string {
          throw new NotLoadedError("RangeFill.color");
        },
      },
      font: {
        set bold(value: boolean) {
          each((r, c) => sheet.update(r, c, { bold: value }));
        },
        get bold(): boolean {
          throw new NotLoadedError("RangeFont.bold");
        },
      },
      autofitColumns: () => {},
    };
  }
  protected current(prop: string): unknown {
    return prop === "address" ? `'${this.sheet.name}'!${toA1(this.block)}` : undefined;
  }
  get sheetModel(): SheetModel {
    return this.sheet;
  }
  get blockOf(): Block {
    return this.block;
  }
  get address(): string {
    return this.read("address");
  }
  private grid<T>(values: T[][], what: string, set: (r: number, c: number, v: T) => void): void {
    if (values.length !== this.block.rows || values.some((row) => row.length !== this.block.columns)) {
      throw new Error(`InvalidArgument: ${what} is ${values.length}x${values[0]?.length} for ${toA1(this.block)}`);
    }
    values.forEach((row, r) => row.forEach((v, c) => set(this.block.row + r, this.block.column + c, v)));
  }
  set values(values: (string | number | boolean)[][]) {
    this.grid(values, "values", (r, c, v) => this.sheet.update(r, c, { value: v, formula: undefined }));
  }
  set numberFormat(formats: string[][]) {
    this.grid(formats, "numberFormat", (r, c, v) => this.sheet.update(r, c, { numberFormat: v }));
  }
  getCell(row: number, column: number): RangeProxy {
    return new RangeProxy(this.wb, this.sheet, { row: this.block.row + row, column: this.block.column + column, rows: 1, columns: 1 });
  }
  clear(_applyTo?: string): void {
    for (let r = 0; r < this.block.rows; r++)
      for (let c = 0; c < this.block.columns; c++) this.sheet.cells.delete(`${this.block.row + r}:${this.block.column + c}`);
  }
}

/** The custom functions runtime's part: associations by id, and its Error with Excel's error values. */
export function customFunctionsStandIn() {
  const associations = new Map<string, (...args: unknown[]) => unknown>();
  class CustomFunctionsError extends Error {
    constructor(
      public code: string,
      message?: string,
    ) {
      super(message);
    }
  }
  return {
    associations,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!", nullReference: "#NULL!", invalidName: "#NAME?", invalidReference: "#REF!" },
    Error: CustomFunctionsError,
    associate(id: string | Record<string, (...args: unknown[]) => unknown>, fn?: (...args: unknown[]) => unknown) {
      if (typeof id === "string") associations.set(id, fn!);
      else Object.entries(id).forEach(([k, f]) => associations.set(k, f));
    },
  };
}

/** Installs the stand-ins as globals: Excel (run, ClearApplyTo) and CustomFunctions. */
export function install(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>) {
  const workbook = new StandInWorkbook();
  const customFunctions = customFunctionsStandIn();
  target.Excel = {
    run: workbook.run,
    ClearApplyTo: { all: "All", contents: "Contents", formats: "Formats" },
    ChartType: { barStacked: "BarStacked", barClustered: "BarClustered" },
    ChartSeriesBy: { auto: "Auto", columns: "Columns", rows: "Rows" },
    ChartLegendPosition: { bottom: "Bottom", right: "Right" },
    ChartLineStyle: { none: "None", continuous: "Continuous" },
  };
  target.CustomFunctions = customFunctions;
  return { workbook, customFunctions };
}
