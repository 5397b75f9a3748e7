import { ApiError, type Connection, type InkoopClient } from "../shared/api";
import { session } from "../shared/session";
import { forgetConnection, loadConnection, saveConnection, type RememberedConnection } from "../shared/settings";
import { accountConnection } from "../shared/signin";
import { dateTime, snapshotStatusText } from "../shared/texts";
import { lotsOf, type SnapshotHeader, type Tender } from "../shared/contract";
import {
  insertBids, insertComparison, insertReactions, insertSensitivity, insertTable, insertTornado, insertVariance, refreshTables, type Kind,
} from "../excel/actions";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const kindNames: Record<Kind, string> = {
  tariffs: "Tarieven",
  norms: "Normen",
  formats: "Status per aanbieder",
  findings: "Bevindingen",
};

function show(kind: "busy" | "ok" | "error", message: string): void {
  const status = $("status");
  status.hidden = false;
  status.className = kind;
  status.textContent = message;
}

function dutch(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  const office = e as { code?: string; message?: string; name?: string };
  if (office?.name === "RichApi.Error" || office?.code) return `Excel kon de tabel niet schrijven: ${office.message ?? office.code}`;
  return e instanceof Error ? e.message : String(e);
}

/** Runs one action with progress, a Dutch error, and every button disabled meanwhile. */
async function busy(message: string, action: () => Promise<string>): Promise<void> {
  const buttons = Array.from(document.querySelectorAll("button"));
  buttons.forEach((b) => (b.disabled = true));
  show("busy", message);
  const started = performance.now();
  try {
    const done = await action();
    show("ok", `${done} (${Math.round(performance.now() - started)} ms)`);
  } catch (e) {
    show("error", dutch(e));
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

function enable(on: boolean): void {
  for (const id of ["choose", "tables", "sensitivity", "compare", "consultation"]) $(id).classList.toggle("disabled", !on);
  // Bids and variance have their own lists: they are enabled by loadTenders and loadYears.
  if (!on) for (const id of ["bids", "variance"]) $(id).classList.add("disabled");
}

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
}

const round = () => $<HTMLSelectElement>("round").value;
const snapshotChoice = () => $<HTMLSelectElement>("snapshot").value;

async function connect(): Promise<void> {
  const baseUrl = $<HTMLInputElement>("baseUrl").value;
  const key = $<HTMLInputElement>("key").value.trim();
  await busy("Verbinden...", async () => {
    if (!key) throw new Error("Vul uw sleutel in.");
    return connectWith({ baseUrl, key }, { baseUrl, key });
  });
}

/** Signs in with the analyst's Microsoft 365 account (nested app authentication) and connects with its token. */
async function signIn(): Promise<void> {
  const baseUrl = $<HTMLInputElement>("baseUrl").value;
  await busy("Aanmelden...", async () => {
    const account = await accountConnection(baseUrl);
    if (!account) throw new Error("Aanmelden met een Microsoft 365-account kan hier niet. Gebruik uw sleutel.");
    await account.signIn.accessToken(); // here, on the click: Office may have to show its sign-in dialog
    const done = await connectWith(account.connection, { baseUrl, key: "", account: true });
    $("connectionState").textContent = `Aangemeld als ${account.signIn.account ?? "uw account"}. ${$("connectionState").textContent}`;
    return done;
  });
}

/** Shows the account sign-in where this Office and the app at the given address support it. */
async function offerSignIn(): Promise<boolean> {
  const available = (await accountConnection($<HTMLInputElement>("baseUrl").value).catch(() => null)) !== null;
  $("account").hidden = !available;
  return available;
}

/** Connects with a key or an account token, fills the choices, and remembers how (never the token itself). */
async function connectWith(connection: Connection, remember: RememberedConnection): Promise<string> {
  let client: InkoopClient;
  try {
    client = session.connect(connection);
  } catch (e) {
    enable(false);
    throw e;
  }
  const rounds = await client.rounds().catch((e) => {
    enable(false);
    $("connectionState").textContent = "Niet verbonden.";
    throw e;
  });
  await saveConnection({ ...remember, baseUrl: client.baseUrl });
  const select = $<HTMLSelectElement>("round");
  select.replaceChildren(...rounds.map((r) => option(r.round, `${r.name} (${r.round})`)));
  $("connectionState").textContent = `Verbonden met ${client.baseUrl}: ${rounds.length} ${rounds.length === 1 ? "ronde" : "rondes"}.`;
  $("connectionState").className = "muted ok";
  $("disconnect").hidden = false;
  enable(rounds.length > 0);
  if (rounds.length) await loadSnapshots();
  await Promise.all([loadTenders(), loadYears()]);
  return rounds.length ? "Verbonden." : "Verbonden, maar er zijn nog geen rondes.";
}

/** Fills the snapshot choices from the round's list, keeping what was chosen where it is still there. */
async function loadSnapshots(): Promise<void> {
  const list: SnapshotHeader[] = await session.requireClient().snapshots(round());
  const chosen = ["snapshot", "from", "to"].map((id) => [id, $<HTMLSelectElement>(id).value] as const);
  const newestFirst = [...list].reverse();
  const label = (s: SnapshotHeader) =>
    `${dateTime(s.createdAt)} · ${snapshotStatusText(s.status)}${s.current ? " · huidig" : ""} · ${s.id}`;
  const choices = [option("current", "Huidig (laatste berekening)")];
  if (list.some((s) => s.status === "final")) choices.push(option("final", "Definitief (laatst vastgesteld)"));
  $<HTMLSelectElement>("snapshot").replaceChildren(...choices, ...newestFirst.map((s) => option(s.id, label(s))));
  $<HTMLSelectElement>("from").replaceChildren(...newestFirst.map((s) => option(s.id, label(s))));
  $<HTMLSelectElement>("to").replaceChildren(...newestFirst.map((s) => option(s.id, label(s))));
  if (newestFirst.length > 1) $<HTMLSelectElement>("from").selectedIndex = 1;
  for (const [id, value] of chosen) {
    const select = $<HTMLSelectElement>(id);
    if (value && Array.from(select.options).some((o) => o.value === value)) select.value = value;
  }
  await loadProducts();
  $("snapshotInfo").textContent = list.length
    ? `${list.length} snapshot${list.length === 1 ? "" : "s"}, waarvan ${list.filter((s) => s.status === "final").length} definitief.`
    : "Deze ronde heeft nog geen berekening.";
}

/** The chosen snapshot's products with a published tariff: the ones a tornado chart can be drawn of. */
async function loadProducts(): Promise<void> {
  const products = await snapshot()
    .then((s) => s.tariffs.filter((t) => t.tariff !== null))
    .catch(() => []);
  const select = $<HTMLSelectElement>("product");
  const chosen = select.value;
  select.replaceChildren(...products.map((t) => option(t.product, `${t.product} ${t.name}`)));
  if (products.some((t) => t.product === chosen)) select.value = chosen;
}

/** The chosen snapshot and its sensitivity (the API computes it once per snapshot and keeps it). */
async function sensitivityOfChoice() {
  const s = await snapshot();
  return { snapshot: s, sensitivity: await session.requireClient().sensitivity(s.round, s.id) };
}

async function sensitivity(): Promise<void> {
  await busy("Gevoeligheid ophalen en schrijven...", async () => {
    const { snapshot: s, sensitivity: result } = await sensitivityOfChoice();
    const r = await insertSensitivity(result, s);
    return `${r.created ? "Ingevoegd" : "Ververst"}: tabel ${r.table} op blad '${r.sheet}', ${r.rows} rijen`;
  });
}

async function tornado(): Promise<void> {
  const product = $<HTMLSelectElement>("product").value;
  await busy("Tornadodiagram tekenen...", async () => {
    if (!product) throw new Error("Kies een product met een tarief.");
    const { sensitivity: result } = await sensitivityOfChoice();
    const r = await insertTornado(result, product);
    return `${r.chartCreated ? "Ingevoegd" : "Ververst"}: tornadodiagram ${r.chart} op blad '${r.sheet}'`;
  });
}

let tenders: Tender[] = [];

/** The tenders with their lots (the list carries each configuration); without any the section stays disabled. */
async function loadTenders(): Promise<void> {
  tenders = await session.requireClient().tenders().catch(() => []);
  $<HTMLSelectElement>("tender").replaceChildren(...tenders.map((t) => option(t.tender, `${t.name} (${t.tender})`)));
  $("bids").classList.toggle("disabled", tenders.length === 0);
  showLots();
}

function showLots(): void {
  const tender = tenders.find((t) => t.tender === $<HTMLSelectElement>("tender").value);
  const lots = lotsOf(tender);
  $<HTMLSelectElement>("lot").replaceChildren(...lots.map((l) => option(l.code, `${l.name} (${l.code})`)));
}

async function loadYears(): Promise<void> {
  const years = await session.requireClient().lumpsumYears().catch(() => []);
  $<HTMLSelectElement>("year").replaceChildren(...[...years].reverse().map((y) => option(String(y), String(y))));
  $("variance").classList.toggle("disabled", years.length === 0);
}

async function bids(): Promise<void> {
  const tender = $<HTMLSelectElement>("tender").value;
  const lot = $<HTMLSelectElement>("lot").value;
  await busy("Inschrijvingen ophalen en schrijven...", async () => {
    if (!tender || !lot) throw new Error("Kies een aanbesteding en een perceel.");
    const r = await insertBids(await session.requireClient().bids(tender, lot));
    return `${r.created ? "Ingevoegd" : "Ververst"}: tabel ${r.table} op blad '${r.sheet}', ${r.rows} rijen`;
  });
}

async function variance(): Promise<void> {
  const year = Number($<HTMLSelectElement>("year").value);
  const quarter = Number($<HTMLSelectElement>("quarter").value);
  await busy("Lumpsumafwijking ophalen en schrijven...", async () => {
    if (!year) throw new Error("Kies een jaar.");
    // A click always asks the API: the functions' short-lived cache should not hide a recalculation.
    session.variances.clear();
    const r = await insertVariance(await session.variances.get(year, quarter));
    return `${r.created ? "Ingevoegd" : "Ververst"}: tabel ${r.table} op blad '${r.sheet}', ${r.rows} rijen`;
  });
}

/** The round's open consultation, else its latest, with every reaction: inserted or refreshed in place. */
async function reactions(): Promise<void> {
  await busy("Reacties ophalen en schrijven...", async () => {
    const client = session.requireClient();
    const list = await client.consultations(round());
    const consultation = list.find((c) => c.status === "open") ?? list[list.length - 1];
    if (!consultation) throw new Error("Deze ronde heeft nog geen marktconsultatie.");
    const r = await insertReactions(consultation, await client.reactions(round(), consultation.id));
    return `${r.created ? "Ingevoegd" : "Ververst"}: tabel ${r.table} op blad '${r.sheet}', ${r.rows} rijen`;
  });
}

async function snapshot() {
  // A click always asks where "huidig" and "definitief" point now; snapshots by id come from the cache.
  session.snapshots.forgetAliases();
  return session.snapshots.get(round(), snapshotChoice());
}

async function insert(kind: Kind): Promise<void> {
  await busy(`${kindNames[kind]} ophalen en schrijven...`, async () => {
    const s = await snapshot();
    const r = await insertTable(kind, s);
    return `${r.created ? "Ingevoegd" : "Ververst"}: tabel ${r.table} op blad '${r.sheet}', ${r.rows} rijen`;
  });
}

async function refresh(): Promise<void> {
  await busy("Tabellen verversen...", async () => {
    const s = await snapshot();
    const results = await refreshTables(s, () => session.requireClient().sensitivity(s.round, s.id));
    await loadSnapshots(); // a refresh is where analysts notice new recalculations
    if (!results.length) return "Er staan nog geen tabellen van deze ronde in de werkmap";
    return `Ververst met snapshot ${s.id}: ${results.map((r) => `${r.table} (${r.rows} rijen)`).join(", ")}`;
  });
}

async function compare(): Promise<void> {
  const from = $<HTMLSelectElement>("from").value;
  const to = $<HTMLSelectElement>("to").value;
  await busy("Snapshots vergelijken...", async () => {
    if (!from || !to) throw new Error("Kies twee snapshots om te vergelijken.");
    const c = await session.requireClient().compare(round(), from, to);
    const r = await insertComparison(c);
    return `Vergelijking in tabel ${r.table} op blad '${r.sheet}', ${r.rows} rijen`;
  });
}

async function start(): Promise<void> {
  $("connect").addEventListener("click", connect);
  $("signIn").addEventListener("click", signIn);
  $("baseUrl").addEventListener("change", () => void offerSignIn());
  $("disconnect").addEventListener("click", async () => {
    await forgetConnection();
    $<HTMLInputElement>("key").value = "";
    $("connectionState").textContent = "Verbinding vergeten.";
    $("connectionState").className = "muted";
    $("disconnect").hidden = true;
    enable(false);
  });
  $("round").addEventListener("change", () => busy("Snapshots ophalen...", async () => (await loadSnapshots(), "Snapshots bijgewerkt")));
  document.querySelectorAll<HTMLButtonElement>("button[data-kind]").forEach((b) =>
    b.addEventListener("click", () => insert(b.dataset.kind as Kind)),
  );
  $("refresh").addEventListener("click", refresh);
  $("compareButton").addEventListener("click", compare);
  $("sensitivityButton").addEventListener("click", sensitivity);
  $("tornadoButton").addEventListener("click", tornado);
  $("snapshot").addEventListener("change", () => loadProducts());
  $("tender").addEventListener("change", showLots);
  $("bidsButton").addEventListener("click", bids);
  $("varianceButton").addEventListener("click", variance);
  $("reactionsButton").addEventListener("click", reactions);

  const remembered = await loadConnection();
  $<HTMLInputElement>("baseUrl").value = remembered?.baseUrl ?? location.origin;
  const signInOffered = await offerSignIn();
  if (remembered?.account && signInOffered) await signIn();
  else if (remembered && remembered.key) {
    $<HTMLInputElement>("key").value = remembered.key;
    await connect();
  }
}

/**
 * Opened in a plain browser the pane has no Excel to write to: office.js did not load (Office undefined) or loaded
 * outside Office (no Excel API). Say so in Dutch instead of failing silently on "Verbinden".
 */
function outsideOffice(): void {
  show("error", "Dit is het taakvenster van de Excel-invoegtoepassing en werkt alleen in Excel. Open het in Excel via " +
    "Start > Inkoop; hoe u de invoegtoepassing installeert, leest u op de installatiepagina.");
  const install = document.createElement("a");
  install.href = "./";
  install.textContent = "Naar de installatiepagina";
  $("status").append(" ", install);
  document.querySelectorAll<HTMLButtonElement>("button").forEach((b) => (b.disabled = true));
}

if (typeof Office === "undefined") outsideOffice();
else Office.onReady(() => (typeof Excel === "undefined" ? outsideOffice() : start()));
