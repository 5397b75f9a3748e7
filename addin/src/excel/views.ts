import type { Comparison, Consultation, LotBids, Reaction, Sensitivity, Snapshot, SnapshotFormat, SnapshotHeader, StoredBid, Variance } from "../shared/contract";
import {
  bidStatusText, dateTime, snapshotStatusText, statisticText, describeSnapshot, exclusionReason, formatStatusText, outcomeText, severityText,
  varianceStatusText,
} from "../shared/texts";

export type CellValue = string | number | boolean | null;

export interface Column {
  header: string;
  /** Excel number format of the column's data cells ("@" for text, so AGB-codes keep their digits). */
  format: string;
}

/** What one named table on its own sheet shows: written and refreshed in place by `writeTable`. */
export interface TableView {
  /** The Excel table's name: stays the same across refreshes, so formulas that use it keep working. */
  table: string;
  /** The sheet's name when the table is first inserted. */
  sheet: string;
  /** The line above the table: what it shows and from which snapshot. */
  title: string;
  columns: Column[];
  rows: CellValue[][];
  /** Fill colours of one column's cells by their text (format status). */
  statusColors?: { column: number; colors: Record<string, string> };
}

const money = "#,##0.00";
const percent = "0.00%";
const decimal = "#,##0.0000";
const whole = "0";
const text = "@";
const general = "General";

