// Drives the provider upload page in Debian's Chromium (playwright-core, headless) against a running function app
// and checks accessibility with axe-core injected into the page. Run by ProviderPageTests (the integration tests),
// which start Azurite and the app, create the round and a provider key, and build the files:
//
//   node tests/web/provider-page.mjs --url http://127.0.0.1:PORT --key KEY --round ROUND \
//     --errors format-met-fouten.xlsx --repair format-hersteld.xlsx \
//     [--refused CODE=FILE ...] [--region NAME --contact ADDRESS] [--screenshots DIR] [--chromium /usr/bin/chromium] [--timeout 150]
//
// First the pages around it: the app's root leads to the Dutch start page (naming the region), whose every link
// resolves; /api/web/provider without its slash, /favicon.ico, the add-in's install page, and its task pane opened
// outside Office saying so in Dutch (screenshots start-page.png and taskpane-outside-office.png).
//
// Prints one line per check ("ok ..." or "not ok ..."); exit code 0 when all pass, 1 when one fails, 2 on bad
// arguments or the time limit.
import { parseArgs } from "node:util";
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { openHarness } from "./harness.mjs";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" }, key: { type: "string" }, round: { type: "string" },
    errors: { type: "string" }, repair: { type: "string" }, refused: { type: "string", multiple: true, default: [] },
    region: { type: "string" }, contact: { type: "string" },
    screenshots: { type: "string", default: path.join(path.dirname(new URL(import.meta.url).pathname), "screenshots") },
    chromium: { type: "string", default: "/usr/bin/chromium" }, timeout: { type: "string", default: "150" },
  },
});
for (const name of ["url", "key", "round", "errors", "repair"]) {
  if (!args[name]) { console.error(`provider-page: --${name} is required`); process.exit(2); }
}

const { check, accessible, launch, broke, end } = openHarness({ executable: args.chromium, timeout: args.timeout });

/** Whether the live region said something starting with each of <prefixes> (waiting a little: it speaks late). */
async function heard(page, ...prefixes) {
  const ok = await page.waitForFunction((ps) => ps.every((p) => window.__spoken.some((s) => s.startsWith(p))), prefixes, { timeout: 5000 })
    .then(() => true, () => false);
  console.log(`spoken: ${(await page.evaluate(() => window.__spoken.splice(0))).join(" / ")}`);
  return ok;
}

/**
 * By keyboard from the file picker: the file is set as the browser's own dialog would (that dialog is not the page's,
 * and headless Chromium opens it only now and then on Space), then Tab goes on to the upload button and Enter sends.
 */
async function upload(page, file) {
  await page.waitForSelector("#upload:not([disabled])"); // the previous upload has finished
  await page.focus("#file");
  await page.setInputFiles("#file", file);
  await page.keyboard.press("Tab");
  if (await page.evaluate(() => document.activeElement.id) !== "upload") throw new Error("Tab from the file picker does not reach the upload button");
  await page.keyboard.press("Enter");
}

async function findingRows(page) {
  return page.$$eval("#findings tbody tr", (rows) => rows.map((r) => [...r.cells].map((c) => c.innerText.replace(/\s+/g, " ").trim())));
}

