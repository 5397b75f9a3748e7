// Browser end-to-end test of the task pane, served by the real function app (with Azurite behind it):
// Debian's Chromium driven by playwright-core, with a recording stand-in for the Excel host injected into the page.
//
//   node test/e2e.mjs --url http://127.0.0.1:PORT --key KEY --round ROUND --upload FORMAT.xlsx \
//        [--big-round ROUND] [--screenshot FILE] [--chromium /usr/bin/chromium]
//
// ROUND has a current snapshot; FORMAT.xlsx is one more provider's format for it, uploaded halfway (then a new
// recalculation) so that "refresh" has new numbers to show. BIG-ROUND (500 products) is for the timing.
// Every request that is not to the app on 127.0.0.1 is intercepted: office.js (production loads it from Microsoft's
// CDN) is served from the npm copy, everything else is blocked. Only office.js's own telemetry page may be among
// the blocked ones (office.js asks for it outside Office); anything else fails the test.
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    key: { type: "string", default: "" },
    round: { type: "string" },
    upload: { type: "string" },
    "big-round": { type: "string" },
    screenshot: { type: "string", default: join(here, "output", "taskpane.png") },
    chromium: { type: "string", default: "/usr/bin/chromium" },
  },
});
if (!args.url || !args.round || !args.upload) {
  console.error("usage: node test/e2e.mjs --url URL --key KEY --round ROUND --upload FORMAT.xlsx [--big-round ROUND] [--screenshot FILE]");
  process.exit(2);
}
const app = new URL(args.url);
const officeCdn = "https://appsforoffice.microsoft.com/lib/1/hosted/";
const officeLocal = join(here, "..", "node_modules", "@microsoft", "office-js", "dist");
const officeTelemetry = "https://telemetryservice.firstpartyapps.oaspapps.com/";
const failures = [];
const check = (ok, message) => {
  if (!ok) failures.push(message);
  console.log(`${ok ? "ok  " : "FAIL"} ${message}`);
};

