// The calculator page's start-up module: mounts the interview (or, on demand, every question at
// once), the result so far and the actions on #calculateur, keeps the situation in the address
// (Back undoes the last answer) and asks the engine, in its worker, after each answer. The engine
// answers with the result and the interview's next step (engine/interview.py): this page decides
// nothing about which question to ask.
// data-state on #calculateur: "loading" until the first result is shown, then "ready"; "error"
// when the engine cannot start (the page then points to the static tables).
// Answering never waits for the engine: while it loads, the interview's first steps come from the
// calculator's data (`premieres_etapes`, the engine's own steps computed at build time), the
// answers given are kept (in the address too) and evaluated as soon as the engine is ready.

import { configuration, moteur as engineOf } from "./engine-client.js";
import { FullForm, clearErrors } from "./form.js";
import { escapeHtml, formatDate, formatEuros } from "./format.js";
import { InterviewView, unknownsHtml } from "./interview.js";
import { renderDetails, showResult } from "./results.js";
import { answersFromProfile, readAddress, situationAddress, writeAddress } from "./url-state.js";
import { loadCommunes } from "./commune.js";

// The loading message, for a doctor: what is happening, not how.
const LOADING = {
  pyodide: "Chargement du calculateur (quelques secondes la première fois)…",
  reponses: "Chargement du calculateur (quelques secondes la première fois) : vous pouvez déjà répondre.",
  python: "Préparation du calcul…",
  moteur: "Chargement des dispositifs et de leurs conditions…",
  pret: "Calcul en cours…",
};
const cache = new Map();
let current = null;

function loadData(url) {
  if (!cache.has(url)) {
    cache.set(url, fetch(url).then((r) => {
      if (!r.ok) throw new Error(`données du calculateur introuvables (${r.status})`);
      return r.json();
    }));
  }
  return cache.get(url);
}

/** The answers `a` and `b` are the same (values compared as the address writes them). */
function sameAnswers(a, b) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && String(a[k]) === String(b[k]));
}

function registerServiceWorker(base) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register(new URL("sw-calculateur.js", base).href, { scope: base.pathname })
    .catch(() => { /* the calculator works without it */ });
}

/** A French reason from the browser's (English) error text; the original stays as a detail. */
function reason(text) {
  const t = String(text);
  if (/fetch|network|load|404|réseau/i.test(t)) return "un fichier du moteur n'a pas pu être téléchargé";
  if (/webassembly|wasm|compile|instantiat/i.test(t)) return "WebAssembly est bloqué ou indisponible";
  if (/[àéèêç]/.test(t)) return t; // already French (our own messages)
  return "erreur inattendue";
}

class Calculator {
  constructor(root) {
    this.root = root;
    this.base = new URL(root.dataset.racine || "./", document.baseURI);
    this.status = root.querySelector(".calculateur__etat");
    this.announce = root.querySelector(".calculateur__annonce");
    this.results = root.querySelector(".calculateur__resultats");
    this.unknowns = root.querySelector(".calculateur__inconnus");
    this.glance = root.querySelector(".calculateur__apercu");
    this.actionsBar = root.querySelector(".calculateur__actions");
    this.last = null;
    this.engine = engineOf(configuration(root));
    this.unsubscribe = this.engine.ecouter((s) => this.progress(s));
    this.results.addEventListener("click", (e) => this.openDetails(e));
    loadData(new URL(root.dataset.donnees, this.base).href)
      .then((d) => this.prepare(d))
      .catch((e) => this.fail(e.message));
  }

  prepare(data) {
    if (!this.root.isConnected) return;
    this.data = data;
    this.properties = data.schema.properties;
    this.regionOf = {};
    for (const [code, r] of Object.entries(data.territoires)) for (const d of Object.keys(r.departements)) this.regionOf[d] = code;
    this.view = new InterviewView(this.root.querySelector(".calculateur__entretien"), data, {
      answer: (values, commune) => this.answer(values, commune),
      communeName: () => this.communeName || "",
      base: () => this.base,
    });
    this.fullForm = null;
    this.renderActions();
    this.reread();
  }

