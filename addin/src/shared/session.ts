import { InkoopClient, type ClientOptions, type Connection } from "./api";
import { loadConnection } from "./settings";
import { accountConnection } from "./signin";
import { SnapshotStore } from "./snapshots";
import { VarianceStore } from "./variances";

/**
 * The one connection of this add-in instance. Task pane and custom functions run in one shared runtime, so the pane's
 * connect also connects the functions, and they share one snapshot cache.
 */
export class Session {
  private client: InkoopClient | null = null;
  private loaded: Promise<void> | null = null;
  readonly snapshots = new SnapshotStore(() => this.requireClient());
  readonly variances = new VarianceStore(() => this.requireClient());

  /** Connects to the API (`options` for tests: a fetch of their own). */
  connect(connection: Connection, options: ClientOptions = {}): InkoopClient {
    this.client = new InkoopClient(connection, options);
    this.snapshots.clear();
    this.variances.clear();
    return this.client;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** The remembered connection, read once (functions may recalculate before the pane has opened). */
  async ready(): Promise<void> {
    this.loaded ??= loadConnection().then(async (c) => {
      if (!c || this.client) return;
      const account = c.account ? await accountConnection(c.baseUrl) : null;
      if (!this.client) this.connect(account?.connection ?? c);
    });
    return this.loaded;
  }

  requireClient(): InkoopClient {
    if (!this.client) throw new NotConnectedError();
    return this.client;
  }
}

export class NotConnectedError extends Error {
  constructor() {
    super("Niet verbonden met de Inkoop-API. Open het Inkoop-venster en maak verbinding.");
    this.name = "NotConnectedError";
  }
}

export const session = new Session();
