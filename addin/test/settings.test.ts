import { afterEach, describe, expect, it } from "vitest";
import { defaultStore, forgetConnection, loadConnection, saveConnection } from "../src/shared/settings";

/** A Storage of the browser, in memory. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

const g = globalThis as Record<string, unknown>;

describe("where the connection is remembered", () => {
  afterEach(() => {
    delete g.localStorage;
    delete g.sessionStorage;
    delete g.OfficeRuntime;
  });

  it("outside Office: sessionStorage, never localStorage", async () => {
    const local = memoryStorage();
    const session = memoryStorage();
    g.localStorage = local;
    g.sessionStorage = session;
    await saveConnection({ baseUrl: "https://inkoop.example", key: "geheim" });
    expect(local.items.size).toBe(0);
    expect(JSON.parse(session.items.get("inkoop.connection")!)).toEqual({ baseUrl: "https://inkoop.example", key: "geheim" });
    expect(await loadConnection()).toEqual({ baseUrl: "https://inkoop.example", key: "geheim" });
    await forgetConnection();
    expect(session.items.size).toBe(0);
  });

  it("in Office: OfficeRuntime.storage", async () => {
    const office = memoryStorage();
    const local = memoryStorage();
    g.localStorage = local;
    g.OfficeRuntime = {
      storage: {
        getItem: async (k: string) => office.getItem(k),
        setItem: async (k: string, v: string) => office.setItem(k, v),
        removeItem: async (k: string) => office.removeItem(k),
      },
    };
    await saveConnection({ baseUrl: "https://inkoop.example", key: "geheim" }, defaultStore());
    expect(office.items.has("inkoop.connection")).toBe(true);
    expect(local.items.size).toBe(0);
  });
});