const browser = await launch();
let page;
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 }, locale: "nl-NL" });
  page = await context.newPage();
  page.setDefaultTimeout(20000);
  page.on("pageerror", (error) => check(false, "the page runs without script errors", error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("Content Security Policy"))
      check(false, "the app's Content-Security-Policy blocks nothing the page needs", message.text());
  });
  await page.addInitScript(() => {
    window.__spoken = [];
    document.addEventListener("DOMContentLoaded", () => {
      const region = document.getElementById("announcer");
      if (!region) return;
      new MutationObserver(() => { if (region.textContent) window.__spoken.push(region.textContent); })
        .observe(region, { childList: true, characterData: true, subtree: true });
    });
  });

  // ---- The pages around the provider page: none of them a dead end ----
  const root = await page.goto(new URL("/", args.url).href);
  check(root.status() === 200 && new URL(page.url()).pathname === "/api/web/", "the app's address leads to the start page",
    `${root.status()} ${page.url()}`);
  check(await page.getAttribute("html", "lang") === "nl" && /Format aanleveren/.test(await page.textContent("main")),
    "the start page is in Dutch and leads to the provider page");
  if (args.region) {
    const header = await page.textContent("header");
    const footer = await page.textContent("footer");
    check(header.includes(args.region) && footer.includes(args.region) && (!args.contact || footer.includes(args.contact)),
      `the start page names the region in its header and footer (${args.region})`, `${header} | ${footer}`);
  }
  const links = await page.$$eval("a[href]", (as) => as.map((a) => a.href).filter((h) => h.startsWith("http")));
  for (const link of links) {
    const answer = await page.request.get(link, { maxRedirects: 5 });
    check(answer.status() === 200, `the start page's link ${new URL(link).pathname} answers 200`, `status ${answer.status()}`);
  }
  await accessible(page, "start page");
  await mkdir(args.screenshots, { recursive: true });
  await page.screenshot({ path: path.join(args.screenshots, "start-page.png"), fullPage: true });
  for (const address of ["/api", "/api/"]) {
    const answer = await page.request.get(new URL(address, args.url).href);
    check(answer.status() === 200 && new URL(answer.url()).pathname === "/api/web/", `${address} leads to the start page`, `${answer.status()} ${answer.url()}`);
  }
  const icon = await page.request.get(new URL("/favicon.ico", args.url).href);
  check(icon.status() === 200 && icon.headers()["content-type"].startsWith("image/"), "/favicon.ico is an icon",
    `${icon.status()} ${icon.headers()["content-type"]}`);
  const noSlash = await page.goto(new URL("/api/web/provider", args.url).href);
  check(noSlash.status() === 200 && new URL(page.url()).pathname === "/api/web/provider/", "/api/web/provider without its slash leads to the page",
    `${noSlash.status()} ${page.url()}`);
  await page.goto(new URL("/api/web/addin/", args.url).href);
  const manifest = await page.request.get(await page.$eval("#manifest-xml", (a) => a.href));
  check(/Installeren/.test(await page.textContent("main")) && manifest.status() === 200,
    "the add-in's install page explains installing and its manifest link answers", `manifest ${manifest.status()}`);
  // Office.js comes from Microsoft's CDN, which this machine cannot reach: the pane outside Office.
  const pane = await browser.newPage();
  await pane.route("https://appsforoffice.microsoft.com/**", (r) => r.abort("blockedbyclient"));
  await pane.goto(new URL("/api/web/addin/taskpane.html", args.url).href);
  await pane.waitForSelector("#status:not([hidden])");
  const paneStatus = await pane.textContent("#status");
  check(/werkt alleen in Excel/.test(paneStatus) && await pane.isDisabled("#connect"), "the task pane outside Office says so in Dutch", paneStatus);
  await pane.screenshot({ path: path.join(args.screenshots, "taskpane-outside-office.png"), fullPage: true });
  await pane.close();

  const pageUrl = new URL("/api/web/provider/", args.url).href;
  const response = await page.goto(pageUrl);
  check(response.status() === 200, `the page is served at ${pageUrl}`, `status ${response.status()}`);
  check(await page.getAttribute("html", "lang") === "nl", "the page is in Dutch (lang=nl)");
  await accessible(page, "sign-in");

  // Keyboard: past the skip link to the key field, with a visible focus ring.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    return { id: e.id, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  check(focused.id === "key" && focused.outline !== "none" && focused.width >= 2,
    "Tab reaches the key field with a visible focus ring", JSON.stringify(focused));

  await page.keyboard.type("dit-is-geen-sleutel");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#key-error:not([hidden])");
  const refusedKey = await page.textContent("#key-error");
  check(/niet geaccepteerd/.test(refusedKey) && /vraag/.test(refusedKey) && !/x-inkoop-key|header/.test(refusedKey)
    && (!args.contact || refusedKey.includes(args.contact)),
    "a wrong key is refused in plain Dutch that says whom to ask", refusedKey);
  if (args.region) {
    check((await page.textContent("header")).includes(args.region) && (await page.textContent("footer")).includes(args.region),
      "the provider page names the region in its header and footer");
  }
  check(await page.evaluate(() => sessionStorage.length === 0), "a refused key is not kept");

  await page.fill("#key", args.key);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#step-round:not([hidden])");
  check(await page.evaluate(() => sessionStorage.getItem("inkoop.provider.key") !== null && localStorage.length === 0),
    "the key is kept in sessionStorage only");
  check(await page.evaluate((round) => [...document.querySelectorAll("#round option")].some((o) => o.value === round), args.round),
    `the rounds list offers ${args.round}`);
  await page.selectOption("#round", args.round);
  await page.waitForFunction(() => document.getElementById("round-info").textContent.length > 0);

  // Keyboard: from the round to the download button and on to the file picker, whose Dutch button shows the focus.
  await page.focus("#round");
  await page.keyboard.press("Tab");
  const onDownload = await page.evaluate(() => document.activeElement.id);
  await page.keyboard.press("Tab");
  const picker = await page.evaluate(() => ({
    id: document.activeElement.id,
    outline: getComputedStyle(document.querySelector(".file-button")).outlineStyle,
  }));
  check(onDownload === "download" && picker.id === "file" && picker.outline !== "none",
    "Tab goes from the round to the download button and the file picker, with a visible focus ring", JSON.stringify({ onDownload, ...picker }));

  await page.keyboard.press("Shift+Tab");
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const template = await readFile(await download.path());
  check(download.suggestedFilename().endsWith(".xlsx") && template.length > 1000 && template.subarray(0, 2).toString() === "PK",
    `the empty format downloads (${download.suggestedFilename()}, ${template.length} bytes)`);

  await page.evaluate(() => { window.__spoken = []; });
  for (const refused of args.refused) {
    const [code, file] = refused.split(/=(.*)/s);
    await upload(page, file);
    await page.waitForSelector("#problem:not([hidden])");
    const shown = await page.evaluate(() => ({
      code: document.getElementById("problem").dataset.code,
      title: document.getElementById("problem-title").textContent,
      detail: document.getElementById("problem-detail").textContent,
      role: document.getElementById("problem").getAttribute("role"),
      result: document.getElementById("result").hidden,
    }));
    console.log(`refused ${path.basename(file)}: ${shown.code}: ${shown.title} | ${shown.detail}`);
    check(shown.code === code && shown.title.length > 0 && shown.detail.length > 0 && shown.role === "alert" && shown.result,
      `a refused file (${code}) shows its Dutch message as an alert and no outcome`, JSON.stringify(shown));
  }
  if (args.refused.length) {
    await accessible(page, "refused file");
    await mkdir(args.screenshots, { recursive: true });
    await page.screenshot({ path: path.join(args.screenshots, "provider-page-refused.png"), fullPage: true });
  }

  await upload(page, args.errors);
  await page.waitForSelector("#result:not([hidden])[data-status]");
  const errors = {
    status: await page.getAttribute("#result", "data-status"),
    label: await page.textContent("#status"),
    rows: await findingRows(page),
    focus: await page.evaluate(() => document.activeElement.id),
    problem: await page.isVisible("#problem"),
  };
  for (const row of errors.rows) console.log(`finding: ${row.join(" | ")}`);
  check(errors.status === "repairNeeded" && errors.label === "Herstel nodig", "a format with errors reads 'Herstel nodig'",
    `${errors.status} ${errors.label}`);
  check(errors.rows.length > 0 && errors.rows.some((r) => r[3] === "Fout" && r[0] !== "—" && r[1].length > 0 && r[2] !== "—"),
    `the findings table shows rows with cell, message, expected value and severity (${errors.rows.length} rows)`);
  check(!errors.problem, "a stored upload clears the earlier refusal");
  check(errors.focus === "result-title", "focus moves to the outcome", errors.focus);
  check(await heard(page, "Uploaden", "Het bestand is ontvangen", "Status: Herstel nodig"),
    "the live region announces the upload, the check and the outcome");
  await accessible(page, "findings");
  await mkdir(args.screenshots, { recursive: true });
  const screenshot = path.join(args.screenshots, "provider-page.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  check((await stat(screenshot)).size > 10000, `screenshot kept at ${screenshot}`);
  // A phone's width: the findings stack per row, nothing scrolls sideways, and it stays accessible.
  await page.setViewportSize({ width: 390, height: 844 });
  check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    "at a phone's width (390 px) the page does not scroll sideways");
  await accessible(page, "findings, phone width");
  await page.screenshot({ path: path.join(args.screenshots, "provider-page-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1200, height: 900 });

  await upload(page, args.repair);
  await page.waitForSelector("#result:not([hidden])[data-status=accepted]");
  check(await page.textContent("#status") === "Geaccepteerd", "the repaired format reads 'Geaccepteerd'");
  const repaired = await findingRows(page);
  check(repaired.every((r) => r[3] !== "Fout"), "the repaired format shows no errors", JSON.stringify(repaired));
  check(await heard(page, "Status: Geaccepteerd"), "the live region announces 'Geaccepteerd'");
  await accessible(page, "accepted");
  await page.screenshot({ path: path.join(args.screenshots, "provider-page-accepted.png"), fullPage: true });

  const shownBefore = await page.textContent("#result-meta");
  await page.reload();
  await page.waitForSelector("#result:not([hidden])[data-status=accepted]");
  check(await page.inputValue("#round") === args.round && await page.textContent("#result-meta") === shownBefore,
    "after a reload the page shows the provider's own latest format of the chosen round");

  // The same file again (a retry): the same version, and the page says nothing was stored again.
  await upload(page, args.repair);
  await page.waitForFunction(() => document.querySelector("#result-meta").textContent.includes("niet opnieuw bewaard"));
  check((await page.textContent("#result-meta")).startsWith(shownBefore) && await page.isHidden("#problem"),
    "the same file uploaded again shows the same version and says it was not stored again");
  await page.reload(); // the keyboard walk below starts from a freshly loaded page
  await page.waitForSelector("#result:not([hidden])[data-status=accepted]");

  // By keyboard: past the skip link to "Sleutel vergeten" in the header.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  check(await page.evaluate(() => document.activeElement.id) === "forget", "Tab reaches 'Sleutel vergeten' after the skip link");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#key-form:not([hidden])");
  check(await page.evaluate(() => sessionStorage.length === 0) && await page.isHidden("#result"),
    "'Sleutel vergeten' removes the key and hides the data");
  await context.close();
} catch (error) {
  await broke(error, page, path.join(args.screenshots, "provider-page-failure.png"));
} finally {
  await end("provider page");
}
