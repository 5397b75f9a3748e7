// What every browser scenario of tests/web shares: Debian's Chromium (nothing downloads a browser of its own), a
// watchdog, "ok"/"not ok" lines, the accessibility rule of the pages (axe-core) and the exit code the integration
// tests read: 0 when all checks pass, 1 when one fails, 2 on bad arguments or the time limit.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { chromium } from "playwright-core";

const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const wcag21 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Starts one scenario's run: refuses without Chromium, and ends the process when it takes longer than timeout seconds. */
export function openHarness({ executable, timeout }) {
  if (!existsSync(executable)) {
    console.error(`not ok - no Chromium at ${executable}: install Debian's chromium (apt-get install -y chromium; .ci/run does)`);
    process.exit(2);
  }
  let browser;
  let passed = 0;
  let failed = 0;
  const watchdog = setTimeout(() => {
    console.log(`not ok - the scenario did not finish within ${timeout} s`);
    setTimeout(() => process.exit(2), 5000).unref();
    (browser ? browser.close() : Promise.resolve()).finally(() => process.exit(2));
  }, Number(timeout) * 1000);

  function check(condition, description, detail = "") {
    if (condition) { passed++; console.log(`ok - ${description}`); }
    else { failed++; console.log(`not ok - ${description}${detail ? `: ${detail}` : ""}`); }
    return condition;
  }

  /** axe-core over the whole page as it is now: any violation of a WCAG 2.1 A or AA rule fails, whatever its impact. */
  async function accessible(page, state) {
    // Evaluated through the DevTools protocol: the page's Content-Security-Policy (rightly) refuses an inline script tag.
    if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }));
    const blocking = result.violations.filter((v) => v.tags.some((t) => wcag21.includes(t)));
    for (const v of result.violations.filter((v) => !blocking.includes(v))) console.log(`note - axe (${state}): ${v.impact} ${v.id}: ${v.help}`);
    check(blocking.length === 0, `axe-core finds no WCAG 2.1 A/AA violation of any impact (${state}; ${result.passes.length} rules pass)`,
      blocking.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`).join("; "));
  }

  async function launch() {
    browser = await chromium.launch({
      executablePath: executable, headless: true, timeout: 60000,
      // Dutch like the providers' browsers, so the native file control reads "Bestand kiezen".
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=nl"],
    });
    return browser;
  }

  /** A scenario that broke off: one failed check, what the page showed, and a screenshot at <shot>. */
  async function broke(error, page, shot) {
    check(false, "the scenario runs to the end", error.stack || String(error));
    if (!page) return;
    console.log(`the page showed:\n${await page.evaluate(() => document.querySelector("main").innerText).catch(() => "")}`);
    await mkdir(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
  }

  /** Closes the browser and ends the process with the scenario's exit code. */
  async function end(name) {
    await browser?.close();
    clearTimeout(watchdog);
    console.log(`${name}: ${passed} checks passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  }

  return { check, accessible, launch, broke, end };
}
