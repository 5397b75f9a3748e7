import type { Exclusion, SnapshotHeader } from "./contract";
// The one table of Dutch labels, shared with the app (CLI, exports, provider page): bundled by esbuild.
import labels from "../../../functions/Inkoop.Domain/Labels.nl.json";

export type LabelKind = Exclude<keyof typeof labels, "$comment">;

/** The Dutch label of a code of the API (`repairNeeded`, `weightedMean`, ...); a code without a label reads as itself. */
export function label(kind: LabelKind, code: string): string {
  return (labels[kind] as Record<string, string>)[code] ?? code;
}

export function formatStatusText(status: string): string {
  return label("formatStatus", status);
}

export function severityText(severity: string): string {
  return label("severity", severity);
}

export function exclusionReason(e: Exclusion): string {
  const reason = label("exclusionReason", e.reason);
  return e.code ? `${reason}, ${e.code}` : reason;
}

export function snapshotStatusText(status: string): string {
  return label("snapshotStatus", status);
}

export function statisticText(statistic: string): string {
  return label("statistic", statistic);
}

/** "snapshot 20261124T…-1136abb4 (concept, 24-11-2026 05:01)" */
export function describeSnapshot(s: Pick<SnapshotHeader, "id" | "status" | "createdAt">): string {
  return `snapshot ${s.id} (${snapshotStatusText(s.status)}, ${dateTime(s.createdAt)})`;
}

export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getDate())}-${p(d.getMonth() + 1)}-${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function bidStatusText(status: string): string {
  return label("bidStatus", status);
}

export function varianceStatusText(status: string): string {
  return label("varianceStatus", status);
}

export function outcomeText(outcome: string): string {
  return label("answerOutcome", outcome);
}