  /** Open a situation given from elsewhere (a simulation file): the address, the interview, the result. */
  async load(answers, date) {
    this.state = { ...this.state, answers: answersFromProfile(answers, this.properties), date, commune: "" };
    this.formStale = true;
    writeAddress(this.state, this.properties);
    const response = await this.run(this.state.answers, this.state.date);
    if (response) this.show(response, false);
  }

  /** (Re)load the situation from the address: first display, and Back / Forward. */
  async reread() {
    const state = readAddress(this.properties);
    const example = state.exemple && (this.data.aides[state.exemple] || {}).exemple;
    if (example) {
      // « Estimer votre situation » on a scheme's page: its worked example, already answered.
      state.answers = answersFromProfile(example.profil, this.properties);
      state.date = example.date;
      state.exemple = "";
      writeAddress(state, this.properties, { replace: true });
    }
    this.state = state;
    this.formStale = true;
    this.rememberCommune();
    if (!this.engine.etat.pret) this.showEarly(false);
    const response = await this.run(state.answers, state.date);
    if (response) this.show(response, false);
  }

  /** While the engine loads: the engine's step for these answers if the build computed it, else
   * the answers kept and a word that the next question comes with the engine. */
  showEarly(focus) {
    if (this.state.vue === "tout") return;
    const step = this.data.premieres_etapes.find((e) => sameAnswers(e.reponses, this.state.answers));
    if (step) {
      this.view.render(this.state, step.entretien, { focus });
      this.early = true;
      this.questionShown();
    } else if (this.early) {
      this.view.waiting(this.state, { focus });
    }
    this.progress(this.engine.etat);
  }

  questionShown() {
    if (!performance.getEntriesByName("calculateur:question").length) performance.mark("calculateur:question");
  }

  /** An answer given while the engine loads: kept, written into the address, evaluated once the
   * engine is ready (a later answer supersedes the evaluation of an earlier one). */
  async keep(values, commune) {
    this.state = { ...this.state, answers: { ...this.state.answers, ...values } };
    if (commune) {
      this.state.commune = commune.code;
      this.communeName = commune.name;
    }
    writeAddress(this.state, this.properties);
    this.showEarly(true);
    const asked = this.state;
    const response = await this.run(asked.answers, asked.date);
    if (!response || this.state !== asked) return;
    if (!response.resultat.erreur) {
      for (const name of response.resultat.entretien.a_retirer) delete this.state.answers[name];
      if (response.resultat.entretien.a_retirer.length) writeAddress(this.state, this.properties, { replace: true });
    }
    this.show(response, true);
  }

  rememberCommune() {
    this.communeName = "";
    const code = this.state.commune;
    if (!code) return;
    loadCommunes(new URL(this.data.communes.fichier, this.base).href).then((all) => {
      const c = all.find((x) => x.code === code);
      if (c && this.state.commune === code) {
        this.communeName = c.name;
        if (this.last) this.view.renderAnswers();
      }
    }).catch(() => {});
  }

  /** Evaluate answers at a date in the worker; null when a newer request superseded it. */
  async run(answers, date) {
    const response = await this.engine.evaluer({ ...answers }, date).catch(() => null);
    if (!response || !this.root.isConnected) return null;
    return response;
  }

  /** An answer from the interview: evaluated first; kept (a new history entry) when valid. */
  async answer(values, commune) {
    if (!this.engine.etat.pret) {
      this.keep(values, commune);
      return null;
    }
    const answers = { ...this.state.answers, ...values };
    const response = await this.run(answers, this.state.date);
    if (!response) return null;
    const result = response.resultat;
    if (result.erreur) return result.erreur;
    for (const name of result.entretien.a_retirer) delete answers[name];
    this.state = { ...this.state, answers };
    if (commune) {
      this.state.commune = commune.code;
      this.communeName = commune.name;
    } else if (values.departement && values.departement !== this.state.answers.departement) {
      this.state.commune = "";
    }
    writeAddress(this.state, this.properties);
    this.show(response, true);
    return null;
  }

