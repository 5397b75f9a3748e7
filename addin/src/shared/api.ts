import type { Comparison, Consultation, LotBids, Problem, Reaction, Round, Sensitivity, Snapshot, SnapshotHeader, Tender, Variance } from "./contract";

/**
 * Where the API is and how the analyst is known to it: an access token of their Microsoft 365 account
 * (`Authorization: Bearer`, see signin.ts) when `accessToken` is there, else their key (header x-inkoop-key).
 */
export interface Connection {
  baseUrl: string;
  key: string;
  accessToken?: () => Promise<string>;
}

/** An API call that failed, with a Dutch message an analyst can act on. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ClientOptions {
  fetch?: typeof fetch;
  /** Extra attempts for a GET after a network failure, 429 or 5xx (not after 4xx). */
  retries?: number;
  retryDelayMs?: number;
}

const retriable = new Set([429, 500, 502, 503, 504]);

/** The API's trimmed base: "https://host" or "https://host/" both become "https://host". */
export function normaliseBaseUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, "").replace(/\/api$/, "");
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new ApiError(`'${url}' is geen geldig adres. Gebruik bijvoorbeeld https://inkoop.example.nl.`, 0, "invalid-url");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ApiError(`'${url}' is geen http(s)-adres.`, 0, "invalid-url");
  }
  return trimmed;
}

/**
 * The analysts' client of the Inkoop API: GETs with the key, retries of transient failures, and Dutch errors
 * (unreachable, key refused, round or snapshot unknown, the API's own problem details otherwise).
 */
export class InkoopClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly connection: Connection,
    options: ClientOptions = {},
  ) {
    this.baseUrl = normaliseBaseUrl(connection.baseUrl);
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 250;
  }

  rounds(): Promise<Round[]> {
    return this.get("/api/rounds");
  }

  snapshots(round: string): Promise<SnapshotHeader[]> {
    return this.get(`/api/rounds/${seg(round)}/snapshots`);
  }

  /** A snapshot by id, or the current one ("current"). */
  snapshot(round: string, id: string): Promise<Snapshot> {
    return this.get(`/api/rounds/${seg(round)}/snapshots/${seg(id)}`);
  }

  /** The sensitivity of a snapshot's tariffs, by snapshot id (or "current"); the API computes it once and keeps it. */
  sensitivity(round: string, id: string): Promise<Sensitivity> {
    return this.get(`/api/rounds/${seg(round)}/snapshots/${seg(id)}/sensitivity`);
  }

  compare(round: string, from: string, to: string): Promise<Comparison> {
    return this.get(`/api/rounds/${seg(round)}/snapshots/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  }

  tenders(): Promise<Tender[]> {
    return this.get("/api/tenders");
  }

  bids(tender: string, lot: string): Promise<LotBids> {
    return this.get(`/api/tenders/${seg(tender)}/lots/${seg(lot)}/bids`);
  }

  lumpsumYears(): Promise<number[]> {
    return this.get("/api/lumpsums");
  }

  variance(year: number, quarter: number): Promise<Variance> {
    return this.get(`/api/lumpsums/${year}/variance/${quarter}`);
  }

  /** The round's market consultations, oldest first. */
  consultations(round: string): Promise<Consultation[]> {
    return this.get(`/api/rounds/${seg(round)}/consultations`);
  }

  reactions(round: string, consultation: string): Promise<Reaction[]> {
    return this.get(`/api/rounds/${seg(round)}/consultations/${seg(consultation)}/reactions`);
  }

  private async get<T>(path: string): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const credentials: Record<string, string> = this.connection.accessToken
        ? { authorization: `Bearer ${await this.connection.accessToken()}` }
        : { "x-inkoop-key": this.connection.key };
      let response: Response;
      try {
        response = await this.fetchImpl(this.baseUrl + path, { headers: { ...credentials, accept: "application/json" } });
      } catch {
        if (attempt < this.retries) {
          await delay(this.retryDelayMs * 2 ** attempt);
          continue;
        }
        throw new ApiError(
          `De Inkoop-API op ${this.baseUrl} is niet bereikbaar. Controleer het adres en uw netwerkverbinding.`,
          0,
          "unreachable",
        );
      }
      if (response.ok) return (await response.json()) as T;
      if (retriable.has(response.status) && attempt < this.retries) {
        await delay(this.retryDelayMs * 2 ** attempt);
        continue;
      }
      throw await toError(response, this.connection.accessToken !== undefined);
    }
  }
}

async function toError(response: Response, signedIn: boolean): Promise<ApiError> {
  let problem: Problem = {};
  try {
    problem = (await response.json()) as Problem;
  } catch {
    // Not problem+json (a proxy's page, say): the status decides the message.
  }
  const code = problem.code ?? `http-${response.status}`;
  if (signedIn && response.status === 401) {
    return new ApiError("Uw aanmelding is geweigerd of verlopen. Meld u opnieuw aan met uw Microsoft 365-account.", 401, code);
  }
  // Signed in without a role in this region (no-role), or a role that may not do this: the API says which.
  if (signedIn && response.status === 403 && problem.detail) return new ApiError(problem.detail, 403, code);
  if (response.status === 401 || response.status === 403) {
    return new ApiError("De sleutel is geweigerd. Controleer de sleutel of vraag een nieuwe aan.", response.status, code);
  }
  const message = problem.detail ?? problem.title ?? `De API antwoordde met status ${response.status}.`;
  return new ApiError(message, response.status, code);
}

function seg(value: string): string {
  return encodeURIComponent(value.trim());
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
