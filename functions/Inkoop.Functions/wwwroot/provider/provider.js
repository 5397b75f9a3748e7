// The provider page: sign in with a key, pick a round, download its empty format, upload a filled one and read the
// findings. Plain browser JavaScript; every data call carries the key, the page itself holds no data.
"use strict";

(() => {
  const api = "/api";
  const keyHeader = "x-inkoop-key";
  // sessionStorage, not localStorage: the key leaves with the tab.
  const storedKey = "inkoop.provider.key";
  const storedAgb = "inkoop.provider.agb";
  const storedRound = "inkoop.provider.round";

  // The app's one table of Dutch labels (Labels.nl.json), loaded before anything is shown; a code reads as itself without it.
  let labels = {};
  const labelsLoaded = fetch("../labels.nl.json").then((r) => (r.ok ? r.json() : {})).catch(() => ({})).then((l) => { labels = l; });
  const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
  const label = (kind, code) => capital((labels[kind] && labels[kind][code]) || code);

  // Who to ask: the region and its contact address, as the app fills them into the page (Region in its settings).
  const region = document.body.dataset.region || "";
  const contact = document.body.dataset.contact || "";
  const whoToAsk = `het inkoopteam van ${region || "uw regio"}${contact ? ` (${contact})` : ""}`;
  const keyRefused = "Deze sleutel is niet geaccepteerd. Controleer of u de hele sleutel heeft overgenomen; " +
    `werkt hij dan nog niet, vraag ${whoToAsk} om een nieuwe sleutel.`;

  // What a refused request means for the provider; the server's own Dutch detail follows the title.
  const problemTitles = {
    "unauthorized": "Uw sleutel wordt niet geaccepteerd",
    "forbidden": "Dit mag u met deze sleutel niet doen",
    "agb-mismatch": "Dit format is van een andere organisatie",
    "payload-too-large": "Het bestand is te groot",
    "file-refused": "Het bestand is geweigerd",
    "file-unreadable": "Het bestand is niet te lezen",
    "format-rejected": "Dit is geen format van deze ronde",
    "format-too-large": "Het format bevat te veel gegevens",
    "unsupported-media-type": "Dit soort bestand kan niet worden geüpload",
    "round-not-found": "Deze ronde bestaat niet (meer)",
    "no-file": "Geen bestand gekozen",
  };
  // Only where the server's detail does not already say what to do.
  const problemAdvice = {
    "unauthorized": `Controleer de sleutel en meld u opnieuw aan, of vraag ${whoToAsk} om een nieuwe sleutel.`,
    "forbidden": `Vraag ${whoToAsk} om de juiste sleutel.`,
    "agb-mismatch": "",
    "file-refused": "",
    "file-unreadable": "",
    "payload-too-large": "",
    "format-too-large": "",
    "format-rejected": "Download het lege format van deze ronde hierboven en vul uw AGB-code en gegevens daarin in.",
    "unsupported-media-type": "Kies het ingevulde format als .xlsx-bestand.",
    "no-file": "",
  };

  const $ = (id) => document.getElementById(id);
  const el = {
    session: $("session"), sessionWho: $("session-who"), forget: $("forget"),
    keyForm: $("key-form"), key: $("key"), keyError: $("key-error"), keyDone: $("key-done"),
    stepRound: $("step-round"), round: $("round"), roundInfo: $("round-info"), download: $("download"),
    stepUpload: $("step-upload"), uploadForm: $("upload-form"), file: $("file"), fileName: $("file-name"), upload: $("upload"),
    progressBox: $("progress-box"), progress: $("progress"), progressLabel: $("progress-label"), progressText: $("progress-text"),
    problem: $("problem"), problemTitle: $("problem-title"), problemDetail: $("problem-detail"), problemAdvice: $("problem-advice"),
    result: $("result"), resultTitle: $("result-title"), status: $("status"), resultMeta: $("result-meta"),
    resultAdvice: $("result-advice"), findingsBox: $("findings-box"), findings: $("findings"),
    findingsCaption: $("findings-caption"), noFindings: $("no-findings"), announcer: $("announcer"),
  };

  let key = sessionStorage.getItem(storedKey);
  let rounds = [];

  const dateFormat = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric" });
  const dateTimeFormat = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
  const day = (iso) => dateFormat.format(new Date(iso + "T12:00:00"));
  const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  function announce(text) {
    // Cleared first so that the same sentence twice is announced twice.
    el.announcer.textContent = "";
    window.setTimeout(() => { el.announcer.textContent = text; }, 50);
  }

  /** A problem+json answer (or anything else that went wrong) as { status, code, detail }. */
  function problemOf(status, text, contentType) {
    let body = null;
    if (contentType && contentType.includes("json")) {
      try { body = JSON.parse(text); } catch { body = null; }
    }
    const code = (body && body.code) || (status === 401 ? "unauthorized" : status === 403 ? "forbidden" : status === 413 ? "payload-too-large" : "error");
    const detail = (body && body.detail) || (status === 0
      ? "De verbinding met de server is verbroken. Controleer uw internetverbinding en probeer het opnieuw."
      : `De server antwoordde met status ${status}.`);
    return { status, code, detail, traceId: body && body.traceId };
  }

  async function call(path, options = {}) {
    const response = await fetch(api + path, { ...options, headers: { ...(options.headers || {}), [keyHeader]: key } });
    if (!response.ok) {
      const problem = problemOf(response.status, await response.text(), response.headers.get("content-type"));
      throw Object.assign(new Error(problem.detail), { problem });
    }
    return response;
  }

  function showProblem(problem) {
    el.problem.dataset.code = problem.code;
    el.problemTitle.textContent = problemTitles[problem.code] || "Er ging iets mis";
    el.problemDetail.textContent = problem.detail;
    el.problemAdvice.textContent = problem.code in problemAdvice ? problemAdvice[problem.code]
      : (problem.traceId ? `Probeer het later opnieuw. Noemt u bij vragen deze code: ${problem.traceId}.` : "Probeer het later opnieuw.");
    el.problem.hidden = false;
  }

  function hideProblem() {
    el.problem.hidden = true;
    delete el.problem.dataset.code;
  }

  // ---- Signing in and out ----

  async function signIn(candidate, { quiet = false } = {}) {
    key = candidate;
    el.keyError.hidden = true;
    try {
      rounds = await (await call("/rounds")).json();
    } catch (error) {
      key = null;
      sessionStorage.removeItem(storedKey);
      const problem = error.problem || problemOf(0, "", null);
      // A care provider needs no header names: say the key was not accepted and whom to ask.
      el.keyError.textContent = problem.code === "unauthorized" ? keyRefused
        : `${problemTitles[problem.code] || "Aanmelden lukte niet"}: ${problem.detail}`;
      el.keyError.hidden = false;
      el.key.setAttribute("aria-invalid", "true");
      el.key.focus();
      return;
    }
    sessionStorage.setItem(storedKey, key);
    el.key.value = "";
    el.key.removeAttribute("aria-invalid");
    el.keyForm.hidden = true;
    el.keyDone.hidden = false;
    el.session.hidden = false;
    showWho();
    fillRounds();
    el.stepRound.hidden = false;
    el.stepUpload.hidden = false;
    if (!quiet) {
      announce(rounds.length ? "U bent aangemeld. Kies een onderzoeksronde." : "U bent aangemeld, maar er is nog geen onderzoeksronde.");
      el.round.focus();
    }
    await roundChosen();
  }

  /** Back to the sign-in form: after "Sleutel vergeten", or with the reason when the server refused the key. */
  function signOut(reason) {
    key = null;
    sessionStorage.removeItem(storedKey);
    sessionStorage.removeItem(storedAgb);
    sessionStorage.removeItem(storedRound);
    el.session.hidden = true;
    el.keyDone.hidden = true;
    el.keyForm.hidden = false;
    for (const section of [el.stepRound, el.stepUpload, el.result]) section.hidden = true;
    document.dispatchEvent(new CustomEvent("inkoop:signed-out"));
    hideProblem();
    el.file.value = "";
    showChosenFile();
    el.keyError.hidden = !reason;
    el.keyError.textContent = reason || "";
    el.key.focus();
    announce(reason || "Uw sleutel is vergeten. Meld u opnieuw aan om verder te gaan.");
  }

  /** A refused call: a refused key sends the provider back to sign in, anything else is shown where it happened. */
  function fail(problem) {
    if (problem.code === "unauthorized") signOut(keyRefused);
    else showProblem(problem);
  }

  function showWho() {
    const agb = sessionStorage.getItem(storedAgb);
    el.sessionWho.textContent = agb ? `Aangemeld · AGB-code ${agb}` : "Aangemeld";
  }

  // ---- Rounds and the empty format ----

  function fillRounds() {
    el.round.replaceChildren(...rounds.map((r) => new Option(`${r.name} (peiljaar ${r.referenceYear})`, r.round)));
    const remembered = sessionStorage.getItem(storedRound);
    if (rounds.some((r) => r.round === remembered)) el.round.value = remembered;
    el.round.disabled = rounds.length === 0;
    el.download.disabled = rounds.length === 0;
    el.upload.disabled = rounds.length === 0;
    if (rounds.length === 0) el.roundInfo.textContent = "Er is nog geen onderzoeksronde open. Probeer het later opnieuw.";
  }

  const chosenRound = () => rounds.find((r) => r.round === el.round.value);

  async function roundChosen() {
    const round = chosenRound();
    el.result.hidden = true;
    hideProblem();
    if (!round) return;
    sessionStorage.setItem(storedRound, round.round);
    // Other sections of the page (consultation.js) follow the chosen round.
    document.dispatchEvent(new CustomEvent("inkoop:round", { detail: { round: round.round } }));
    el.roundInfo.textContent = round.repairDeadline
      ? `Herstellen kan tot en met ${day(round.repairDeadline)}.`
      : "Voor deze ronde is nog geen hersteltermijn vastgesteld.";
    await showOwnFormat(round.round);
  }

  /** The provider's own latest format of the round, once the page knows its AGB-code. */
  async function showOwnFormat(round) {
    const agb = sessionStorage.getItem(storedAgb);
    if (!agb) return;
    try {
      showResult(await (await call(`/rounds/${encodeURIComponent(round)}/formats/${agb}`)).json(), { focus: false });
    } catch (error) {
      // Nothing uploaded yet for this round is the usual case, not an error worth a message.
      if (error.problem && error.problem.code !== "format-not-found") fail(error.problem);
    }
  }

  async function downloadTemplate() {
    const round = chosenRound();
    if (!round) return;
    hideProblem();
    el.download.disabled = true;
    try {
      const response = await call(`/rounds/${encodeURIComponent(round.round)}/template`);
      const name = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") || "")?.[1] || `format-${round.round}.xlsx`;
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement("a"), { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
      announce(`Het lege format ${name} is gedownload.`);
    } catch (error) {
      fail(error.problem || problemOf(0, "", null));
    } finally {
      el.download.disabled = false;
    }
  }

  // ---- Uploading ----

  function showChosenFile() {
    const file = el.file.files[0];
    el.fileName.textContent = file ? file.name : "Nog geen bestand gekozen";
    el.fileName.classList.toggle("chosen", Boolean(file));
  }

  function setProgress(percent, label) {
    el.progressBox.hidden = false;
    el.progressLabel.textContent = label;
    if (percent === null) el.progress.removeAttribute("value");
    else el.progress.value = percent;
    el.progressText.textContent = percent === null ? "" : `${percent}%`;
  }

  /** POSTs the file as the raw body with XMLHttpRequest: fetch cannot report upload progress. */
  function send(round, file) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      let lastSpoken = -1;
      xhr.open("POST", `${api}/rounds/${encodeURIComponent(round)}/formats`);
      xhr.setRequestHeader(keyHeader, key);
      xhr.setRequestHeader("content-type", "application/octet-stream");
      xhr.upload.addEventListener("progress", (e) => {
        if (!e.lengthComputable) return;
        const percent = Math.floor((e.loaded / e.total) * 100);
        setProgress(percent, "Uploaden");
        // Spoken in quarters, not at every event.
        const quarter = Math.floor(percent / 25);
        if (quarter !== lastSpoken && percent < 100) { lastSpoken = quarter; announce(`Uploaden: ${percent} procent.`); }
      });
      xhr.upload.addEventListener("load", () => {
        setProgress(null, "Controleren");
        announce("Het bestand is ontvangen en wordt gecontroleerd.");
      });
      xhr.addEventListener("load", () => resolve({ status: xhr.status, text: xhr.responseText, type: xhr.getResponseHeader("content-type") }));
      xhr.addEventListener("error", () => resolve({ status: 0, text: "", type: null }));
      xhr.addEventListener("timeout", () => resolve({ status: 0, text: "", type: null }));
      xhr.timeout = 120000;
      xhr.send(file);
    });
  }

  async function uploadChosenFile(event) {
    event.preventDefault();
    const round = chosenRound();
    const file = el.file.files[0];
    hideProblem();
    if (!round) return;
    if (!file) {
      showProblem({ code: "no-file", detail: "Kies eerst het ingevulde format op uw computer." });
      el.file.focus();
      return;
    }
    el.upload.disabled = true;
    el.result.hidden = true;
    setProgress(0, "Uploaden");
    announce(`Uploaden van ${file.name} is begonnen.`);
    const answer = await send(round.round, file);
    el.upload.disabled = false;
    el.progressBox.hidden = true;
    // 200: exactly this file was received before (a repeat); the answer is that version, nothing was stored again.
    if (answer.status === 201 || answer.status === 200) {
      const format = JSON.parse(answer.text);
      sessionStorage.setItem(storedAgb, format.agb);
      showWho();
      showResult(format, { focus: true });
      return;
    }
    const problem = problemOf(answer.status, answer.text, answer.type);
    fail(problem);
    if (!el.problem.hidden) announce(`${el.problemTitle.textContent}. ${problem.detail}`);
  }

  // ---- The outcome ----

  function showResult(format, { focus }) {
    const statusLabel = label("formatStatus", format.status);
    el.status.textContent = statusLabel;
    el.status.className = `status status-${format.status}`;
    el.result.dataset.status = format.status;
    const when = dateTimeFormat.format(new Date(format.uploadedAt));
    el.resultMeta.textContent = `${format.name || "Uw organisatie"} · AGB-code ${format.agb} · versie ${format.version}, ontvangen ${when}` +
      (format.unchanged ? " · dit bestand had u al geüpload; het is niet opnieuw bewaard" : "");

    const round = chosenRound();
    const deadline = round && round.repairDeadline ? ` vóór het einde van ${day(round.repairDeadline)}` : "";
    el.resultAdvice.textContent = {
      accepted: format.warnings === 0 ? "Uw format is geaccepteerd. U hoeft niets meer te doen."
        : format.warnings === 1 ? "Uw format is geaccepteerd. Bekijk de waarschuwing hieronder; u hoeft alleen iets te doen als de waarde niet klopt."
        : "Uw format is geaccepteerd. Bekijk de waarschuwingen hieronder; u hoeft alleen iets te doen als een waarde niet klopt.",
      repairNeeded: `Uw format is bewaard, maar heeft ${count(format.errors, "fout", "fouten")}. Herstel ${format.errors === 1 ? "deze" : "ze"} in uw bestand en upload het opnieuw${deadline}. Waarden met een fout tellen niet mee.`,
      closedWithExclusions: "De hersteltermijn is voorbij. Waarden met een fout tellen niet mee in het onderzoek; de rest van uw format wel.",
    }[format.status] || "";

    const findings = [...(format.findings || [])].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
    el.findings.tBodies[0].replaceChildren(...findings.map(findingRow));
    el.findingsCaption.textContent = `Bevindingen: ${count(format.errors, "fout", "fouten")}, ${count(format.warnings, "waarschuwing", "waarschuwingen")}`;
    el.findingsBox.hidden = findings.length === 0;
    el.noFindings.hidden = findings.length !== 0;
    el.result.hidden = false;

    announce(`Status: ${statusLabel}. ${count(format.errors, "fout", "fouten")}, ${count(format.warnings, "waarschuwing", "waarschuwingen")}.`);
    if (focus) el.resultTitle.focus();
  }

  function findingRow(finding) {
    const row = document.createElement("tr");
    row.className = `utrecht-table__row finding finding-${finding.severity}`;
    const cell = column("Cel", finding.cell || "—", "cell");
    if (finding.variable) cell.append(Object.assign(document.createElement("span"), { className: "variable", textContent: finding.variable }));
    const severity = column("Ernst", "");
    severity.append(Object.assign(document.createElement("span"), {
      className: `severity severity-${finding.severity}`, textContent: label("severity", finding.severity),
    }));
    row.append(cell, column("Wat is er mis", finding.message), column("Wat wordt verwacht", finding.band || "—", "expected"), severity);
    return row;
  }

  /** One cell of the findings table, named after its column for the stacked rows of a narrow screen. */
  function column(label, text, className = "") {
    const td = document.createElement("td");
    td.className = `utrecht-table__cell ${className}`.trim();
    td.dataset.label = label;
    td.textContent = text;
    return td;
  }

  // ---- Wiring ----

  el.keyForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const candidate = el.key.value.trim();
    if (!candidate) {
      el.keyError.textContent = "Vul uw sleutel in.";
      el.keyError.hidden = false;
      el.key.setAttribute("aria-invalid", "true");
      el.key.focus();
      return;
    }
    signIn(candidate);
  });
  el.forget.addEventListener("click", () => signOut(null));
  el.round.addEventListener("change", roundChosen);
  el.download.addEventListener("click", downloadTemplate);
  el.uploadForm.addEventListener("submit", uploadChosenFile);
  el.file.addEventListener("change", showChosenFile);

  if (key) labelsLoaded.then(() => signIn(key, { quiet: true }));
})();