  /** An edit in the form of every question: kept at once (the next edit builds on it), written
   * into the address and evaluated when complete. */
  async formChange(name, value, done) {
    const answers = this.state.answers;
    if (name === "date") this.state.date = value;
    else if (value === undefined) delete answers[name];
    else answers[name] = value;
    if (name === "departement" && value) {
      answers.region = this.regionOf[value];
      this.fullForm.fill(answers, this.state.date);
    }
    if (name === "departement" || name === "region") this.state.commune = "";
    if (!done) return;
    writeAddress(this.state, this.properties);
    const response = await this.run(answers, this.state.date);
    if (!response) return;
    const result = response.resultat;
    if (result.erreur) {
      this.showError(result.erreur);
      return;
    }
    for (const n of result.entretien.a_retirer) delete answers[n];
    if (result.entretien.a_retirer.length) writeAddress(this.state, this.properties, { replace: true });
    this.show(response, false);
  }

  showError({ champ, message }) {
    const placed = this.fullForm && !this.fullForm.form.hidden ? this.fullForm.error(champ, message) : false;
    this.results.classList.add("calculateur__resultats--perime");
    let alert = this.results.querySelector(".calculateur__alerte");
    if (!alert) {
      alert = document.createElement("p");
      alert.className = "calculateur__alerte";
      alert.setAttribute("role", "alert");
      this.results.prepend(alert);
    }
    alert.textContent = placed ? `${message} Le résultat sera mis à jour une fois la réponse corrigée.` : message;
    this.ready();
  }

  /** Draw a response of the engine: the interview's step, the result so far, the actions. */
  show(response, focus) {
    const result = response.resultat;
    if (result.erreur) {
      this.showError(result.erreur);
      if (result.erreur.champ === "date") this.dateError(result.erreur.message);
      return;
    }
    if (this.fullForm) clearErrors(this.fullForm.form);
    this.dateError("");
    this.results.classList.remove("calculateur__resultats--perime");
    this.last = result;
    const interview = result.entretien;
    const all = this.state.vue === "tout";
    this.root.querySelector(".calculateur__entretien").hidden = all;
    if (all) this.showFullForm(interview);
    else if (this.fullForm) this.fullForm.form.hidden = true;
    this.view.render(this.state, interview, { focus });
    if (!all && interview.question) this.questionShown();
    this.early = false;
    this.renderResult(result, response.json);
    this.renderActions();
    this.ready();
  }

  showFullForm(interview) {
    if (!this.fullForm) {
      this.fullForm = new FullForm(this.root.querySelector(".calculateur__formulaire"), this.properties, (n, v, d) => this.formChange(n, v, d));
      this.formStale = true;
    }
    if (this.formStale || this.fullForm.form.hidden) this.fullForm.fill(this.state.answers, this.state.date);
    this.formStale = false;
    this.fullForm.form.hidden = false;
    this.fullForm.showFor(this.state.answers, this.state.answers.beneficiaire, interview.non_pertinents, interview.choix_fermes, interview.a_retirer);
  }

  renderResult(result, json) {
    // The same answers give the same result: keep the DOM as it is (a box the person is opening
    // is not replaced under the pointer).
    const key = JSON.stringify([this.state.answers, this.state.date]) + json;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.unknowns.innerHTML = unknownsHtml(result.entretien.inconnus, this.data, this.communeName);
    const open = [...this.results.querySelectorAll("details[open]")]
      .map((d) => (d.closest("[data-aide]") ? `[data-aide="${d.closest("[data-aide]").dataset.aide}"] ` : "") + `details.${d.classList[0]}`);
    showResult(this.results, {
      result,
      answers: this.state.answers,
      date: this.state.date,
      data: this.data,
      siteRoot: this.root.dataset.racine || "",
      engine: this.engine,
      load: (answers, date) => this.load(answers, date),
    });
    for (const selector of open) {
      const d = this.results.querySelector(selector);
      if (!d) continue;
      if (d.hasAttribute("data-differe")) this.fillDetails(d);
      d.open = true;
    }
    // Screen readers hear the summary (counts, best combination) each time the result changes.
    this.announce.textContent = [...this.results.querySelectorAll(".resultat__synthese p")].map((p) => p.textContent.trim()).join(" ");
    const eligible = result.aides.filter((a) => a.statut === "eligible").length;
    const pending = result.aides.filter((a) => a.statut === "a_completer").length;
    const best = result.meilleure_combinaison.montant_total;
    this.glance.innerHTML = `<p><strong>Acquis :</strong> ${eligible} aide${eligible > 1 ? "s" : ""}${best ? `, ${formatEuros(best)} au total` : ""}
      · <strong>encore ouvertes :</strong> ${pending} · <a href="#resultat">voir le détail</a></p>`;
  }

