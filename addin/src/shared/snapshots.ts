import type { InkoopClient } from "./api";
import type { Snapshot } from "./contract";

/** How a snapshot is named in a formula or the task pane: the current one, the latest final one, or an id. */
export function snapshotRef(text: string | null | undefined): string {
  const t = (text ?? "").trim();
  const lower = t.toLowerCase();
  if (lower === "" || lower === "current" || lower === "huidig" || lower === "actueel") return "current";
  if (lower === "final" || lower === "definitief") return "final";
  return t;
}

/**
 * Snapshots for the custom functions and the task pane. A snapshot's content never changes, so a snapshot is
 * kept per id for as long as the add-in runs. "current" and "final" are names that move: each is resolved by one
 * request and remembered for `aliasTtlMs`, so a sheet that recalculates at once shares that request. Requests in
 * flight are shared too: 200 cells asking for the same snapshot make one HTTP request. Once a snapshot of a round is
 * held, "current" is resolved through the small snapshot list, so a refresh of an unchanged round downloads nothing big.
 */
export class SnapshotStore {
  private readonly byId = new Map<string, Snapshot>();
  private readonly inFlight = new Map<string, Promise<Snapshot>>();
  private readonly aliases = new Map<string, { id: string; until: number }>();

  constructor(
    private readonly client: () => InkoopClient,
    private readonly aliasTtlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The snapshot of a round named by `ref` ("current", "final" or an id). */
  get(round: string, ref: string): Promise<Snapshot> {
    const name = snapshotRef(ref);
    const key = `${round}\u0000${name}`;
    const alias = this.aliases.get(key);
    const id = name === "current" || name === "final" ? (alias && alias.until > this.now() ? alias.id : undefined) : name;
    const cached = id === undefined ? undefined : this.byId.get(`${round}\u0000${id}`);
    if (cached) return Promise.resolve(cached);

    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const request = this.fetch(round, name)
      .then((snapshot) => {
        this.byId.set(`${round}\u0000${snapshot.id}`, snapshot);
        if (name !== snapshot.id) this.aliases.set(key, { id: snapshot.id, until: this.now() + this.aliasTtlMs });
        return snapshot;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, request);
    return request;
  }

  /** Forget where "current" and "final" point (after a recalculation or on the analyst's refresh). */
  forgetAliases(): void {
    this.aliases.clear();
  }

  /** Forget everything (another API or key). */
  clear(): void {
    this.aliases.clear();
    this.byId.clear();
  }

  private async fetch(round: string, name: string): Promise<Snapshot> {
    const client = this.client();
    const holdsRound = [...this.byId.keys()].some((k) => k.startsWith(`${round}\u0000`));
    if (name === "current" && holdsRound) {
      const current = (await client.snapshots(round)).find((s) => s.current);
      if (current) return this.byId.get(`${round}\u0000${current.id}`) ?? client.snapshot(round, current.id);
    }
    if (name !== "final") return client.snapshot(round, name);
    const finals = (await client.snapshots(round)).filter((s) => s.status === "final");
    const latest = finals[finals.length - 1];
    if (!latest) throw new NoFinalSnapshotError(round);
    return this.byId.get(`${round}\u0000${latest.id}`) ?? client.snapshot(round, latest.id);
  }
}

export class NoFinalSnapshotError extends Error {
  constructor(round: string) {
    super(`Ronde '${round}' heeft nog geen definitieve snapshot.`);
    this.name = "NoFinalSnapshotError";
  }
}
