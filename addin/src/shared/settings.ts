const storageKey = "inkoop.connection";

/** What is remembered of a connection: the API's address and the key, or that the analyst signed in with their account. */
export interface RememberedConnection {
  baseUrl: string;
  key: string;
  account?: boolean;
}

/** Where the connection is remembered: OfficeRuntime.storage in Office (per user, shared by pane and functions), else localStorage. */
export interface KeyValueStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export function defaultStore(): KeyValueStore {
  const office = (globalThis as { OfficeRuntime?: { storage?: KeyValueStore } }).OfficeRuntime;
  if (office?.storage) return office.storage;
  return {
    getItem: async (k) => globalThis.localStorage?.getItem(k) ?? null,
    setItem: async (k, v) => globalThis.localStorage?.setItem(k, v),
    removeItem: async (k) => globalThis.localStorage?.removeItem(k),
  };
}

export async function loadConnection(store: KeyValueStore = defaultStore()): Promise<RememberedConnection | null> {
  try {
    const text = await store.getItem(storageKey);
    if (!text) return null;
    const c = JSON.parse(text) as Partial<RememberedConnection>;
    return typeof c.baseUrl === "string" && typeof c.key === "string" ? { baseUrl: c.baseUrl, key: c.key, account: c.account === true } : null;
  } catch {
    return null;
  }
}

export async function saveConnection(c: RememberedConnection, store: KeyValueStore = defaultStore()): Promise<void> {
  await store.setItem(storageKey, JSON.stringify({ baseUrl: c.baseUrl, key: c.key, account: c.account === true }));
}

export async function forgetConnection(store: KeyValueStore = defaultStore()): Promise<void> {
  await store.removeItem(storageKey);
}
