// Opens the API reference (/api/docs/, Scalar) of a running function app in Debian's Chromium (playwright-core,
// headless) and checks that it renders the app's own OpenAPI document under the page's Content-Security-Policy,
// loading nothing from any other origin. Run by ApiReferenceTests:
//
//   node tests/web/api-docs.mjs --url http://127.0.0.1:PORT [--screenshots DIR] [--chromium /usr/bin/chromium] [--timeout 60]
//
// Prints one line per check ("ok ..." or "not ok ..."); exit code 0 when all pass, 1 when one fails, 2 on bad
// arguments or the time limit.
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium } from "playwright-core";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    screenshots: { type: "string", default: path.join(path.dirname(new URL(import.meta.url).pathname), "screenshots") },
    chromium: { type: "string", default: "/usr/bin/chromium" }, timeout: { type: "string", default: "60" },
  },
});
if (!args.url) { console.error("api-docs: --url is required"); process.exit(2); }
if (!existsSync(args.chromium)) { console.error(`not ok - no Chromium at ${args.chromium}`); process.exit(2); }

let browser;
const watchdog = setTimeout(() => {
  console.log(`not ok - the check did not finish within ${args.timeout} s`);
  (browser ? browser.close() : Promise.resolve()).finally(() => process.exit(2));
}, Number(args.timeout) * 1000);

let failed = 0;
function check(condition, description, detail = "") {
  if (condition) console.log(`ok - ${description}`);
  else { failed++; console.log(`not ok - ${description}${detail ? `: ${detail}` : ""}`); }
}

const origin = new URL(args.url).origin;
browser = await chromium.launch({ executablePath: args.chromium, args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const foreign = [];
  const failedRequests = [];
  page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) foreign.push(r.url()); });
  page.on("requestfailed", (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
  const consoleErrors = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });

  const response = await page.goto(`${origin}/api/docs/`, { waitUntil: "load" });
  check(response?.status() === 200, "GET /api/docs/ answers 200 without a key", `${response?.status()}`);
  check(/script-src 'self' 'nonce-/.test(response?.headers()["content-security-policy"] ?? ""), "the page has a nonce-based Content-Security-Policy");
  // The reference lists the document's operations by their (Dutch) summaries.
  const rendered = await page.getByText("Leeft de app?", { exact: false }).first()
    .waitFor({ timeout: 20000 }).then(() => true, () => false);
  check(rendered, "the reference renders the app's operations (the summary of Health)");
  const title = await page.getByText("Inkoop.Serverless", { exact: false }).first().isVisible().catch(() => false);
  check(title, "the document's title is shown");
  const violations = await page.evaluate(() => window.__violations);
  check(violations.length === 0, "no Content-Security-Policy violation", violations.join("; "));
  check(foreign.length === 0, "nothing is loaded from another origin (no CDN)", foreign.join(", "));
  check(failedRequests.length === 0, "no request failed", failedRequests.join("; "));
  await mkdir(args.screenshots, { recursive: true });
  await page.screenshot({ path: path.join(args.screenshots, "api-docs.png") });
  if (consoleErrors.length) console.log(`note - console errors: ${consoleErrors.join(" / ")}`);
} finally {
  clearTimeout(watchdog);
  await browser.close();
}
console.log(`${failed === 0 ? "all checks passed" : `${failed} check(s) failed`}`);
process.exit(failed === 0 ? 0 : 1);
