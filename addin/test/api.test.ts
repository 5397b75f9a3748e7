import { describe, expect, it } from "vitest";
import { ApiError, InkoopClient, normaliseBaseUrl } from "../src/shared/api";
import { fakeApi, problem } from "./support/fake-api";

const connection = { baseUrl: "https://inkoop.example.nl/", key: "analist-sleutel" };

describe("InkoopClient", () => {
  it("sends the key in x-inkoop-key to the API under the base URL", async () => {
    const api = fakeApi(() => ({ status: 200, body: [{ round: "jeugd-2025", name: "Jeugd" }] }));
    const rounds = await new InkoopClient(connection, { fetch: api.fetch }).rounds();
    expect(rounds).toEqual([{ round: "jeugd-2025", name: "Jeugd" }]);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0].url).toBe("https://inkoop.example.nl/api/rounds");
    expect(api.calls[0].headers["x-inkoop-key"]).toBe("analist-sleutel");
  });

  it("asks a snapshot's sensitivity by its id", async () => {
    const api = fakeApi(() => ({ status: 200, body: { round: "jeugd-2025", alternatives: ["mean"], products: [] } }));
    const result = await new InkoopClient(connection, { fetch: api.fetch }).sensitivity("jeugd-2025", "20261203T090000000Z-abcdef12");
    expect(result.alternatives).toEqual(["mean"]);
    expect(api.calls[0].url).toBe("https://inkoop.example.nl/api/rounds/jeugd-2025/snapshots/20261203T090000000Z-abcdef12/sensitivity");
  });

  it("says in Dutch that the API is unreachable, after retrying", async () => {
    const api = fakeApi(() => "network-error");
    const client = new InkoopClient(connection, { fetch: api.fetch, retries: 2, retryDelayMs: 1 });
    const error = await client.rounds().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("unreachable");
    expect(error.message).toContain("niet bereikbaar");
    expect(api.calls).toHaveLength(3);
  });

  it("says the key is refused on 401, without retrying", async () => {
    const api = fakeApi(() => problem(401, "unauthorized", "Geen of een verkeerde sleutel."));
    const error = await new InkoopClient(connection, { fetch: api.fetch, retryDelayMs: 1 }).rounds().catch((e) => e);
    expect(error.status).toBe(401);
    expect(error.message).toBe("De sleutel is geweigerd. Controleer de sleutel of vraag een nieuwe aan.");
    expect(api.calls).toHaveLength(1);
  });

  it("passes the API's Dutch detail for an unknown round, without retrying", async () => {
    const api = fakeApi(() => problem(404, "round-not-found", "Ronde 'nope' bestaat niet."));
    const error = await new InkoopClient(connection, { fetch: api.fetch, retryDelayMs: 1 }).snapshot("nope", "current").catch((e) => e);
    expect(error).toMatchObject({ status: 404, code: "round-not-found", message: "Ronde 'nope' bestaat niet." });
    expect(api.calls).toHaveLength(1);
  });

  it("retries 503 and answers once the API is back", async () => {
    const api = fakeApi(() => [problem(503, "storage-unavailable", "Opslag niet bereikbaar."), { status: 200, body: [] }]);
    const rounds = await new InkoopClient(connection, { fetch: api.fetch, retryDelayMs: 1 }).rounds();
    expect(rounds).toEqual([]);
    expect(api.calls).toHaveLength(2);
  });

  it("gives the status when the error is not problem+json", async () => {
    const fetch = (async () => new Response("<html>Bad gateway</html>", { status: 400 })) as typeof globalThis.fetch;
    const error = await new InkoopClient(connection, { fetch }).rounds().catch((e) => e);
    expect(error.message).toBe("De API antwoordde met status 400.");
  });

  it("escapes route values and builds compare's query", async () => {
    const api = fakeApi(() => ({ status: 200, body: {} }));
    await new InkoopClient(connection, { fetch: api.fetch }).compare("jeugd 2025", "a&b", "c");
    expect(api.calls[0].url).toBe("https://inkoop.example.nl/api/rounds/jeugd%202025/snapshots/compare?from=a%26b&to=c");
  });

  it("normalises the base URL and refuses what is no http(s) address", () => {
    expect(normaliseBaseUrl(" https://inkoop.example.nl/api/ ")).toBe("https://inkoop.example.nl");
    expect(() => normaliseBaseUrl("inkoop")).toThrow(/geen geldig adres/);
    expect(() => normaliseBaseUrl("ftp://x")).toThrow(/geen http/);
  });
});
