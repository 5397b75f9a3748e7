import { ApiError } from "../shared/api";
import { session } from "../shared/session";
import type { LumpsumVariance, Snapshot } from "../shared/contract";
import { findNorm, findTariff, findTrajectory, type Lookup } from "./lookup";
import { richValuesSupported, tariffCellValue } from "./provenance";

/**
 * Het genormeerde tarief van een product, met de herkomst (snapshot, spreiding, normen) waar Excel gegevenstypen kent.
 * @customfunction TARIEF
 * @param ronde De ronde, bijvoorbeeld "jeugd-2025".
 * @param product De productcode, bijvoorbeeld "45A11".
 * @param [snapshot] "huidig" (standaard), "definitief" of het id van een snapshot.
 * @returns Het tarief in euro's.
 */
export async function tarief(ronde: string, product: string, snapshot?: string): Promise<any> {
  required(ronde, "ronde");
  required(product, "product");
  const s = await snapshotOf(ronde, snapshot);
  const t = valueOf(findTariff(s, product));
  return tariffCellValue(t, s, richValuesSupported());
}

/**
 * De genormeerde waarde van een variabele (de norm).
 * @customfunction NORM
 * @param ronde De ronde, bijvoorbeeld "jeugd-2025".
 * @param variabele De variabele, bijvoorbeeld "Verzuim" of "Brutojaarsalaris".
 * @param [kwalificatie] Het opleidingsniveau of product waarvoor de norm geldt, bijvoorbeeld "HBO"; leeg voor een algemene norm.
 * @param [snapshot] "huidig" (standaard), "definitief" of het id van een snapshot.
 * @returns De norm.
 */
export async function norm(ronde: string, variabele: string, kwalificatie?: string, snapshot?: string): Promise<number> {
  required(ronde, "ronde");
  required(variabele, "variabele");
  const s = await snapshotOf(ronde, snapshot);
  return valueOf(findNorm(s, variabele, kwalificatie || null)).value as number;
}

/**
 * Het tarief van een traject.
 * @customfunction TRAJECT
 * @param ronde De ronde, bijvoorbeeld "jeugd-2025".
 * @param code De trajectcode, bijvoorbeeld "DYS-TRAJECT".
 * @param [snapshot] "huidig" (standaard), "definitief" of het id van een snapshot.
 * @returns Het trajecttarief in euro's.
 */
export async function traject(ronde: string, code: string, snapshot?: string): Promise<number> {
  required(ronde, "ronde");
  required(code, "code");
  const s = await snapshotOf(ronde, snapshot);
  return valueOf(findTrajectory(s, code)).tariff as number;
}

/**
 * De afwijking van een lumpsum tot en met een kwartaal, als fractie van wat verwacht werd (0,05 is 5%).
 * @customfunction AFWIJKING
 * @param jaar Het jaar van de lumpsums, bijvoorbeeld 2025.
 * @param agb De AGB-code van de aanbieder, bijvoorbeeld "12345678".
 * @param segment Het segment, bijvoorbeeld "jeugd".
 * @param kwartaal Het kwartaal, 1 tot en met 4.
 * @returns De afwijking als fractie.
 */
export async function afwijking(jaar: number, agb: string, segment: string, kwartaal: number): Promise<number> {
  const year = Number(jaar);
  const quarter = Number(kwartaal);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw fail("value", "Vul een jaar in, bijvoorbeeld 2025.");
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw fail("value", "Het kwartaal is 1, 2, 3 of 4.");
  // An AGB-code typed as a number loses its leading zeros (Excel hands it over as "1234567"): give them back.
  const digits = String(agb ?? "").trim();
  if (!/^\d{1,8}$/.test(digits)) throw fail("value", "De AGB-code heeft 8 cijfers.");
  const code = digits.padStart(8, "0");
  required(segment, "segment");
  let lumpsums: LumpsumVariance[];
  try {
    await session.ready();
    lumpsums = (await session.variances.get(year, quarter)).lumpsums;
  } catch (e) {
    throw fail("notAvailable", e instanceof Error ? e.message : String(e));
  }
  const label = `Lumpsum ${code} ${segment.trim()}`;
  const l = lumpsums.find((x) => x.agb === code && x.segment.toLowerCase() === segment.trim().toLowerCase());
  if (!l) throw fail("notAvailable", `${label} staat niet in de afwijking van ${year} tot en met kwartaal ${quarter}.`);
  if (l.variancePct === null) {
    throw fail("notAvailable", l.status === "missing"
      ? `${label}: er ontbreekt een realisatierapport voor een kwartaal tot en met ${quarter}.`
      : `${label} heeft geen afwijkingspercentage (er is niets verwacht).`);
  }
  return l.variancePct;
}

function required(value: unknown, name: string): void {
  if (typeof value !== "string" || value.trim() === "") throw fail("value", `Vul ${name} in.`);
}

async function snapshotOf(round: string, ref: string | undefined): Promise<Snapshot> {
  try {
    await session.ready();
    return await session.snapshots.get(round.trim(), ref ?? "");
  } catch (e) {
    // Not connected, unreachable, key refused, round or snapshot unknown: no number to give, and why.
    throw fail("notAvailable", e instanceof ApiError || e instanceof Error ? e.message : String(e));
  }
}

function valueOf<T>(lookup: Lookup<T>): T {
  if ("found" in lookup) return lookup.found;
  if ("unknown" in lookup) throw fail("value", lookup.unknown);
  throw fail("notAvailable", lookup.notComputable);
}

function fail(code: "value" | "notAvailable", message: string): CustomFunctions.Error {
  const errorCode = code === "value" ? CustomFunctions.ErrorCode.invalidValue : CustomFunctions.ErrorCode.notAvailable;
  return new CustomFunctions.Error(errorCode, message);
}