  ready() {
    if (this.root.dataset.state === "ready") return;
    const measures = this.engine.mesures || {};
    this.root.dataset.demarrage = measures.instantane ? "instantane" : "complet";
    this.root.dataset.state = "ready";
    performance.mark("calculateur:pret");
    this.status.hidden = true;
    // The service worker's install takes what this visit downloaded from the caches (see
    // sw-calculateur.js): registered once the result is on screen.
    setTimeout(() => registerServiceWorker(this.base), 0);
  }

  /** Reset, the view of every question, the situation's date, « Copier le lien », printing. */
  renderActions() {
    if (!("built" in this.actionsBar.dataset)) {
      this.actionsBar.dataset.built = "";
      this.actionsBar.innerHTML = `<div class="calculateur__boutons">
        <button type="button" class="md-button" data-action="copier" hidden>Copier le lien</button>
        <button type="button" class="md-button" data-action="recommencer">Recommencer</button>
        <button type="button" class="md-button" data-action="imprimer" hidden>Imprimer</button>
        <button type="button" class="calculateur__vue" data-action="vue"></button></div>
        <form class="calculateur__date" novalidate><label for="calc-date-situation">Date de la situation</label>
        <input type="date" id="calc-date-situation" name="date" aria-describedby="calc-date-situation-aide calc-date-situation-erreur">
        <button type="submit" class="md-button" data-action="date">Appliquer la date</button>
        <p class="champ__aide" id="calc-date-situation-aide"></p>
        <p class="champ__erreur" id="calc-date-situation-erreur" hidden></p></form>
        <span class="calculateur__message" role="status" aria-live="polite"></span>`;
      this.actionsBar.addEventListener("click", (e) => {
        const target = e.target.closest("[data-action]");
        const action = target?.dataset.action;
        if (action === "copier") this.copyLink();
        if (action === "imprimer") window.print();
        if (action === "recommencer") this.restart();
        if (action === "vue") {
          this.state = { ...this.state, vue: this.state.vue === "tout" ? "" : "tout" };
          writeAddress(this.state, this.properties);
          if (this.last) this.show({ resultat: this.last, json: "" }, false);
        }
      });
      this.actionsBar.querySelector(".calculateur__date").addEventListener("submit", (e) => {
        e.preventDefault();
        this.changeDate(e.target.elements.date.value);
      });
    }
    if (!this.state) return;
    const something = Object.keys(this.state.answers).length > 0;
    this.actionsBar.querySelector("[data-action=copier]").hidden = !something;
    this.actionsBar.querySelector("[data-action=imprimer]").hidden = !something;
    const link = this.actionsBar.querySelector("[data-action=vue]");
    const all = this.state.vue === "tout";
    link.textContent = all ? "Revenir aux questions une à une" : "Voir toutes les questions à la fois";
    const input = this.actionsBar.querySelector(".calculateur__date input");
    input.value = this.state.date || "";
    if (this.last) {
      const p = this.last.entretien.periode;
      input.min = p.debut;
      input.max = p.fin;
      this.actionsBar.querySelector("#calc-date-situation-aide").textContent = `Situation au ${formatDate(this.last.date)}${this.state.date ? "" : " (aujourd'hui)"} ; les données couvrent du ${formatDate(p.debut)} au ${formatDate(p.fin)}.`;
    }
  }

