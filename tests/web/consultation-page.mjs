// Drives the market consultation section of the provider page in Debian's Chromium (playwright-core, headless) against a
// running function app, with axe-core. Run by ConsultationPageTests in two phases around the region's work:
//
//   node tests/web/consultation-page.mjs --url URL --key KEY --round ROUND --phase react   [--screenshots DIR]
//     (an open consultation: read the concept, write a reaction, edit it, write and withdraw a second one)
//   node tests/web/consultation-page.mjs --url URL --key KEY --round ROUND --phase answers [--screenshots DIR]
//     (the consultation closed and its answers published: read them)
//
// Prints one line per check ("ok ..." or "not ok ..."), and "reaction: ..." / "answer: ..." lines with what the page
// shows; exit code 0 when all pass, 1 when one fails, 2 on bad arguments or the time limit.
import { parseArgs } from "node:util";
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { openHarness } from "./harness.mjs";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" }, key: { type: "string" }, round: { type: "string" }, phase: { type: "string" },
    screenshots: { type: "string", default: path.join(path.dirname(new URL(import.meta.url).pathname), "screenshots") },
    chromium: { type: "string", default: "/usr/bin/chromium" }, timeout: { type: "string", default: "120" },
  },
});
for (const name of ["url", "key", "round", "phase"]) {
  if (!args[name]) { console.error(`consultation-page: --${name} is required`); process.exit(2); }
}
if (!["react", "answers"].includes(args.phase)) { console.error("consultation-page: --phase is react or answers"); process.exit(2); }
const { check, accessible, launch, broke, end } = openHarness({ executable: args.chromium, timeout: args.timeout });

const reactionItems = (page) => page.$$eval("#reactions li", (items) => items.map((li) => ({
  head: li.querySelector(".reaction-head").textContent, text: li.querySelector(".reaction-text").textContent,
  withdrawn: li.classList.contains("reaction-withdrawn"), buttons: li.querySelectorAll("button").length,
})));

// Markup a provider might paste: it must come back as the same text, never as an element.
const pasted = "Het uurtarief van 45A11 is te laag.\n<img src=x onerror=\"window.__injected = true\"> <b>vet</b> & 5 < 6";
const edited = `${pasted}\nAanvulling: de cao-verhoging van 2025 ontbreekt.`;

