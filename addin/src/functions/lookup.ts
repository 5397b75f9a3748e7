import type { Norm, ProductTariff, Snapshot, TrajectoryTariff } from "../shared/contract";

/** A value found in a snapshot, or why there is none. */
export type Lookup<T> = { found: T } | { unknown: string } | { notComputable: string };

function same(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? "").trim().toLowerCase() === (b ?? "").trim().toLowerCase();
}

export function findTariff(s: Snapshot, product: string): Lookup<ProductTariff> {
  const t = s.tariffs.find((x) => same(x.product, product));
  if (!t) return { unknown: `Product '${product}' staat niet in ronde '${s.round}'.` };
  if (t.tariff === null) return { notComputable: `Tarief ${t.product} is niet berekenbaar: ${because(t.reason)}` };
  return { found: t };
}

export function findNorm(s: Snapshot, variable: string, qualifier?: string | null): Lookup<Norm> {
  const n = s.norms.find((x) => same(x.variable, variable) && same(x.qualifier, qualifier));
  const label = qualifier ? `${variable} (${qualifier})` : variable;
  if (!n) return { unknown: `Norm '${label}' staat niet in ronde '${s.round}'.` };
  if (n.value === null) return { notComputable: `Norm ${label} is niet berekenbaar: ${because(n.reason)}` };
  return { found: n };
}

export function findTrajectory(s: Snapshot, code: string): Lookup<TrajectoryTariff> {
  const t = s.trajectories.find((x) => same(x.code, code));
  if (!t) return { unknown: `Traject '${code}' staat niet in ronde '${s.round}'.` };
  if (t.tariff === null) return { notComputable: `Traject ${t.code} is niet berekenbaar: ${because(t.reason)}` };
  return { found: t };
}

/** The norms a product's tariff draws on: those of the product itself and the round-wide ones. */
export function normsOf(s: Snapshot, product: string): Norm[] {
  return s.norms.filter((n) => n.qualifier === null || same(n.qualifier, product));
}

function because(reason: string | null | undefined): string {
  return `${(reason ?? "geen reden opgegeven").trim().replace(/\.+$/, "")}.`;
}
