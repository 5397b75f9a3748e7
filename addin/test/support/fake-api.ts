// A fetch that answers like the Inkoop API from a table of routes, and records every request.
export type Answer = { status: number; body?: unknown } | "network-error";

export function fakeApi(route: (path: string) => Answer | Answer[]) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const attempts = new Map<string, number>();
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    calls.push({ url, headers: (init?.headers ?? {}) as Record<string, string> });
    const path = url.replace(/^https?:\/\/[^/]+/, "");
    const planned = route(path);
    const n = attempts.get(path) ?? 0;
    attempts.set(path, n + 1);
    const answer = Array.isArray(planned) ? planned[Math.min(n, planned.length - 1)] : planned;
    await Promise.resolve();
    if (answer === "network-error") throw new TypeError("Failed to fetch");
    const isProblem = answer.status >= 400;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "content-type": isProblem ? "application/problem+json" : "application/json" },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

export const problem = (status: number, code: string, detail: string) => ({ status, body: { status, code, title: "Fout", detail } });
