// The API's JSON shapes (docs/api.md), as far as the add-in reads them.

export interface Round {
  round: string;
  name: string;
  referenceYear?: number;
  repairDeadline?: string;
}

export interface SnapshotHeader {
  id: string;
  round: string;
  status: "concept" | "final";
  createdAt: string;
  finalizedAt: string | null;
  current: boolean;
}

export interface Spread {
  n: number;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

export interface ProductTariff {
  product: string;
  name: string;
  unit: string;
  tariff: number | null;
  unrounded: number | null;
  reason: string | null;
  spread: Spread;
  /** The tariff of the reference year, rounded, not indexed (equal to `tariff` without indexation). */
  tariffReferenceYear?: number | null;
}

export interface TrajectoryTariff {
  code: string;
  name: string;
  tariff: number | null;
  reason: string | null;
  unrounded?: number | null;
  tariffReferenceYear?: number | null;
}

/** The factors that took the tariffs from the reference year to the tariff year (indexation-and-sensitivity.md §3). */
export interface Indexation {
  referenceYear: number;
  tariffYear: number;
  method: "weighted" | "components";
  factor: number | null;
  factorOva: number | null;
  factorPcc: number | null;
  years: { year: number; ova: number; pcc: number; composite: number | null; status: "provisional" | "definitive" }[];
}

export interface Exclusion {
  agb: string;
  reason: string;
  code?: string | null;
}

export interface Norm {
  variable: string;
  qualifier: string | null;
  value: number | null;
  statistic: string;
  n: number;
  benchmarkUsed: boolean;
  excluded: Exclusion[];
  reason?: string | null;
  rescaled?: boolean;
}

export interface Finding {
  severity: "error" | "warning" | "info";
  code: string;
  variable: string | null;
  cell: string | null;
  value: string | null;
  band: string | null;
  message: string;
}

export interface SnapshotFormat {
  agb: string;
  name: string | null;
  version: number;
  status: string;
  errors: number;
  warnings: number;
  uploadedAt: string;
  findings: Finding[];
}

export interface Snapshot extends SnapshotHeader {
  roundName: string;
  computedAt: string;
  tariffs: ProductTariff[];
  trajectories: TrajectoryTariff[];
  norms: Norm[];
  formats: SnapshotFormat[];
  /** Null (or absent in older snapshots) when the round has no indexation. */
  indexation?: Indexation | null;
}

/** What each norm choice does to each tariff (indexation-and-sensitivity.md §5), as `inkoop sensitivity --json` prints it. */
export interface Sensitivity {
  round: string;
  alternatives: string[];
  products: ProductSensitivity[];
}

export interface ProductSensitivity {
  product: string;
  tariff: number;
  variables: VariableSensitivity[];
}

export interface VariableSensitivity {
  variable: string;
  configured: string;
  tariffs: Record<string, number | null>;
  low: number;
  high: number;
  range: number;
}

export interface Change {
  code: string;
  name: string | null;
  unit: string | null;
  old: number | null;
  new: number | null;
  difference: number | null;
  differencePercent: number | null;
  change: string;
}

export interface SnapshotRef {
  id: string;
  status: string;
  createdAt: string;
}

export interface Comparison {
  round: string;
  from: SnapshotRef;
  to: SnapshotRef;
  tariffs: Change[];
  trajectories: Change[];
}

/** RFC 9457 problem details as the API answers them. */
export interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  status?: number;
}

export interface Lot {
  code: string;
  name: string;
}

/** `GET /api/tenders` and `GET /api/tenders/{tender}`: the configuration carries the lots. */
export interface Tender {
  tender: string;
  name: string;
  round: string;
  configuration: { lots: Lot[] };
}

export interface BidLine {
  product: string;
  flags: string[];
}

/** One bid of `inkoop bids --json`, as stored with a bid version. */
export interface BidAnalysis {
  agb: string | null;
  name: string | null;
  lot: string | null;
  status: string;
  lines: BidLine[];
  impliedLumpsum: number | null;
  normalisedValue: number | null;
  normalisedValueComplete: boolean;
  proposedLumpsum: number | null;
  weightedDeviation: number | null;
}

export interface StoredBid {
  tender: string;
  lot: string;
  agb: string;
  version: number;
  snapshot: string | null;
  analysis: BidAnalysis;
}

/** `GET /api/tenders/{tender}/lots/{lot}/bids`: the latest version per bidder and the lot's ranking. */
export interface LotBids {
  tender: string;
  lot: string;
  ranking: { agb: string; weightedDeviation: number }[];
  bids: StoredBid[];
}

/** One lumpsum of `inkoop lumpsum --json`: year to date up to the quarter; figures null when its status is missing. */
export interface LumpsumVariance {
  agb: string;
  segment: string;
  amount: number;
  bandwidth: number;
  expected: number | null;
  realised: number | null;
  variance: number | null;
  variancePct: number | null;
  status: string;
  forecast: number | null;
  settlement: number | null;
}

/** `GET /api/lumpsums/{year}/variance/{quarter}`. */
export interface Variance {
  snapshot: string;
  computedAt: string;
  year: number;
  quarter: number;
  lumpsums: LumpsumVariance[];
}

/** `GET /api/rounds/{round}/consultations`: a market consultation (deadline with the Dutch offset). */
export interface Consultation {
  id: string;
  round: string;
  snapshot: string;
  deadline: string;
  deadlineText: string;
  status: "open" | "closed";
  publishedAt: string | null;
  finalSnapshot: string | null;
}

/** The region's answer to a reaction; `outcome` is unchanged, changed or explained. */
export interface ReactionAnswer {
  publicQuestion: string;
  answer: string;
  outcome: string;
  answeredAt: string;
}

/** `GET /api/rounds/{round}/consultations/{id}/reactions` (analysts: every reaction, with versions and answer). */
export interface Reaction {
  id: string;
  agb: string;
  version: number;
  product: string | null;
  variable: string | null;
  text: string;
  createdAt: string;
  updatedAt: string;
  withdrawnAt: string | null;
  versions: { version: number; text: string; at: string }[];
  answer: ReactionAnswer | null;
}
