import type { Indexation, Norm, ProductTariff, Snapshot } from "../shared/contract";
import { dateTime, exclusionReason, label, snapshotStatusText, statisticText } from "../shared/texts";
import { isSetSupported } from "../shared/host";
import { normsOf } from "./lookup";

/** What the host can show: a number with a card (ExcelApi 1.19), an entity with a card (1.16), or a plain number. */
export type RichValues = "numberWithCard" | "entity" | "plain";

export function richValuesSupported(): RichValues {
  if (isSetSupported("ExcelApi", "1.19")) return "numberWithCard";
  if (isSetSupported("ExcelApi", "1.16")) return "entity";
  return "plain";
}

type Cell = Record<string, unknown>;
const str = (v: string | number | null | undefined): Cell => ({ type: "String", basicValue: v === null || v === undefined ? "" : String(v) });
const num = (v: number | null, numberFormat = "#,##0.00"): Cell =>
  v === null ? str("") : { type: "FormattedNumber", basicValue: v, numberFormat };

function normRow(n: Norm): Cell[] {
  const excluded = n.excluded.map((e) => `${e.agb} (${exclusionReason(e)})`).join("; ");
  return [str(n.qualifier ? `${n.variable} (${n.qualifier})` : n.variable), num(n.value, "#,##0.0000"), str(statisticText(n.statistic)), num(n.n, "0"), str(excluded || "geen")];
}

/** The reference-year tariff and the factor(s) that made the published tariff of it. */
function indexationProperties(t: ProductTariff, i: Indexation): Record<string, Cell> {
  const factor = (v: number | null) => num(v, "0.000000");
  return {
    "Tarief peiljaar": num(t.tariffReferenceYear ?? null),
    Peiljaar: num(i.referenceYear, "0"),
    Tariefjaar: num(i.tariffYear, "0"),
    Methode: str(label("indexationMethod", i.method)),
    ...(i.method === "weighted" ? { Factor: factor(i.factor) } : { "Factor OVA": factor(i.factorOva), "Factor PCC": factor(i.factorPcc) }),
  };
}

/**
 * The tariff with where it comes from: the snapshot and its status, the spread of providers' own tariffs, and the
 * norms it was computed from with n and exclusions. A plain number where the host has no data types.
 */
export function tariffCellValue(t: ProductTariff, s: Snapshot, rich: RichValues): number | Cell {
  const tariff = t.tariff as number;
  if (rich === "plain") return tariff;
  const norms = normsOf(s, t.product);
  const properties: Record<string, Cell> = {
    Tarief: num(tariff),
    Product: str(t.product),
    Naam: str(t.name),
    Eenheid: str(t.unit),
    Snapshot: str(s.id),
    Status: str(snapshotStatusText(s.status)),
    "Berekend op": str(dateTime(s.computedAt)),
    "n aanbieders": num(t.spread.n, "0"),
    Minimum: num(t.spread.min),
    Q1: num(t.spread.q1),
    Mediaan: num(t.spread.median),
    Q3: num(t.spread.q3),
    Maximum: num(t.spread.max),
    Normen: {
      type: "Array",
      elements: [[str("Norm"), str("Waarde"), str("Statistiek"), str("n"), str("Uitgesloten")], ...norms.map(normRow)],
    },
  };
  const indexation = s.indexation ? indexationProperties(t, s.indexation) : null;
  Object.assign(properties, indexation);
  const card = {
    title: { property: "Naam" },
    sections: [
      { layout: "List", properties: ["Tarief", "Product", "Eenheid"] },
      { layout: "List", title: "Herkomst", properties: ["Snapshot", "Status", "Berekend op"] },
      ...(indexation ? [{ layout: "List", title: "Indexatie", properties: Object.keys(indexation) }] : []),
      { layout: "List", title: "Spreiding eigen tarieven", properties: ["n aanbieders", "Minimum", "Q1", "Mediaan", "Q3", "Maximum"] },
      { layout: "List", title: "Normen", collapsible: true, collapsed: true, properties: ["Normen"] },
    ],
  };
  if (rich === "numberWithCard") {
    return { type: "Double", basicValue: tariff, numberFormat: "#,##0.00", properties, layouts: { card } };
  }
  return { type: "Entity", text: `${t.product} ${tariff.toFixed(2).replace(".", ",")}`, properties, layouts: { card } };
}
