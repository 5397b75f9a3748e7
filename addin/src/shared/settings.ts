const storageKey = "inkoop.connection";

/** What is remembered of a connection: the API's address and the key, or that the analyst signed in with their account. */
export interface RememberedConnection {
  baseUrl: string;
  key: string;
  account?: boolean;
}

/**
 * Where the connection (with the analyst's key) is remembered: OfficeRuntime.storage in Office (per user, shared by pane
 * and functions), else the browser tab's sessionStorage. Never localStorage: the add-in is served from the same origin
 * as the provider page, and a key there would outlive the tab for anything else on that origin to read.
 */
export interface KeyValueStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export function defaultStore(): KeyValueStore {
  const office = (globalThis as { OfficeRuntime?: { storage?: KeyValueStore } }).OfficeRuntime;
  if (office?.storage) return office.storage;
  return {
    getItem: async (k) => globalThis.sessionStorage?.getItem(k) ?? null,
    setItem: async (k, v) => globalThis.sessionStorage?.setItem(k, v),
    removeItem: async (k) => globalThis.sessionStorage?.removeItem(k),
  };
}

export async function loadConnection(store: KeyValueStore = defaultStore()): Promise<RememberedConnection | null> {
  try {
    const text = await store.getItem(storageKey);
    if (!text) return null;
    const c = JSON.parse(text) as Partial<RememberedConnection>;
    return typeof c.baseUrl === "string" && typeof c.key === "string" ? { baseUrl: c.baseUrl, key: c.key, ...(c.account === true ? { account: true } : {}) } : null;
  } catch {
    return null;
  }
}

export async function saveConnection(c: RememberedConnection, store: KeyValueStore = defaultStore()): Promise<void> {
  const remembered = c.account ? { baseUrl: c.baseUrl, key: c.key, account: true } : { baseUrl: c.baseUrl, key: c.key };
  await store.setItem(storageKey, JSON.stringify(remembered));
}

export async function forgetConnection(store: KeyValueStore = defaultStore()): Promise<void> {
  await store.removeItem(storageKey);
}
