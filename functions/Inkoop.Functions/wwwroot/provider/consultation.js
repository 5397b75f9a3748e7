// The market consultation on the provider page: for the round chosen above (provider.js announces it with the event
// "inkoop:round"), the latest consultation with its concept tariffs and norms beside the provider's own figures, the
// provider's own reactions (write, edit, withdraw until the deadline) and the published answers. Every text the server
// sends is put in the page as text (textContent), never as HTML.
"use strict";

(() => {
  const api = "/api";
  const keyHeader = "x-inkoop-key";
  const storedKey = "inkoop.provider.key";

  // The app's one table of Dutch labels (Labels.nl.json, kinds answerOutcome and ownPosition); a code reads as itself without it.
  let labels = {};
  const labelsLoaded = fetch("../labels.nl.json").then((r) => (r.ok ? r.json() : {})).catch(() => ({})).then((l) => { labels = l; });
  const label = (kind, code) => (labels[kind] && labels[kind][code]) || code;
  const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
  const problemTitles = {
    "consultation-closed": "De termijn voor reacties is verstreken",
    "invalid-reaction": "De reactie kan zo niet worden verstuurd",
    "unknown-product": "Dit product hoort niet bij de concepttarieven",
    "unknown-variable": "Deze variabele hoort niet bij de conceptnormen",
    "agb-mismatch": "Deze reactie is van een andere organisatie",
    "reaction-withdrawn": "Deze reactie is al ingetrokken",
  };

  const $ = (id) => document.getElementById(id);
  const el = {
    section: $("consultation"), title: $("consultation-title"), term: $("consultation-term"), introduction: $("consultation-introduction"),
    concept: $("consultation-concept"), tariffs: $("concept-tariffs"), norms: $("concept-norms"), normsNote: $("norms-note"),
    normsReasons: $("norms-reasons"),
    reactions: $("reactions"), reactionsEmpty: $("reactions-empty"),
    form: $("reaction-form"), formTitle: $("reaction-form-title"), product: $("reaction-product"), variable: $("reaction-variable"),
    text: $("reaction-text"), count: $("reaction-count"), send: $("reaction-send"), cancel: $("reaction-cancel"),
    problem: $("consultation-problem"), problemTitle: $("consultation-problem-title"), problemDetail: $("consultation-problem-detail"),
    answersBox: $("answers-box"), answers: $("answers"), answersDownload: $("answers-download"),
    announcer: $("announcer"),
  };

  const money = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR" });
  const number = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 4 });
  const moment = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" });

  let round = null;
  let consultation = null;
  let editing = null; // the reaction being edited, or null for a new one

  const key = () => sessionStorage.getItem(storedKey);
  const base = () => `/rounds/${encodeURIComponent(round)}/consultations`;

  function announce(text) {
    el.announcer.textContent = "";
    window.setTimeout(() => { el.announcer.textContent = text; }, 50);
  }

  async function call(path, options = {}) {
    const response = await fetch(api + path, {
      ...options, headers: { ...(options.headers || {}), [keyHeader]: key(), ...(options.body ? { "content-type": "application/json" } : {}) },
    });
    if (!response.ok) {
      let body = null;
      try { body = await response.json(); } catch { body = null; }
      throw Object.assign(new Error("refused"), {
        problem: { status: response.status, code: (body && body.code) || "error", detail: (body && body.detail) || `De server antwoordde met status ${response.status}.` },
      });
    }
    return response;
  }

  function showProblem(problem) {
    el.problemTitle.textContent = problemTitles[problem.code] || "Er ging iets mis";
    el.problemDetail.textContent = problem.detail;
    el.problem.hidden = false;
    announce(`${el.problemTitle.textContent}. ${problem.detail}`);
  }

  const hideProblem = () => { el.problem.hidden = true; };

  function cell(text, label, className = "") {
    const td = document.createElement("td");
    td.textContent = text;
    td.dataset.label = label;
    td.className = `utrecht-table__cell${className ? ` ${className}` : ""}`;
    return td;
  }

  function row(...cells) {
    const tr = document.createElement("tr");
    tr.className = "utrecht-table__row";
    tr.append(...cells);
    return tr;
  }

  const about = (item) => [item.product, item.variable].filter(Boolean).join(" · ") || "Algemeen";
  const open = () => consultation && consultation.status === "open";

  // ---- Loading ----

  async function load(chosen) {
    await labelsLoaded;
    round = chosen;
    consultation = null;
    el.section.hidden = true;
    hideProblem();
    if (!round || !key()) return;
    let list;
    try {
      list = await (await call(base())).json();
    } catch {
      return; // The round's own section shows what is wrong with the key or the round.
    }
    // The open one, else the latest.
    const latest = list.find((c) => c.status === "open") || list[list.length - 1];
    if (!latest) return;
    try {
      consultation = await (await call(`${base()}/${encodeURIComponent(latest.id)}`)).json();
    } catch (error) {
      if (error.problem) showProblem(error.problem);
      return;
    }
    showConsultation();
    el.section.hidden = false;
    await Promise.all([loadReactions(), loadAnswers()]);
  }

  function showConsultation() {
    el.term.textContent = open()
      ? `Reageren kan tot ${moment.format(new Date(consultation.deadline))} (Nederlandse tijd).`
      : `De termijn voor reacties is verstreken op ${moment.format(new Date(consultation.closedAt || consultation.deadline))}. U kunt niet meer reageren.`;
    el.term.className = `consultation-term ${open() ? "term-open" : "term-closed"}`;
    el.introduction.textContent = consultation.introduction || "";
    el.introduction.hidden = !consultation.introduction;

    el.tariffs.tBodies[0].replaceChildren(...consultation.tariffs.map((t) => row(
      cell(t.product, "Product", "cell"), cell(t.name, "Omschrijving"), cell(t.unit, "Eenheid"),
      cell(t.tariff === null || t.tariff === undefined ? "niet te berekenen" : money.format(t.tariff), "Concepttarief", "amount"))));
    // Why a norm is not shown (too few providers, one dominates) is the server's own Dutch sentence, once per reason below the table.
    const reasons = [...new Set(consultation.norms.map((n) => n.reason).filter(Boolean))];
    el.norms.tBodies[0].replaceChildren(...consultation.norms.map((n) => row(
      cell(n.qualifier ? `${n.variable} (${n.qualifier})` : n.variable, "Variabele"),
      cell(n.norm === null || n.norm === undefined ? `niet getoond${n.reason ? ` (${reasons.indexOf(n.reason) + 1})` : ""}` : number.format(n.norm),
        "Norm (concept)", "amount"),
      cell(n.benchmarkUsed ? "benchmark" : n.providers || "—", "Aanbieders"),
      cell(n.own === null || n.own === undefined ? "—" : number.format(n.own), "Uw waarde", "amount"),
      cell(n.position ? label("ownPosition", n.position) : "—", "Ten opzichte van de norm"))));
    el.normsReasons.replaceChildren(...reasons.map((r) => Object.assign(document.createElement("li"), { textContent: r })));
    el.normsReasons.hidden = reasons.length === 0;
    el.normsNote.textContent = "Normen zijn afgerond, het aantal aanbieders staat er als bandbreedte bij, en een norm van te weinig " +
      "aanbieders wordt niet getoond: zo zijn andermans cijfers niet te herleiden. Uw eigen waarden komen uit uw format.";

    const options = (items, general) => [new Option(general, ""), ...items.map(([value, label]) => new Option(label, value))];
    el.product.replaceChildren(...options(consultation.tariffs.map((t) => [t.product, `${t.product} ${t.name}`]), "Geen product (algemeen)"));
    const variables = [...new Map(consultation.norms.map((n) => {
      const k = n.qualifier ? `${n.variable}[${n.qualifier}]` : n.variable;
      return [k, [k, n.qualifier ? `${n.variable} (${n.qualifier})` : n.variable]];
    })).values()];
    el.variable.replaceChildren(...options(variables, "Geen variabele (algemeen)"));
    el.form.hidden = !open();
    resetForm();
  }

  async function loadReactions() {
    let reactions;
    try {
      reactions = await (await call(`${base()}/${encodeURIComponent(consultation.id)}/reactions`)).json();
    } catch (error) {
      if (error.problem) showProblem(error.problem);
      return;
    }
    el.reactions.replaceChildren(...reactions.map(reactionItem));
    el.reactionsEmpty.hidden = reactions.length > 0;
  }

  function reactionItem(reaction) {
    const li = document.createElement("li");
    li.className = `reaction${reaction.withdrawnAt ? " reaction-withdrawn" : ""}`;
    li.dataset.id = reaction.id;
    const head = document.createElement("p");
    head.className = "reaction-head";
    const status = reaction.withdrawnAt ? ` · ingetrokken ${moment.format(new Date(reaction.withdrawnAt))}` : "";
    head.textContent = `${about(reaction)} · versie ${reaction.version}, ${moment.format(new Date(reaction.updatedAt))}${status}`;
    const text = document.createElement("p");
    text.className = "reaction-text consultation-text";
    text.textContent = reaction.text;
    li.append(head, text);
    if (open() && !reaction.withdrawnAt) {
      const actions = document.createElement("div");
      actions.className = "row";
      const edit = Object.assign(document.createElement("button"), { type: "button", className: "utrecht-button utrecht-button--secondary-action", textContent: "Wijzigen" });
      edit.setAttribute("aria-label", `Reactie over ${about(reaction)} wijzigen`);
      edit.addEventListener("click", () => startEdit(reaction));
      const withdraw = Object.assign(document.createElement("button"), { type: "button", className: "utrecht-button utrecht-button--secondary-action", textContent: "Intrekken" });
      withdraw.setAttribute("aria-label", `Reactie over ${about(reaction)} intrekken`);
      withdraw.addEventListener("click", () => withdrawReaction(reaction));
      actions.append(edit, withdraw);
      li.append(actions);
    }
    return li;
  }

  async function loadAnswers() {
    el.answersBox.hidden = true;
    if (!consultation.publishedAt) return;
    let answers;
    try {
      answers = await (await call(`${base()}/${encodeURIComponent(consultation.id)}/answers`)).json();
    } catch (error) {
      if (error.problem && error.problem.code !== "answers-not-published") showProblem(error.problem);
      return;
    }
    el.answers.tBodies[0].replaceChildren(...answers.map((a) => row(
      cell(about(a), "Over"), cell(a.publicQuestion, "Vraag", "consultation-text"), cell(a.answer, "Antwoord", "consultation-text"),
      cell(capital(label("answerOutcome", a.outcome)), "Uitkomst"))));
    el.answersBox.hidden = false;
  }

  // ---- Writing, editing and withdrawing ----

  function showCount() {
    el.count.textContent = `${el.text.value.length} van 4.000 tekens`;
  }

  function resetForm() {
    editing = null;
    el.formTitle.textContent = "Nieuwe reactie";
    el.send.textContent = "Reactie versturen";
    el.cancel.hidden = true;
    el.product.value = "";
    el.variable.value = "";
    el.text.value = "";
    showCount();
  }

  function startEdit(reaction) {
    editing = reaction;
    el.formTitle.textContent = "Reactie wijzigen";
    el.send.textContent = "Wijziging opslaan";
    el.cancel.hidden = false;
    el.product.value = reaction.product || "";
    el.variable.value = reaction.variable || "";
    el.text.value = reaction.text;
    showCount();
    el.text.focus();
  }

  async function sendReaction(event) {
    event.preventDefault();
    hideProblem();
    const body = JSON.stringify({ product: el.product.value || null, variable: el.variable.value || null, text: el.text.value });
    const path = `${base()}/${encodeURIComponent(consultation.id)}/reactions`;
    el.send.disabled = true;
    try {
      if (editing) await call(`${path}/${encodeURIComponent(editing.id)}`, { method: "PUT", body });
      else await call(path, { method: "POST", body });
      announce(editing ? "Uw reactie is gewijzigd." : "Uw reactie is verstuurd.");
      resetForm();
      await loadReactions();
    } catch (error) {
      if (error.problem) {
        showProblem(error.problem);
        if (error.problem.code === "consultation-closed") await load(round);
      }
    } finally {
      el.send.disabled = false;
    }
  }

  async function withdrawReaction(reaction) {
    hideProblem();
    if (!window.confirm("Weet u zeker dat u deze reactie wilt intrekken?")) return;
    try {
      await call(`${base()}/${encodeURIComponent(consultation.id)}/reactions/${encodeURIComponent(reaction.id)}`, { method: "DELETE" });
      announce("Uw reactie is ingetrokken.");
      if (editing && editing.id === reaction.id) resetForm();
      await loadReactions();
    } catch (error) {
      if (error.problem) showProblem(error.problem);
    }
  }

  async function downloadAnswers() {
    hideProblem();
    try {
      const response = await call(`${base()}/${encodeURIComponent(consultation.id)}/answers/export`);
      const name = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") || "")?.[1] || "antwoorden.xlsx";
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement("a"), { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (error) {
      if (error.problem) showProblem(error.problem);
    }
  }

  el.form.addEventListener("submit", sendReaction);
  el.cancel.addEventListener("click", resetForm);
  el.text.addEventListener("input", showCount);
  el.answersDownload.addEventListener("click", downloadAnswers);
  document.addEventListener("inkoop:round", (event) => load(event.detail.round));
  document.addEventListener("inkoop:signed-out", () => { round = null; consultation = null; el.section.hidden = true; });
})();
