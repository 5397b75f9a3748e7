import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { InkoopClient } from "../src/shared/api";
import { SnapshotStore, snapshotRef } from "../src/shared/snapshots";
import { fakeApi, problem } from "./support/fake-api";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/snapshot.json", import.meta.url), "utf8"));
const snap = (id: string, status = "concept") => ({ ...fixture, id, status });

function store(route: Parameters<typeof fakeApi>[0], clock = { now: 0 }) {
  const api = fakeApi(route);
  const client = new InkoopClient({ baseUrl: "https://inkoop.example.nl", key: "k" }, { fetch: api.fetch, retryDelayMs: 1 });
  return { api, clock, store: new SnapshotStore(() => client, 30_000, () => clock.now) };
}

describe("SnapshotStore", () => {
  it("makes one request for 200 cells asking for the current snapshot at once", async () => {
    const { api, store: s } = store(() => ({ status: 200, body: snap("s1") }));
    const all = await Promise.all(Array.from({ length: 200 }, () => s.get("demo", "")));
    expect(new Set(all.map((x) => x.id))).toEqual(new Set(["s1"]));
    expect(api.calls).toHaveLength(1);
  });

  it("keeps a snapshot by id for good and asks again where 'current' points once that is old", async () => {
    let current = "s1";
    const { api, clock, store: s } = store((path) =>
      path.endsWith("/snapshots")
        ? { status: 200, body: [{ id: "s1", current: current === "s1" }, { id: "s2", current: current === "s2" }] }
        : { status: 200, body: snap(path.endsWith("/current") ? current : path.split("/").pop()!) },
    );
    expect((await s.get("demo", "huidig")).id).toBe("s1");
    expect((await s.get("demo", "s1")).id).toBe("s1"); // the same snapshot, by id: from the cache
    expect(api.calls).toHaveLength(1);
    current = "s2";
    expect((await s.get("demo", "current")).id).toBe("s1"); // within the alias time
    clock.now += 30_001;
    // Where "current" points now comes from the small list; only the new snapshot itself is downloaded.
    expect((await s.get("demo", "current")).id).toBe("s2");
    expect(api.calls.slice(1).map((c) => c.url.replace("https://inkoop.example.nl", ""))).toEqual(["/api/rounds/demo/snapshots", "/api/rounds/demo/snapshots/s2"]);
    s.forgetAliases();
    expect((await s.get("demo", "current")).id).toBe("s2");
    expect(api.calls).toHaveLength(4); // the list again, the snapshot from the cache
  });

  it("finds the latest final snapshot through the list", async () => {
    const { api, store: s } = store((path) =>
      path.endsWith("/snapshots")
        ? { status: 200, body: [{ id: "a", status: "final" }, { id: "b", status: "final" }, { id: "c", status: "concept" }] }
        : { status: 200, body: snap(path.split("/").pop()!, "final") },
    );
    expect((await s.get("demo", "definitief")).id).toBe("b");
    expect(api.calls.map((c) => c.url.replace("https://inkoop.example.nl", ""))).toEqual(["/api/rounds/demo/snapshots", "/api/rounds/demo/snapshots/b"]);
  });

  it("says so when a round has no final snapshot", async () => {
    const { store: s } = store(() => ({ status: 200, body: [{ id: "c", status: "concept" }] }));
    await expect(s.get("demo", "final")).rejects.toThrow("Ronde 'demo' heeft nog geen definitieve snapshot.");
  });

  it("does not keep a failure: the next call asks again", async () => {
    const { api, store: s } = store(() => [problem(404, "snapshot-not-found", "Nog geen berekening."), { status: 200, body: snap("s1") }]);
    await expect(s.get("demo", "")).rejects.toThrow("Nog geen berekening.");
    expect((await s.get("demo", "")).id).toBe("s1");
    expect(api.calls).toHaveLength(2);
  });

  it("reads snapshot names as analysts type them", () => {
    expect(snapshotRef(undefined)).toBe("current");
    expect(snapshotRef(" Huidig ")).toBe("current");
    expect(snapshotRef("DEFINITIEF")).toBe("final");
    expect(snapshotRef("20261124T050125147Z-1136abb4")).toBe("20261124T050125147Z-1136abb4");
  });
});