/** Excel names: letters, digits, underscores; the round id's hyphens become underscores. */
export function tableName(kind: string, round: string): string {
  return `${kind}_${round.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

function sheetName(kind: string, round: string): string {
  return `${kind} ${round}`.slice(0, 31);
}

/** "geïndexeerd van peiljaar 2023 naar tariefjaar 2025" or nothing: what the tariffs' title adds when the round indexes. */
export function indexationText(s: Snapshot): string {
  return s.indexation ? `, geïndexeerd van peiljaar ${s.indexation.referenceYear} naar tariefjaar ${s.indexation.tariffYear}` : "";
}

/** With indexation the reference-year tariff is a last column, so the table of a round without it stays as it was. */
export function tariffsView(s: Snapshot): TableView {
  const indexed = !!s.indexation;
  const referenceYear = (t: { tariffReferenceYear?: number | null }): CellValue[] => (indexed ? [t.tariffReferenceYear ?? null] : []);
  return {
    table: tableName("Tarieven", s.round),
    sheet: sheetName("Tarieven", s.round),
    title: `Genormeerde tarieven${indexationText(s)}, ${describeSnapshot(s)}`,
    columns: [
      { header: "Product", format: text },
      { header: "Naam", format: text },
      { header: "Eenheid", format: text },
      { header: "Tarief", format: money },
      { header: "Niet berekenbaar", format: text },
      { header: "n", format: whole },
      { header: "Minimum", format: money },
      { header: "Q1", format: money },
      { header: "Mediaan", format: money },
      { header: "Q3", format: money },
      { header: "Maximum", format: money },
      ...(indexed ? [{ header: "Tarief peiljaar", format: money }] : []),
    ],
    rows: [
      ...s.tariffs.map((t) => [
        t.product, t.name, t.unit, t.tariff, t.reason, t.spread.n,
        t.spread.min, t.spread.q1, t.spread.median, t.spread.q3, t.spread.max, ...referenceYear(t),
      ]),
      ...s.trajectories.map((t) => [
        t.code, t.name, "traject", t.tariff, t.reason, null, null, null, null, null, null, ...referenceYear(t),
      ]),
    ],
  };
}

export function normsView(s: Snapshot): TableView {
  return {
    table: tableName("Normen", s.round),
    sheet: sheetName("Normen", s.round),
    title: `Normen met herkomst, ${describeSnapshot(s)}`,
    columns: [
      { header: "Variabele", format: text },
      { header: "Kwalificatie", format: text },
      { header: "Norm", format: decimal },
      { header: "Statistiek", format: text },
      { header: "n", format: whole },
      { header: "Benchmark gebruikt", format: text },
      { header: "Herschaald", format: text },
      { header: "Uitgesloten", format: whole },
      { header: "Uitgesloten aanbieders (reden)", format: text },
      { header: "Niet berekenbaar", format: text },
    ],
    rows: s.norms.map((n) => [
      n.variable, n.qualifier, n.value, statisticText(n.statistic), n.n,
      n.benchmarkUsed ? "ja" : "nee", n.rescaled ? "ja" : "nee", n.excluded.length,
      n.excluded.map((e) => `${e.agb} (${exclusionReason(e)})`).join("; ") || null,
      n.reason ?? null,
    ]),
  };
}

export const statusColors: Record<string, string> = {
  geaccepteerd: "#DFF0D8",
  "herstel nodig": "#FCF3CF",
  "gesloten met uitsluitingen": "#F8D7DA",
};

export function formatsView(s: Snapshot): TableView {
  return {
    table: tableName("Formats", s.round),
    sheet: sheetName("Formats", s.round),
    title: `Formats per aanbieder, ${describeSnapshot(s)}`,
    columns: [
      { header: "AGB-code", format: text },
      { header: "Aanbieder", format: text },
      { header: "Versie", format: whole },
      { header: "Status", format: text },
      { header: "Fouten", format: whole },
      { header: "Waarschuwingen", format: whole },
      { header: "Geüpload", format: text },
    ],
    rows: s.formats.map((f) => [
      f.agb, f.name, f.version, formatStatusText(f.status), f.errors, f.warnings, f.uploadedAt.slice(0, 19).replace("T", " "),
    ]),
    statusColors: { column: 3, colors: statusColors },
  };
}

export function findingsView(s: Snapshot): TableView {
  const rows = s.formats.flatMap((f: SnapshotFormat) =>
    f.findings.map((x) => [f.agb, f.name, severityText(x.severity), x.code, x.variable, x.cell, x.value, x.message]),
  );
  return {
    table: tableName("Bevindingen", s.round),
    sheet: sheetName("Bevindingen", s.round),
    title: `Bevindingen per aanbieder, ${describeSnapshot(s)}`,
    columns: [
      { header: "AGB-code", format: text },
      { header: "Aanbieder", format: text },
      { header: "Ernst", format: text },
      { header: "Code", format: text },
      { header: "Variabele", format: text },
      { header: "Cel", format: text },
      { header: "Waarde", format: text },
      { header: "Melding", format: text },
    ],
    rows,
    statusColors: { column: 2, colors: { fout: "#F8D7DA", waarschuwing: "#FCF3CF" } },
  };
}

const changeTexts: Record<string, string> = {
  unchanged: "ongewijzigd",
  changed: "gewijzigd",
  added: "nieuw",
  removed: "vervallen",
  becameComputable: "nu berekenbaar",
  becameNotComputable: "niet meer berekenbaar",
  notComputable: "niet berekenbaar",
};

export function compareView(c: Comparison): TableView {
  const row = (kind: string) => (x: Comparison["tariffs"][number]) => [
    x.code, x.name, kind === "product" ? x.unit : "traject", x.old, x.new, x.difference,
    x.differencePercent === null ? null : x.differencePercent / 100, changeTexts[x.change] ?? x.change,
  ];
  return {
    table: tableName("Vergelijking", c.round),
    sheet: sheetName("Vergelijking", c.round),
    title: `Vergelijking ${c.from.id} (${snapshotStatusText(c.from.status)}) met ${c.to.id} (${snapshotStatusText(c.to.status)})`,
    columns: [
      { header: "Code", format: text },
      { header: "Naam", format: text },
      { header: "Eenheid", format: text },
      { header: "Oud", format: money },
      { header: "Nieuw", format: money },
      { header: "Verschil", format: money },
      { header: "Verschil %", format: "0.00%" },
      { header: "Wijziging", format: general },
    ],
    rows: [...c.tariffs.map(row("product")), ...c.trajectories.map(row("traject"))],
  };
}

const good = "#DFF0D8";
const attention = "#FCF3CF";
const bad = "#F8D7DA";
const absent = "#E7E6E6";

/** One row per bid of the lot: ranked bids first in ranking order, then the unranked ones by AGB-code. */
export function bidsView(b: LotBids): TableView {
  const rank = new Map(b.ranking.map((r, i) => [r.agb, i + 1]));
  const order = (x: StoredBid) => rank.get(x.agb) ?? Number.POSITIVE_INFINITY;
  const bids = [...b.bids].sort((x, y) => order(x) - order(y) || x.agb.localeCompare(y.agb));
  return {
    table: tableName("Inschrijvingen", `${b.tender}_${b.lot}`),
    sheet: sheetName("Inschrijvingen", `${b.tender} ${b.lot}`),
    title: `Inschrijvingen ${b.tender}, perceel ${b.lot}`,
    columns: [
      { header: "Rang", format: whole },
      { header: "AGB-code", format: text },
      { header: "Inschrijver", format: text },
      { header: "Status", format: text },
      { header: "Impliciete lumpsum", format: money },
      { header: "Genormeerde waarde", format: money },
      { header: "Voorgestelde lumpsum", format: money },
      { header: "Gewogen afwijking", format: percent },
      { header: "Signaleringen", format: whole },
    ],
    rows: bids.map((x) => {
      const a = x.analysis;
      return [
        rank.get(x.agb) ?? null, x.agb, a.name, bidStatusText(a.status), a.impliedLumpsum, a.normalisedValue,
        a.proposedLumpsum, a.weightedDeviation, a.lines.reduce((n, l) => n + l.flags.length, 0),
      ];
    }),
    statusColors: { column: 3, colors: { geaccepteerd: good, "met fouten": attention, afgewezen: bad } },
  };
}

/** One row per lumpsum, year to date up to the quarter; a lumpsum with a missing quarter has empty figures. */
export function varianceView(v: Variance): TableView {
  return {
    table: tableName("Afwijking", `${v.year}_K${v.quarter}`),
    sheet: sheetName("Lumpsumafwijking", `${v.year} K${v.quarter}`),
    title: `Lumpsumafwijking ${v.year} tot en met kwartaal ${v.quarter}, snapshot ${v.snapshot} (berekend ${dateTime(v.computedAt)})`,
    columns: [
      { header: "AGB-code", format: text },
      { header: "Segment", format: text },
      { header: "Lumpsum", format: money },
      { header: "Bandbreedte", format: percent },
      { header: "Verwacht", format: money },
      { header: "Gerealiseerd", format: money },
      { header: "Afwijking", format: money },
      { header: "Afwijking %", format: percent },
      { header: "Status", format: text },
      { header: "Prognose", format: money },
      { header: "Afrekening", format: money },
    ],
    rows: v.lumpsums.map((l) => [
      l.agb, l.segment, l.amount, l.bandwidth, l.expected, l.realised, l.variance, l.variancePct,
      varianceStatusText(l.status), l.forecast, l.settlement,
    ]),
    statusColors: { column: 8, colors: { [varianceStatusText("within")]: good, [varianceStatusText("over")]: bad, [varianceStatusText("under")]: attention, [varianceStatusText("missing")]: absent } },
  };
}

/**
 * Every reaction of a market consultation, oldest first: who sent it and when, its latest text and version, whether it
 * was withdrawn, and the region's answer. Table `Reacties_<ronde>`, refreshed in place.
 */
export function reactionsView(c: Consultation, reactions: Reaction[]): TableView {
  const state = c.status === "open" ? `open tot ${c.deadlineText}` : `gesloten (termijn ${c.deadlineText})`;
  return {
    table: tableName("Reacties", c.round),
    sheet: sheetName("Reacties", c.round),
    title: `Reacties marktconsultatie ${c.id} op snapshot ${c.snapshot}, ${state}${c.publishedAt ? `, antwoorden gepubliceerd ${dateTime(c.publishedAt)}` : ""}`,
    columns: [
      { header: "Reactie", format: text },
      { header: "AGB-code", format: text },
      { header: "Versie", format: whole },
      { header: "Product", format: text },
      { header: "Variabele", format: text },
      { header: "Tekst", format: text },
      { header: "Ingediend", format: text },
      { header: "Gewijzigd", format: text },
      { header: "Ingetrokken", format: text },
      { header: "Publieke vraag", format: text },
      { header: "Antwoord", format: text },
      { header: "Uitkomst", format: text },
    ],
    rows: reactions.map((r) => [
      r.id, r.agb, r.version, r.product, r.variable, r.text, dateTime(r.createdAt), dateTime(r.updatedAt),
      r.withdrawnAt ? dateTime(r.withdrawnAt) : null, r.answer?.publicQuestion ?? null, r.answer?.answer ?? null,
      r.answer ? outcomeText(r.answer.outcome) : r.withdrawnAt ? "ingetrokken" : "nog te beantwoorden",
    ]),
    statusColors: { column: 11, colors: { [outcomeText("changed")]: attention, "nog te beantwoorden": bad, ingetrokken: absent } },
  };
}

/**
 * The sensitivity of a snapshot's tariffs (indexation-and-sensitivity.md §5): one row per product and variable, the
 * variables that move a tariff most first, with the configured statistic, lowest and highest tariff, range and the
 * tariff under each alternative.
 */
export function sensitivityView(s: Sensitivity, snapshot: Pick<SnapshotHeader, "id" | "status" | "createdAt">): TableView {
  return {
    table: tableName("Gevoeligheid", s.round),
    sheet: sheetName("Gevoeligheid", s.round),
    title: `Gevoeligheid van de tarieven voor de keuze van de statistiek, ${describeSnapshot(snapshot)}`,
    columns: [
      { header: "Product", format: text },
      { header: "Variabele", format: text },
      { header: "Gekozen statistiek", format: text },
      { header: "Laagste", format: money },
      { header: "Hoogste", format: money },
      { header: "Bereik", format: money },
      ...s.alternatives.map((a) => ({ header: a, format: money })),
    ],
    rows: s.products.flatMap((p) =>
      p.variables.map((v) => [
        p.product, v.variable, v.configured, v.low, v.high, v.range, ...s.alternatives.map((a) => v.tariffs[a] ?? null),
      ]),
    ),
  };
}

/** A tornado chart of one product: its data as a named table, and the chart drawn from it. */
export interface TornadoView {
  data: TableView;
  /** The chart's name: stays the same across refreshes. */
  chart: string;
  chartTitle: string;
  /** Where the value axis starts (whole euros below the lowest tariff), so the bars start at their low. */
  axisMinimum: number;
  /** How many leading columns of the data are the chart's source: categories, then the stacked series. */
  chartColumns: number;
}

/**
 * One bar per variable from its lowest to its highest tariff, split at the published tariff: a stacked bar of an
 * invisible part up to the low, the part below the tariff and the part above it. The variable that moves the tariff
 * most is on top (the chart reverses the category order; the data keeps the table's order).
 */
export function tornadoView(s: Sensitivity, product: string): TornadoView {
  const p = s.products.find((x) => x.product === product);
  if (!p) throw new Error(`Product ${product} heeft geen gepubliceerd tarief in deze snapshot.`);
  const round = s.round;
  const lowest = Math.min(p.tariff, ...p.variables.map((v) => v.low));
  return {
    chart: `Tornado_${round.replace(/[^A-Za-z0-9_]/g, "_")}_${product}`,
    chartTitle: `Tornado ${product}: tarief ${p.tariff.toFixed(2).replace(".", ",")} bij de gekozen statistieken`,
    axisMinimum: Math.floor(lowest),
    chartColumns: 4,
    data: {
      table: tableName("Tornado", `${round}_${product}`),
      sheet: sheetName("Tornado", `${product} ${round}`),
      title: `Tornado ${product} (${round}): per variabele het laagste en hoogste tarief bij een andere statistiek`,
      columns: [
        { header: "Variabele", format: text },
        { header: "Tot laagste", format: money },
        { header: "Onder tarief", format: money },
        { header: "Boven tarief", format: money },
        { header: "Laagste", format: money },
        { header: "Hoogste", format: money },
        { header: "Tarief", format: money },
      ],
      rows: p.variables.map((v) => [
        v.variable, v.low, round2(p.tariff - v.low), round2(v.high - p.tariff), v.low, v.high, p.tariff,
      ]),
    },
  };
}

/** Differences of amounts in cents, without binary noise (80.5 - 71.56 is 8.939999...). */
function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