const browser = await launch();
let page;
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 }, locale: "nl-NL" });
  page = await context.newPage();
  page.setDefaultTimeout(20000);
  page.on("pageerror", (error) => check(false, "the page runs without script errors", error.message));
  page.on("dialog", (dialog) => dialog.accept());

  await page.goto(new URL("/api/web/provider/", args.url).href);
  await page.fill("#key", args.key);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#step-round:not([hidden])");
  await page.selectOption("#round", args.round);
  await page.waitForSelector("#consultation:not([hidden])");
  await page.waitForFunction(() => document.querySelectorAll("#concept-tariffs tbody tr").length > 0);
  const tariffs = await page.$$eval("#concept-tariffs tbody tr", (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  check(tariffs.some((r) => r[0] === "45A11" && /€/.test(r[3])), "the concept tariffs show 45A11 with its tariff", JSON.stringify(tariffs));
  const norms = await page.$$eval("#concept-norms tbody tr", (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  for (const n of norms) console.log(`norm: ${n.join(" | ")}`);
  check(norms.some((r) => r[0] === "Verzuim" && r[1] === "niet getoond (1)" && r[3] === "0,06"),
    "the norms table shows the provider's own Verzuim beside a norm not shown (too few providers)", JSON.stringify(norms));
  const reasons = await page.$$eval("#norms-reasons li", (items) => items.map((li) => li.textContent));
  check(reasons.length > 0 && /minder dan 5 aanbieders/.test(reasons[0]), "why a norm is not shown is said once, in Dutch", JSON.stringify(reasons));
  check(norms.some((r) => r[0] === "Brutojaarsalaris (WO)" && r[1] === "63.000" && r[3] === "62.000" && r[4] === "lager dan de norm"),
    "a norm that may be shown stands beside the own figure, with where it stands", JSON.stringify(norms));
  await mkdir(args.screenshots, { recursive: true });

  if (args.phase === "react") {
    check(/^Reageren kan tot /.test(await page.textContent("#consultation-term")), "the deadline is shown in Dutch",
      await page.textContent("#consultation-term"));
    await page.selectOption("#reaction-product", "45A11");
    await page.fill("#reaction-text", pasted);
    await page.click("#reaction-send");
    await page.waitForFunction(() => document.querySelectorAll("#reactions li").length === 1);
    let items = await reactionItems(page);
    check(items[0].text === pasted && items[0].head.startsWith("45A11 · versie 1"), "a written reaction is listed as typed, version 1",
      JSON.stringify(items));
    check(await page.evaluate(() => document.querySelectorAll("#consultation img, #consultation b").length === 0 && !window.__injected),
      "markup in a reaction stays text: no element is made from it");
    check(await page.inputValue("#reaction-text") === "", "the form is empty again after sending");

    await page.click("#reactions li button:has-text('Wijzigen')");
    check(await page.inputValue("#reaction-text") === pasted && await page.textContent("#reaction-send") === "Wijziging opslaan",
      "'Wijzigen' puts the reaction in the form");
    await page.fill("#reaction-text", edited);
    await page.click("#reaction-send");
    await page.waitForFunction(() => document.querySelector("#reactions li .reaction-head").textContent.includes("versie 2"));
    items = await reactionItems(page);
    check(items.length === 1 && items[0].text === edited, "an edit is a new version of the same reaction", JSON.stringify(items));

    await page.selectOption("#reaction-product", "");
    await page.fill("#reaction-text", "Een tweede reactie die ik intrek.");
    await page.click("#reaction-send");
    await page.waitForFunction(() => document.querySelectorAll("#reactions li").length === 2);
    await page.click("#reactions li:nth-child(2) button:has-text('Intrekken')");
    await page.waitForSelector("#reactions li.reaction-withdrawn");
    items = await reactionItems(page);
    for (const item of items) console.log(`reaction: ${item.head} | ${item.text.replace(/\n/g, "\\n")}`);
    check(items[1].withdrawn && items[1].buttons === 0 && /ingetrokken/.test(items[1].head), "a withdrawn reaction is marked and has no buttons");
    await accessible(page, "reactions");
    const screenshot = path.join(args.screenshots, "consultation-reaction.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    check((await stat(screenshot)).size > 10000, `screenshot kept at ${screenshot}`);
  } else {
    await page.waitForSelector("#answers-box:not([hidden])");
    check(/^De termijn voor reacties is verstreken/.test(await page.textContent("#consultation-term")) && await page.isHidden("#reaction-form"),
      "after the deadline the page says so and offers no form");
    const answers = await page.$$eval("#answers tbody tr", (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
    for (const a of answers) console.log(`answer: ${a.join(" | ")}`);
    check(answers.length > 0 && answers.every((a) => a[1].length > 0 && a[2].length > 0 && ["Ongewijzigd", "Aangepast", "Toegelicht"].includes(a[3])),
      "the published answers are listed with question, answer and a Dutch outcome", JSON.stringify(answers));
    const items = await reactionItems(page);
    check(items.length > 0 && items.every((i) => i.buttons === 0), "the own reactions can no longer be changed");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#answers-download")]);
    const workbook = await readFile(await download.path());
    check(download.suggestedFilename().endsWith(".xlsx") && workbook.subarray(0, 2).toString() === "PK",
      `the answers download as a workbook (${download.suggestedFilename()})`);
    await accessible(page, "answers");
    await page.locator("#answers-box").scrollIntoViewIfNeeded();
    const screenshot = path.join(args.screenshots, "consultation-answers.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    check((await stat(screenshot)).size > 10000, `screenshot kept at ${screenshot}`);
  }
  await context.close();
} catch (error) {
  await broke(error, page, path.join(args.screenshots, "consultation-failure.png"));
} finally {
  await end(`consultation page (${args.phase})`);
}
