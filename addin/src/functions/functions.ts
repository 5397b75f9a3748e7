import { ApiError } from "../shared/api";
import { session } from "../shared/session";
import type { Snapshot } from "../shared/types";
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
