import type { InkoopClient } from "./api";
import type { Variance } from "./contract";

/**
 * Lumpsum variance per (year, quarter) for INKOOP.AFWIJKING. A recalculation replaces a year's variance, so an answer
 * is kept for `ttlMs` only: long enough that a sheet recalculating at once shares one request. Requests in flight are
 * shared too: 200 cells asking for the same year and quarter make one HTTP request.
 */
export class VarianceStore {
  private readonly held = new Map<string, { variance: Variance; until: number }>();
  private readonly inFlight = new Map<string, Promise<Variance>>();

  constructor(
    private readonly client: () => InkoopClient,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(year: number, quarter: number): Promise<Variance> {
    const key = `${year}-${quarter}`;
    const held = this.held.get(key);
    if (held && held.until > this.now()) return Promise.resolve(held.variance);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const request = Promise.resolve()
      .then(() => this.client().variance(year, quarter))
      .then((variance) => {
        this.held.set(key, { variance, until: this.now() + this.ttlMs });
        return variance;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, request);
    return request;
  }

  /** Forget everything (another API or key, or the analyst's refresh). */
  clear(): void {
    this.held.clear();
  }
}