async function api(path, init = {}) {
  const response = await fetch(new URL(path, app), { ...init, headers: { "x-inkoop-key": args.key, "x-functions-key": args.key, ...init.headers } });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const standIn = await build({
  entryPoints: [join(here, "support", "standin-page.ts")],
  bundle: true,
  write: false,
  format: "iife",
  target: "es2020",
});

if (!existsSync(args.chromium)) {
  console.error(`e2e: no Chromium at ${args.chromium} (Debian: apt-get install -y chromium)`);
  process.exit(1);
}
const browser = await chromium.launch({ executablePath: args.chromium, args: ["--no-sandbox", "--disable-gpu"] });
try {
  const context = await browser.newContext({ viewport: { width: 380, height: 900 }, locale: "nl-NL", deviceScaleFactor: 2 });
  const blocked = [];
  const local = [];
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    const u = new URL(url);
    if (u.hostname === app.hostname && u.port === app.port) return route.continue();
    if (url.startsWith(officeCdn)) {
      const file = resolve(officeLocal, url.slice(officeCdn.length).split("?")[0]);
      local.push(url);
      if (file.startsWith(officeLocal) && existsSync(file)) return route.fulfill({ path: file });
      return route.fulfill({ status: 404, body: "" });
    }
    blocked.push(url);
    return route.abort("blockedbyclient");
  });
  await context.addInitScript({ content: standIn.outputFiles[0].text });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  const policyViolations = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    console.log(`page console: ${m.text()}`);
    if (m.text().includes("Content Security Policy")) policyViolations.push(m.text());
  });
  page.on("response", (r) => r.status() >= 400 && console.log(`page got ${r.status()} for ${r.url()}`));
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));

  const status = async () => (await page.locator("#status").textContent())?.trim() ?? "";
  /** Clicks and waits until the action is done; returns the status and the time from click to done. */
  async function click(selector) {
    const started = Date.now();
    await page.click(selector);
    await page.waitForFunction(() => {
      const s = document.getElementById("status");
      return s && !s.hidden && (s.className === "ok" || s.className === "error");
    });
    return { ms: Date.now() - started, text: await status(), ok: (await page.getAttribute("#status", "class")) === "ok" };
  }
  const table = (name) => page.evaluate((n) => window.__standIn.workbook.table(n), name);
  const counts = () => page.evaluate(() => ({ runs: window.__standIn.workbook.runs, sheets: window.__standIn.workbook.sheets.map((s) => s.name) }));

  await page.goto(new URL("/api/web/addin/taskpane.html", app).href);
  await page.waitForFunction(() => document.getElementById("baseUrl").value !== "");
  check((await page.inputValue("#baseUrl")) === app.origin, `the pane proposes its own origin as the API (${app.origin})`);

  if (args.key) {
    await page.fill("#key", "verkeerde-sleutel");
    const refused = await click("#connect");
    check(!refused.ok && refused.text.startsWith("De sleutel is geweigerd"), `a wrong key is refused in Dutch: "${refused.text}"`);
  }

  await page.fill("#key", args.key || "geen-sleutel-nodig");
  const connected = await click("#connect");
  check(connected.ok && connected.text.startsWith("Verbonden"), `connect: "${connected.text}"`);
  check(await page.evaluate(() => localStorage.length === 0 && sessionStorage.getItem("inkoop.connection") !== null),
    "outside Office the analyst's key is kept in sessionStorage, never in localStorage");
  await page.selectOption("#round", args.round);
  await page.waitForFunction(() => document.getElementById("status").className === "ok");

  const tableName = `Tarieven_${args.round.replace(/[^A-Za-z0-9_]/g, "_")}`;
  const expectRows = (snapshot) => [
    ...snapshot.tariffs.map((t) => [t.product, t.name, t.unit, t.tariff ?? "", t.reason ?? "", t.spread.n,
      t.spread.min ?? "", t.spread.q1 ?? "", t.spread.median ?? "", t.spread.q3 ?? "", t.spread.max ?? ""]),
    ...snapshot.trajectories.map((t) => [t.code, t.name, "traject", t.tariff ?? "", t.reason ?? "", "", "", "", "", "", ""]),
  ];
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  const first = await api(`/api/rounds/${args.round}/snapshots/current`);
  const inserted = await click('button[data-kind="tariffs"]');
  check(inserted.ok, `insert tariffs: "${inserted.text}" in ${inserted.ms} ms`);
  let t = await table(tableName);
  check(t !== null && same(t.rows, expectRows(first)), `table ${tableName} holds exactly the numbers of snapshot ${first.id}`);
  await page.screenshot({ path: mkdirFor(args.screenshot), fullPage: true });
  const before = await counts();

  // The analyst's own work beside the table, then a new provider and a recalculation.
  await page.evaluate(() => {
    window.__standIn.workbook.setCell(window.__standIn.workbook.sheets[0].name, "N4", { value: 0, formula: "=D4*1,03", fill: "#FFF2CC" });
  });
  await api(`/api/rounds/${args.round}/formats`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: readFileSync(args.upload),
  });
  const second = await api(`/api/rounds/${args.round}/recalculations`, { method: "POST" });
  const secondSnapshot = await api(`/api/rounds/${args.round}/snapshots/${second.id}`);
  check(!same(expectRows(first), expectRows(secondSnapshot)), "the new recalculation has other numbers");

  const refreshed = await click("#refresh");
  check(refreshed.ok && refreshed.text.includes(second.id), `refresh: "${refreshed.text}" in ${refreshed.ms} ms`);
  t = await table(tableName);
  const after = await counts();
  check(t !== null && same(t.rows, expectRows(secondSnapshot)), `after refresh the table holds exactly the numbers of snapshot ${second.id}`);
  check(t.address === `A3:K${3 + expectRows(secondSnapshot).length}` && same(after.sheets, before.sheets), `in place: ${t.sheet}!${t.address}, sheets ${JSON.stringify(after.sheets)}`);
  check(after.runs - before.runs === 1, `one Excel.run for the refresh (${after.runs - before.runs})`);
  const userCell = await page.evaluate(() => window.__standIn.workbook.getCell(window.__standIn.workbook.sheets[0].name, "N4"));
  check(same(userCell, { value: 0, formula: "=D4*1,03", fill: "#FFF2CC" }), "the analyst's cell beside the table is untouched");
  const title = await page.evaluate(() => window.__standIn.workbook.getCell(window.__standIn.workbook.sheets[0].name, "A1").value);
  check(title.includes(second.id), `the title names the new snapshot: "${title}"`);

  // The other tables of the snapshot, and the comparison of the two snapshots as the API answers it.
  const norms = await click('button[data-kind="norms"]');
  const normsTable = await table(`Normen_${args.round.replace(/[^A-Za-z0-9_]/g, "_")}`);
  check(norms.ok && normsTable?.rows.length === secondSnapshot.norms.length &&
    same(normsTable.rows.map((r) => r[2]), secondSnapshot.norms.map((n) => n.value ?? "")), `norms with provenance: ${normsTable?.rows.length} rows, values as the API's`);
  const findings = await click('button[data-kind="findings"]');
  const findingCount = secondSnapshot.formats.reduce((n, f) => n + f.findings.length, 0);
  const findingsTable = await table(`Bevindingen_${args.round.replace(/[^A-Za-z0-9_]/g, "_")}`);
  check(findings.ok && findingsTable?.rows.length === Math.max(1, findingCount), `findings per provider: ${findingCount} finding(s)`);
  await page.selectOption("#from", first.id);
  await page.selectOption("#to", second.id);
  const compared = await click("#compareButton");
  const comparison = await api(`/api/rounds/${args.round}/snapshots/compare?from=${first.id}&to=${second.id}`);
  const compareTable = await table(`Vergelijking_${args.round.replace(/[^A-Za-z0-9_]/g, "_")}`);
  check(compared.ok && same(compareTable?.rows.map((r) => [r[0], r[3], r[4], r[5]]),
    [...comparison.tariffs, ...comparison.trajectories].map((c) => [c.code, c.old ?? "", c.new ?? "", c.difference ?? ""])),
    `compare: ${compareTable?.rows.length} rows with old, new and difference as the API's`);
  check((await counts()).sheets.length === 4, `one sheet per table: ${JSON.stringify((await counts()).sheets)}`);

  // The sensitivity of the current snapshot as the API answers it, and the tornado chart of one product.
  const safeRound = args.round.replace(/[^A-Za-z0-9_]/g, "_");
  const sensitivity = await api(`/api/rounds/${args.round}/snapshots/${second.id}/sensitivity`);
  const sensitivityClick = await click("#sensitivityButton");
  const sensitivityTable = await table(`Gevoeligheid_${safeRound}`);
  const sensitivityRows = sensitivity.products.flatMap((p) => p.variables.map((v) =>
    [p.product, v.variable, v.configured, v.low, v.high, v.range, ...sensitivity.alternatives.map((a) => v.tariffs[a] ?? "")]));
  check(sensitivityClick.ok && sensitivityRows.length > 0 && same(sensitivityTable?.rows, sensitivityRows),
    `sensitivity: ${sensitivityTable?.rows.length} rows (product x variable) as the API's`);
  const tornadoProduct = sensitivity.products[0].product;
  await page.selectOption("#product", tornadoProduct);
  const tornadoClick = await click("#tornadoButton");
  const chart = await page.evaluate((n) => window.__standIn.workbook.chart(n), `Tornado_${safeRound}_${tornadoProduct}`);
  check(tornadoClick.ok && chart?.type === "BarStacked" && chart.cells.length === sensitivity.products[0].variables.length + 1 &&
    same(chart.cells.slice(1).map((r) => r[0]), sensitivity.products[0].variables.map((v) => v.variable)),
    `tornado chart of ${tornadoProduct}: "${tornadoClick.text}", one bar per variable`);
  await page.screenshot({ path: mkdirFor(args.screenshot.replace(/\.png$/, "-gevoeligheid.png")), fullPage: true });

  // Custom functions through their registered associations, as Excel calls them. A reload is a fresh runtime
  // (a workbook opened anew): the remembered connection connects again, the cache is empty. The pane, connecting,
  // may itself load the current snapshot of its first round (this one, depending on the rounds other tests made, and
  // before or while the cells ask): counted from the reload, pane and cells together fetch it once.
  const before200 = requests.length;
  await page.reload();
  await page.waitForFunction(() => document.getElementById("connectionState").className.includes("ok"));
  const cells = await page.evaluate(async ({ round, products }) => {
    const call = (id, ...a) => Promise.resolve(window.__standIn.customFunctions.associations.get(id)(...a)).then(
      (value) => ({ value }),
      (e) => ({ error: e.code, message: e.message }),
    );
    const many = await Promise.all(Array.from({ length: 200 }, (_, i) => call("TARIEF", round, products[i % products.length])));
    return {
      many,
      unknown: await call("TARIEF", round, "00X00"),
      empty: await call("TARIEF", round, ""),
      noRound: await call("TARIEF", "bestaat-niet", "45A11"),
      traject: await call("TRAJECT", round, "DYS-TRAJECT"),
      verzuim: await call("NORM", round, "Verzuim"),
      salaris: await call("NORM", round, "Brutojaarsalaris", "HBO"),
    };
  }, { round: args.round, products: secondSnapshot.tariffs.map((x) => x.product) });
  const snapshotRequests = requests.slice(before200).filter((u) => u.includes(`/rounds/${args.round}/snapshots/current`));
  check(snapshotRequests.length === 1, `200 INKOOP.TARIEF cells at once: ${snapshotRequests.length} request(s) for the snapshot`);
  const expected = (p) => {
    const x = secondSnapshot.tariffs.find((y) => y.product === p);
    return x.tariff !== null ? { value: x.tariff } : { error: "#N/A" };
  };
  check(cells.many.every((c, i) => {
    const e = expected(secondSnapshot.tariffs[i % secondSnapshot.tariffs.length].product);
    return "value" in e ? same(c, e) : c.error === "#N/A" && c.message.includes("niet berekenbaar");
  }), "every INKOOP.TARIEF cell equals the snapshot's tariff, or #N/A with the reason");
  check(cells.unknown.error === "#VALUE!" && cells.unknown.message.includes("00X00"), `unknown product: ${cells.unknown.error} ${cells.unknown.message}`);
  check(cells.empty.error === "#VALUE!", `empty product: ${cells.empty.error} ${cells.empty.message}`);
  check(cells.noRound.error === "#N/A" && cells.noRound.message.includes("bestaat-niet"), `unknown round: ${cells.noRound.error} ${cells.noRound.message}`);
  // A number where the snapshot has one, else #N/A with why.
  const answers = (cell, value) => (value === null ? cell.error === "#N/A" && cell.message.includes("niet berekenbaar") : same(cell, { value }));
  check(answers(cells.traject, secondSnapshot.trajectories[0].tariff), `INKOOP.TRAJECT: ${JSON.stringify(cells.traject)}`);
  const norm = (v, q) => secondSnapshot.norms.find((n) => n.variable === v && n.qualifier === q);
  check(answers(cells.verzuim, norm("Verzuim", null).value), `INKOOP.NORM Verzuim: ${JSON.stringify(cells.verzuim)}`);
  check(answers(cells.salaris, norm("Brutojaarsalaris", "HBO").value), `INKOOP.NORM Brutojaarsalaris HBO: ${JSON.stringify(cells.salaris)}`);

  if (args["big-round"]) {
    await page.selectOption("#round", args["big-round"]);
    await page.waitForFunction(() => document.getElementById("status").textContent.includes("Snapshots bijgewerkt"));
    const big = await click('button[data-kind="tariffs"]');
    const bigTable = await table(`Tarieven_${args["big-round"].replace(/[^A-Za-z0-9_]/g, "_")}`);
    check(big.ok && bigTable?.rows.length >= 500, `500-row table: ${bigTable?.rows.length} rows`);
    const fetchMs = await page.evaluate((r) => {
      const entries = performance.getEntriesByType("resource").filter((e) => e.name.includes(`/rounds/${r}/snapshots/`));
      const last = entries[entries.length - 1];
      return last ? Math.round(last.responseEnd - last.startTime) : null;
    }, args["big-round"]);
    console.log(`measure: click to table, ${bigTable?.rows.length} rows: ${big.ms} ms (of which the snapshot GET: ${fetchMs} ms)`);
    const again = await click('button[data-kind="tariffs"]');
    console.log(`measure: click to refreshed table, ${bigTable?.rows.length} rows: ${again.ms} ms`);
  }

  const unexpected = blocked.filter((u) => !u.startsWith(officeTelemetry));
  check(unexpected.length === 0, `no request left 127.0.0.1: ${local.length} office.js file(s) from the local copy, ${blocked.length - unexpected.length} office.js telemetry request(s) blocked, others blocked: ${JSON.stringify(unexpected)}`);
  check(pageErrors.length === 0, `no errors in the page: ${JSON.stringify(pageErrors)}`);
  check(policyViolations.length === 0, `the app's Content-Security-Policy blocks nothing the pane needs: ${JSON.stringify(policyViolations)}`);
  console.log(`screenshot: ${args.screenshot}`);
} finally {
  await browser.close();
}

function mkdirFor(file) {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  return file;
}

console.log(failures.length ? `e2e: ${failures.length} check(s) failed` : "e2e: all checks passed");
process.exit(failures.length ? 1 : 0);