  async changeDate(date) {
    const response = await this.run(this.state.answers, date);
    if (!response) return;
    if (response.resultat.erreur) {
      this.dateError(response.resultat.erreur.message);
      return;
    }
    this.state = { ...this.state, date };
    writeAddress(this.state, this.properties);
    this.show(response, false);
  }

  dateError(message) {
    const p = this.actionsBar.querySelector("#calc-date-situation-erreur");
    const input = this.actionsBar.querySelector(".calculateur__date input");
    if (!p) return;
    p.textContent = message ? message.charAt(0).toUpperCase() + message.slice(1) : "";
    p.hidden = !message;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  async restart() {
    this.state = { answers: {}, date: "", commune: "", vue: this.state.vue, exemple: "" };
    this.communeName = "";
    writeAddress(this.state, this.properties);
    const response = await this.run({}, "");
    if (response) this.show(response, true);
  }

  /** The address of this situation, its date included: it reopens the same result next year. */
  async copyLink() {
    const message = this.actionsBar.querySelector(".calculateur__message");
    const address = situationAddress({ ...this.state, date: this.state.date || (this.last && this.last.date) || "" }, this.properties);
    try {
      await navigator.clipboard.writeText(address);
      message.textContent = "Lien copié : il rouvre cette situation, à sa date.";
    } catch {
      const field = document.createElement("input");
      field.value = address;
      this.root.append(field);
      field.select();
      const ok = document.execCommand && document.execCommand("copy");
      field.remove();
      message.textContent = ok ? "Lien copié : il rouvre cette situation, à sa date." : `Copiez cette adresse : ${address}`;
    }
  }

  /** Fill a card's conditions and sources on its first opening (before the box opens). */
  openDetails(event) {
    const details = event.target.closest("summary")?.parentElement;
    if (details && details.hasAttribute("data-differe")) this.fillDetails(details);
  }

  fillDetails(details) {
    if (!this.last) return;
    const id = details.closest("[data-aide]").dataset.aide;
    const aid = this.last.aides.find((a) => a.id === id);
    if (!aid) return;
    details.removeAttribute("data-differe");
    details.insertAdjacentHTML("beforeend", renderDetails(aid));
  }

  progress(s) {
    if (!this.root.isConnected) {
      this.unsubscribe();
      return;
    }
    if (s.erreur) {
      this.fail(s.erreur);
      return;
    }
    const text = this.status.querySelector(".calculateur__progression-texte");
    const bar = this.status.querySelector("progress");
    if (s.pret) {
      this.status.hidden = true;
    } else {
      text.textContent = this.early ? LOADING.reponses : LOADING[s.etape] || text.textContent;
      bar.value = s.valeur;
    }
  }

  fail(why) {
    if (this.root.dataset.state === "error") return;
    this.root.dataset.state = "error";
    this.root.querySelector(".calculateur__entretien").hidden = true;
    const link = (src, text) => `<a href="${escapeHtml(new URL(src, this.base).href)}">${text}</a>`;
    const pages = (this.data && this.data.pages) || { tableaux: "tableaux/", aides: "aides/" };
    this.status.hidden = false;
    this.status.innerHTML = `<div class="calculateur__erreur admonition warning">
      <p class="admonition-title">Le calculateur ne peut pas fonctionner dans ce navigateur</p>
      <p>Le moteur de calcul n'a pas pu démarrer : ${escapeHtml(reason(why))}
      <small>(détail technique : ${escapeHtml(why)} ; le calcul est fait par Python, exécuté par WebAssembly)</small>.
      Essayez un navigateur récent, ou vérifiez qu'aucune extension ne bloque WebAssembly.</p>
      <p>Les ${link(pages.tableaux || "tableaux/", "tableaux des aides")} et les ${link(pages.aides || "aides/", "fiches des dispositifs")}
      donnent les mêmes conditions et montants, sans calculateur.</p></div>`;
  }
}

addEventListener("popstate", () => {
  if (current && current.root.isConnected && current.view) current.reread();
});

/** Mount the calculator on its root element (once per element). */
export function mount(root) {
  current = new Calculator(root);
}

// boot.js (loading, another module's concern) calls the start-up function by this name.
export { mount as monter };
