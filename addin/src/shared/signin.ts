import { createNestablePublicClientApplication, type Configuration, type IPublicClientApplication } from "@azure/msal-browser";
import type { Connection } from "./api";
import { isSetSupported } from "./host";

/** What the app says about signing in (GET /api/addin/sign-in.json): its Entra registration and the API's scope. */
export interface SignInSettings {
  clientId: string;
  tenantId: string;
  authority: string;
  scope: string;
}

/** The region's sign-in settings, or null when the app has none (no Entra configured: keys only) or cannot be reached. */
export async function signInSettings(baseUrl: string, fetchImpl: typeof fetch = (i, init) => fetch(i, init)): Promise<SignInSettings | null> {
  try {
    const response = await fetchImpl(`${baseUrl}/api/addin/sign-in.json`, { headers: { accept: "application/json" } });
    if (!response.ok) return null;
    const s = (await response.json()) as Partial<SignInSettings>;
    return [s.clientId, s.tenantId, s.authority, s.scope].every((v) => typeof v === "string" && v.length > 0) ? (s as SignInSettings) : null;
  } catch {
    return null;
  }
}

/** Whether this Office brokers its account's tokens to add-ins (nested app authentication); elsewhere the key is the way in. */
export function nestedAppAuthSupported(): boolean {
  return isSetSupported("NestedAppAuth", "1.1");
}

export class SignInError extends Error {
  constructor(detail: string) {
    super(`Aanmelden met uw Microsoft 365-account is niet gelukt (${detail}). Probeer het opnieuw of gebruik uw sleutel.`);
    this.name = "SignInError";
  }
}

export type CreateClient = (configuration: Configuration) => Promise<IPublicClientApplication>;

/**
 * The analyst's Microsoft 365 account, through MSAL.js nested app authentication: Office signs in, MSAL asks it for an
 * access token for the API's scope, silently when it can (MSAL caches and renews it), else with Office's own dialog.
 */
export class AccountSignIn {
  private client: Promise<IPublicClientApplication> | null = null;
  /** The signed-in account's name, once a token was obtained. */
  account: string | null = null;

  constructor(
    private readonly settings: SignInSettings,
    private readonly create: CreateClient = createNestablePublicClientApplication,
  ) {}

  /** An access token for the API (call it for every request: MSAL answers from its cache until the token nears expiry). */
  async accessToken(): Promise<string> {
    this.client ??= this.create({ auth: { clientId: this.settings.clientId, authority: this.settings.authority } });
    let pca: IPublicClientApplication;
    try {
      pca = await this.client;
    } catch (e) {
      this.client = null;
      throw new SignInError(reason(e));
    }
    const request = { scopes: [this.settings.scope] };
    let result;
    try {
      result = await pca.acquireTokenSilent(request);
    } catch {
      // Not consented yet, or Office has no token for it at hand: Office's dialog asks the analyst.
      try {
        result = await pca.acquireTokenPopup(request);
      } catch (e) {
        throw new SignInError(reason(e));
      }
    }
    this.account = result.account?.name ?? result.account?.username ?? this.account;
    return result.accessToken;
  }
}

function reason(e: unknown): string {
  const error = e as { errorCode?: string; message?: string };
  return error?.errorCode ?? error?.message ?? String(e);
}

export interface AccountOptions {
  fetch?: typeof fetch;
  create?: CreateClient;
  /** Whether the host does nested app authentication (default: ask Office). */
  supported?: boolean;
}

/**
 * A connection that signs in with the analyst's Microsoft 365 account, or null where that cannot be: this Office does
 * not do nested app authentication, or the app at `baseUrl` has no Entra sign-in configured. Then the key is the way in.
 */
export async function accountConnection(baseUrl: string, options: AccountOptions = {}): Promise<{ connection: Connection; signIn: AccountSignIn } | null> {
  if (!(options.supported ?? nestedAppAuthSupported())) return null;
  const settings = await signInSettings(baseUrl, options.fetch);
  if (!settings) return null;
  const signIn = new AccountSignIn(settings, options.create);
  return { connection: { baseUrl, key: "", accessToken: () => signIn.accessToken() }, signIn };
}
