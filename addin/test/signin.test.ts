// Signing in with the analyst's Microsoft 365 account. MSAL itself is replaced at the Entra edge only: a stand-in for
// the client createNestablePublicClientApplication returns (acquireTokenSilent / acquireTokenPopup), since neither
// Office's broker nor Entra ID can run here. Everything between it and the HTTP request is the add-in's own code.
import { describe, expect, it } from "vitest";
import type { Configuration, IPublicClientApplication } from "@azure/msal-browser";
import { InkoopClient } from "../src/shared/api";
import { accountConnection, SignInError } from "../src/shared/signin";
import { fakeApi, problem } from "./support/fake-api";

const settings = {
  clientId: "11111111-2222-3333-4444-555555555555",
  tenantId: "66666666-7777-8888-9999-000000000000",
  authority: "https://login.microsoftonline.com/66666666-7777-8888-9999-000000000000",
  scope: "api://11111111-2222-3333-4444-555555555555/access_as_user",
};

type Outcome = string | Error;

/** A stand-in for MSAL's client: answers each silent and popup request with the next planned outcome. */
function msal(silent: Outcome[], popup: Outcome[] = []) {
  const log: { configuration?: Configuration; requests: string[] } = { requests: [] };
  const answer = (kind: string, plan: Outcome[]) => async (request: { scopes: string[] }) => {
    log.requests.push(`${kind} ${request.scopes.join(" ")}`);
    const next = plan.shift();
    if (next === undefined || next instanceof Error) throw next ?? new Error("no answer planned");
    return { accessToken: next, account: { name: "Anna Analist", username: "anna@regio.example" } };
  };
  const create = async (configuration: Configuration) => {
    log.configuration = configuration;
    return { acquireTokenSilent: answer("silent", silent), acquireTokenPopup: answer("popup", popup) } as unknown as IPublicClientApplication;
  };
  return { create, log };
}

function app(route: (path: string) => ReturnType<typeof problem> | { status: number; body?: unknown }) {
  return fakeApi((path) => (path === "/api/addin/sign-in.json" ? { status: 200, body: settings } : route(path)));
}

describe("account sign-in (nested app authentication)", () => {
  it("is not offered where Office lacks nested app authentication: the key stays the way in", async () => {
    const api = app(() => ({ status: 200, body: [] }));
    expect(await accountConnection("https://inkoop.example.nl", { supported: false, fetch: api.fetch, create: msal([]).create })).toBeNull();
    expect(api.calls).toHaveLength(0);
  });

  it("is not offered when the app has no Entra sign-in configured", async () => {
    const api = fakeApi(() => problem(404, "sign-in-not-configured", "Aanmelden met een Microsoft 365-account is niet ingesteld."));
    expect(await accountConnection("https://inkoop.example.nl", { supported: true, fetch: api.fetch, create: msal([]).create })).toBeNull();
    expect(api.calls.map((c) => c.url)).toEqual(["https://inkoop.example.nl/api/addin/sign-in.json"]);
  });

  it("gets a token for the API's scope from the app's registration and calls the API with it instead of a key", async () => {
    const api = app(() => ({ status: 200, body: [{ round: "jeugd-2025", name: "Jeugd" }] }));
    const { create, log } = msal(["token-1", "token-2"]);
    const account = await accountConnection("https://inkoop.example.nl", { supported: true, fetch: api.fetch, create });
    const client = new InkoopClient(account!.connection, { fetch: api.fetch });

    expect(await client.rounds()).toEqual([{ round: "jeugd-2025", name: "Jeugd" }]);
    await client.tenders().catch(() => undefined);
    expect(log.configuration?.auth).toMatchObject({ clientId: settings.clientId, authority: settings.authority });
    expect(log.requests).toEqual([`silent ${settings.scope}`, `silent ${settings.scope}`]);
    const [, first, second] = api.calls;
    expect(first.headers.authorization).toBe("Bearer token-1");
    expect(first.headers["x-inkoop-key"]).toBeUndefined();
    // Every request asks MSAL again: it renews a token near its expiry, so a long session keeps working.
    expect(second.headers.authorization).toBe("Bearer token-2");
    expect(account!.signIn.account).toBe("Anna Analist");
  });

  it("asks with Office's dialog when no token can be had silently", async () => {
    const api = app(() => ({ status: 200, body: [] }));
    const { create, log } = msal([new Error("interaction_required")], ["token-after-consent"]);
    const account = await accountConnection("https://inkoop.example.nl", { supported: true, fetch: api.fetch, create });
    expect(await account!.signIn.accessToken()).toBe("token-after-consent");
    expect(log.requests).toEqual([`silent ${settings.scope}`, `popup ${settings.scope}`]);
  });

  it("says in Dutch when signing in fails, and sends nothing to the API", async () => {
    const api = app(() => ({ status: 200, body: [] }));
    const { create } = msal([new Error("interaction_required")], [Object.assign(new Error("cancelled"), { errorCode: "user_cancelled" })]);
    const account = await accountConnection("https://inkoop.example.nl", { supported: true, fetch: api.fetch, create });
    const error = await new InkoopClient(account!.connection, { fetch: api.fetch }).rounds().catch((e) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect(error.message).toContain("Aanmelden met uw Microsoft 365-account is niet gelukt (user_cancelled)");
    expect(api.calls.map((c) => c.url)).toEqual(["https://inkoop.example.nl/api/addin/sign-in.json"]);
  });

  it("tells a refused or expired sign-in from a refused key, and passes the API's reason for an account without a role", async () => {
    const refused = app(() => problem(401, "invalid-token", "Uw aanmelding is niet geldig."));
    const signedIn = await accountConnection("https://inkoop.example.nl", { supported: true, fetch: refused.fetch, create: msal(["t"]).create });
    const error = await new InkoopClient(signedIn!.connection, { fetch: refused.fetch }).rounds().catch((e) => e);
    expect(error).toMatchObject({ status: 401, code: "invalid-token" });
    expect(error.message).toContain("Meld u opnieuw aan met uw Microsoft 365-account");

    const noRole = app(() => problem(403, "no-role", "U bent aangemeld, maar uw account heeft in deze regio geen rol."));
    const other = await accountConnection("https://inkoop.example.nl", { supported: true, fetch: noRole.fetch, create: msal(["t"]).create });
    const forbidden = await new InkoopClient(other!.connection, { fetch: noRole.fetch }).rounds().catch((e) => e);
    expect(forbidden).toMatchObject({ status: 403, code: "no-role", message: "U bent aangemeld, maar uw account heeft in deze regio geen rol." });
  });
});
