// The API's JSON shapes as the add-in reads them: taken from the answers of the routes it calls in the API's own
// OpenAPI document (openapi.generated.ts, generated from addin/openapi.json by the build; see build/contract.mjs).
// Nothing here describes a shape by hand, except where the document itself leaves one open (marked).
import type { components, paths } from "./openapi.generated";

/** The JSON body of a 200 answer to GET `P`. */
type Answer<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { "application/json": infer T } } } } } ? T : never;

export type Round = Answer<"/api/rounds">[number];
export type SnapshotHeader = Answer<"/api/rounds/{round}/snapshots">[number];
export type Snapshot = Answer<"/api/rounds/{round}/snapshots/{id}">;
export type ProductTariff = Snapshot["tariffs"][number];
export type TrajectoryTariff = Snapshot["trajectories"][number];
export type Norm = Snapshot["norms"][number];
export type Exclusion = Norm["excluded"][number];
export type SnapshotFormat = Snapshot["formats"][number];
export type Finding = SnapshotFormat["findings"][number];
export type Comparison = Answer<"/api/rounds/{round}/snapshots/compare">;
export type Indexation = NonNullable<Snapshot["indexation"]>;
export type Sensitivity = Answer<"/api/rounds/{round}/snapshots/{id}/sensitivity">;
export type ProductSensitivity = Sensitivity["products"][number];
export type VariableSensitivity = ProductSensitivity["variables"][number];
export type Tender = Answer<"/api/tenders">[number];
export type LotBids = Answer<"/api/tenders/{tender}/lots/{lot}/bids">;
export type StoredBid = LotBids["bids"][number];
export type Variance = Answer<"/api/lumpsums/{year}/variance/{quarter}">;
export type LumpsumVariance = Variance["lumpsums"][number];
export type LumpsumYears = Answer<"/api/lumpsums">;
export type Consultation = Answer<"/api/rounds/{round}/consultations">[number];
export type Reaction = Answer<"/api/rounds/{round}/consultations/{id}/reactions">[number];

/** RFC 9457 problem details as the API answers them (with its stable `code`). */
export type Problem = components["schemas"]["ProblemDetails"] & { code?: string | null };

/** A lot of a tender. The document gives a tender's `configuration` as free JSON; this is the part the add-in reads. */
export interface Lot {
  code: string;
  name: string;
}

/** The lots in a tender's configuration (free JSON in the document), or none when it has no readable list. */
export function lotsOf(tender: Tender | undefined): Lot[] {
  const lots = (tender?.configuration as { lots?: unknown } | undefined)?.lots;
  return Array.isArray(lots)
    ? lots.filter((l): l is Lot => typeof l?.code === "string").map((l) => ({ code: l.code, name: typeof l.name === "string" ? l.name : l.code }))
    : [];
}
