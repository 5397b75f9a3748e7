import type { Exclusion, SnapshotHeader } from "./contract";

const statuses: Record<string, string> = {
  accepted: "geaccepteerd",
  repairNeeded: "herstel nodig",
  closedWithExclusions: "gesloten met uitsluitingen",
};

export function formatStatusText(status: string): string {
  return statuses[status] ?? status;
}

export function severityText(severity: string): string {
  return severity === "error" ? "fout" : severity === "warning" ? "waarschuwing" : "info";
}

const exclusionReasons: Record<string, string> = {
  errorFinding: "fout in het format",
  outlier: "uitschieter",
  noWeight: "geen gewicht",
};

export function exclusionReason(e: Exclusion): string {
  const reason = exclusionReasons[e.reason] ?? e.reason;
  return e.code ? `${reason}, ${e.code}` : reason;
}

export function snapshotStatusText(status: string): string {
  return status === "final" ? "definitief" : "concept";
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

const bidStatuses: Record<string, string> = {
  accepted: "geaccepteerd",
  hasErrors: "met fouten",
  rejected: "afgewezen",
};

export function bidStatusText(status: string): string {
  return bidStatuses[status] ?? status;
}

const varianceStatuses: Record<string, string> = {
  within: "binnen",
  over: "boven",
  under: "onder",
  missing: "ontbreekt",
};

export function varianceStatusText(status: string): string {
  return varianceStatuses[status] ?? status;
}
