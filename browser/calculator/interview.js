// The interview's view: the answers given, one short line each (changed in place), then the step
// the engine asks now (engine/interview.py: `entretien.question`), the honest bound on the
// questions left, and what each possible answer would give for a « je ne sais pas ». Every
// decision (which question, which answers are offered, when it is over) is the engine's; this
// module draws it and hands the answers back.
//
// Hooks: each answered question `li[data-reponse=<question>]` (its « Modifier » button
// `data-action=modifier`), the current step's controls `name=<profile field>` (the commune:
// `name=commune`, role=combobox), its button `data-action=suivant`.

import { answerText } from "./answer-text.js";
import { CommuneField } from "./commune.js";
import { clearErrors, editGroup, exclusiveNone, fieldHtml, fillField, readField, showError } from "./form.js";
import { escapeHtml, formatDate, formatEuros, formatNumber } from "./format.js";
import { UNKNOWN, valueSchema } from "./url-state.js";

/** The question that fills field `name`: the commune, a repeated group, or the field itself. */
export function unitOf(name, properties) {
  const p = properties[name];
  if (p && p["x-saisie"]) return p["x-saisie"];
  for (const [group, g] of Object.entries(properties)) {
    if (g["x-type"] === "groupe" && (g["x-membres"].includes(name) || g["x-nombre"] === name)) return group;
  }
  return name;
}

/** The fields a question fills. */
export function unitFields(unit, properties) {
  if (Object.hasOwn(properties, unit)) return [unit];
  return Object.keys(properties).filter((n) => properties[n]["x-saisie"] === unit);
}

function linksHtml(links, communeName) {
  if (!links || !links.length) return "";
  const items = links.map((l) => `<li><a href="${escapeHtml(l.url)}" rel="noopener" target="_blank">${escapeHtml(l.titre)}</a>${l.date ? ` (${formatDate(l.date)})` : ""}</li>`).join("");
  const paste = communeName ? `<p class="entretien__coller"><label>Nom de la commune, à coller dans la recherche :
    <input type="text" readonly value="${escapeHtml(communeName)}" class="entretien__commune-nom"></label></p>` : "";
  return `<div class="entretien__liens"><p>Où trouver la zone${communeName ? ` de ${escapeHtml(communeName)}` : ""} :</p><ul>${items}</ul>${paste}</div>`;
}

/** What each possible answer would give, for each question answered « je ne sais pas ». */
export function unknownsHtml(unknowns, data, communeName) {
  if (!unknowns.length) return "";
  const name = (id) => {
    const a = data.aides[id] || {};
    return escapeHtml(a.sigle || a.nom || id);
  };
  const blocks = unknowns.map((u) => {
    const lines = u.variantes.map((v) => {
      const got = v.eligibles.length
        ? v.eligibles.map((a) => `${name(a.id)}${a.montant_total !== null ? ` (${formatEuros(a.montant_total)})` : a.montant_annuel !== null ? ` (${formatEuros(a.montant_annuel)} par an)` : ""}`).join(", ")
        : "aucune aide acquise";
      const open = v.a_completer.length ? ` ; ${v.a_completer.length} encore à compléter` : "";
      const best = v.meilleure_combinaison.montant_total ? ` — meilleure combinaison : ${formatEuros(v.meilleure_combinaison.montant_total)}` : "";
      return `<li data-variante="${escapeHtml(String(v.valeur))}"><strong>${escapeHtml(v.libelle)}</strong> : ${got}${open}${best}</li>`;
    }).join("");
    return `<section class="entretien__inconnu admonition question" data-inconnu="${escapeHtml(u.champ)}">
      <p class="admonition-title">Vous ne savez pas : ${escapeHtml(u.libelle)}</p>
      <p>Selon la réponse, à la date de la situation :</p><ul>${lines}</ul>
      ${u.ou_trouver ? `<p>${escapeHtml(u.ou_trouver)}</p>` : ""}${linksHtml(u.liens, u.champ === "zone" ? communeName : "")}</section>`;
  });
  return blocks.join("");
}

export class InterviewView {
  /**
   * @param {HTMLElement} root the interview's column
   * @param {object} data the calculator's data (schema, territoires, communes)
   * @param {object} handlers answer(values, extra) -> Promise<string|null> (a French error or
   *   null), communeName() -> string
   */
  constructor(root, data, handlers) {
    this.root = root;
    this.data = data;
    this.properties = data.schema.properties;
    this.handlers = handlers;
    this.departments = {};
    for (const [code, r] of Object.entries(data.territoires)) {
      for (const [d, name] of Object.entries(r.departements)) this.departments[d] = { name, region: code, regionName: r.nom };
    }
    root.innerHTML = `<ol class="entretien__reponses" aria-label="Vos réponses"></ol>
      <div class="entretien__etape"></div>
      <p class="entretien__progression" role="status" aria-live="polite"></p>`;
    this.answersList = root.querySelector(".entretien__reponses");
    this.stepBox = root.querySelector(".entretien__etape");
    this.progress = root.querySelector(".entretien__progression");
    root.addEventListener("click", (e) => this.click(e));
    root.addEventListener("change", (e) => exclusiveNone(e.target));
    root.addEventListener("submit", (e) => {
      e.preventDefault();
      const form = e.target.closest("form");
      if (form.classList.contains("entretien__question")) this.submit(form, this.stepUnits);
      else this.submit(form, [form.dataset.unite]);
    });
  }

  /** Draw the answers and the engine's next step. `focus`: move the focus to the new step. */
  render(state, interview, { focus = false } = {}) {
    this.state = state;
    this.interview = interview;
    this.renderAnswers();
    const q = interview.question;
    const key = q ? JSON.stringify(q) : "fin";
    if (key !== this.stepKey) {
      this.stepKey = key;
      this.renderStep(q);
      if (focus) {
        const heading = this.stepBox.querySelector("h2");
        heading.focus({ preventScroll: true });
        heading.scrollIntoView({ block: "nearest" });
      }
    }
    const left = interview.restantes_max;
    this.progress.textContent = q
      ? `Encore ${left} question${left > 1 ? "s" : ""} au plus, celle-ci comprise (souvent bien moins : chaque réponse écarte des questions).`
      : "";
  }

  /** While the engine loads, past the steps known in advance: the answers, kept, and a word. */
  waiting(state, { focus = false } = {}) {
    this.state = state;
    this.renderAnswers();
    this.stepKey = "attente";
    this.stepUnits = [];
    this.stepBox.innerHTML = `<div class="entretien__attente"><h2 tabindex="-1">Réponses gardées</h2>
      <p>Le calculateur finit de se charger : la question suivante s'affichera dès qu'il sera prêt, avec ce que donnent vos réponses.</p></div>`;
    this.progress.textContent = "";
    if (focus) this.stepBox.querySelector("h2").focus({ preventScroll: true });
  }

  renderAnswers() {
    const units = [];
    for (const name of Object.keys(this.state.answers)) {
      const unit = unitOf(name, this.properties);
      if (!units.includes(unit)) units.push(unit);
    }
    this.answersList.innerHTML = units.map((unit) => {
      const label = unit === "commune" ? "Commune" : this.properties[unit].title;
      return `<li class="entretien__reponse" data-reponse="${escapeHtml(unit)}"><span class="entretien__libelle">${escapeHtml(label)}</span> :
        <span class="entretien__valeur">${escapeHtml(this.unitAnswer(unit))}</span>
        <button type="button" class="entretien__modifier" data-action="modifier" aria-label="Modifier : ${escapeHtml(label)}">Modifier</button></li>`;
    }).join("");
  }

  unitAnswer(unit) {
    const a = this.state.answers;
    if (unit === "commune") {
      const name = this.handlers.communeName();
      const d = this.departments[a.departement];
      if (name) return name;
      return d ? `${d.name} (${a.departement})` : (this.data.territoires[a.region] || {}).nom || "";
    }
    return a[unit] === undefined ? "" : answerText(unit, a[unit], this.properties);
  }

  /** The controls of one question (`prefix`: the ids' prefix). */
  unitHtml(unit, prefix, offered) {
    if (unit.saisie === "commune") return `<div class="champ champ--commune" data-champ="commune" data-prefix="${prefix}"></div>`;
    const name = unit.nom;
    return fieldHtml(name, this.properties[name], { style: "radios", offered, prefix });
  }

  mount(container, units, prefix) {
    for (const unit of units) {
      if (unit.saisie === "commune") {
        const box = container.querySelector(`[data-champ="commune"][data-prefix="${prefix}"]`);
        box.commune = new CommuneField(box, {
          dataUrl: new URL(this.data.communes.fichier, this.handlers.base()).href,
          departments: this.departments,
          initial: this.state.commune,
          idPrefix: prefix,
          onChoose: (c) => {
            box.choice = c;
            this.onCommune(container, c);
          },
        });
        continue;
      }
      const block = container.querySelector(`[data-champ="${unit.nom}"]`);
      fillField(block, this.properties[unit.nom], this.state.answers[unit.nom]);
      if (unit.liens) block.insertAdjacentHTML("beforeend", `<div class="entretien__zone-liens">${linksHtml(unit.liens, this.handlers.communeName())}</div>`);
    }
  }

  /** After the commune, the zone question links to its region's ARS zoning page too, and names
   * the commune, ready to paste. */
  onCommune(container, c) {
    const links = container.querySelector(".entretien__zone-liens");
    const unit = (this.interview.question?.unites || []).find((u) => u.liens);
    if (!links || !unit || !c) return;
    const page = (this.data.territoires[c.region] || {}).zonage;
    const all = page && !unit.liens.some((l) => l.url === page.url) ? [...unit.liens, page] : unit.liens;
    links.innerHTML = linksHtml(all, c.name);
  }

  renderStep(q) {
    if (!q) {
      this.stepUnits = [];
      this.stepBox.innerHTML = `<div class="entretien__fin"><h2 tabindex="-1">Résultat complet</h2>
        <p>Plus aucune question ne peut changer ce résultat à la date de la situation. Vous pouvez modifier une réponse ci-dessus, ou voir toutes les questions à la fois.</p></div>`;
      return;
    }
    this.stepUnits = q.unites;
    this.stepBox.innerHTML = `<form class="entretien__question" novalidate aria-labelledby="q-titre">
      <h2 id="q-titre" tabindex="-1">${escapeHtml(q.libelle)}</h2>
      ${q.unites.map((u) => this.unitHtml(u, "q", u.choix)).join("")}
      <p class="entretien__erreur" role="alert" hidden></p>
      <button type="submit" class="md-button md-button--primary" data-action="suivant">Suivant</button></form>`;
    this.mount(this.stepBox, q.unites, "q");
  }

  click(e) {
    const button = e.target.closest("[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "ajouter-membre" || action === "retirer-membre") {
      editGroup(button, this.properties[button.closest("[data-champ]").dataset.champ]);
    } else if (action === "modifier") {
      this.edit(button.closest("li").dataset.reponse, true);
    } else if (action === "annuler") {
      this.renderAnswers();
      this.answersList.querySelector(`[data-reponse="${button.closest("li").dataset.reponse}"] button`)?.focus();
    }
  }

  /** Change an answer in place: its line becomes its question, with « Valider » and « Annuler ». */
  edit(unitName, focus) {
    const li = this.answersList.querySelector(`[data-reponse="${unitName}"]`);
    if (!li) return;
    const unit = Object.hasOwn(this.properties, unitName) ? { nom: unitName, champs: [unitName] } : { nom: unitName, champs: ["region", "departement"], saisie: unitName };
    const offered = (this.interview.choix_fermes || {})[unitName]
      ? valueSchema(this.properties[unitName]).enum.filter((v) => !this.interview.choix_fermes[unitName].includes(v)) : null;
    li.classList.add("entretien__reponse--edition");
    li.innerHTML = `<form class="entretien__modification" novalidate data-unite="${escapeHtml(unitName)}">
      ${this.unitHtml(unit, `r-${unitName}`, offered)}
      <p class="entretien__erreur" role="alert" hidden></p>
      <button type="submit" class="md-button md-button--primary" data-action="valider">Valider</button>
      <button type="button" class="md-button" data-action="annuler">Annuler</button></form>`;
    this.mount(li, [unit], `r-${unitName}`);
    if (focus) li.querySelector("input, select")?.focus();
  }

  /** Read a step (or a changed answer) and hand it to the page; show the engine's message. */
  async submit(form, units) {
    clearErrors(form);
    const message = form.querySelector(".entretien__erreur");
    message.hidden = true;
    const values = {};
    let commune = null;
    const missing = [];
    for (const unit of units) {
      const name = typeof unit === "string" ? unit : unit.nom;
      if (name === "commune" || unit.saisie === "commune") {
        const box = form.querySelector('[data-champ="commune"]');
        if (box.choice) {
          commune = box.choice;
          values.region = commune.region;
          values.departement = commune.departement;
        } else if (box.commune.chosen && this.state.answers.departement) {
          // The commune shown is the one answered before: unchanged.
          values.region = this.state.answers.region;
          values.departement = this.state.answers.departement;
        } else {
          missing.push("Commune");
          box.commune.setError(box.commune.error.textContent || "Choisissez la commune dans la liste proposée.");
        }
        continue;
      }
      const block = form.querySelector(`[data-champ="${name}"]`);
      const value = readField(block, this.properties[name]);
      if (value === undefined) {
        missing.push(this.properties[name].title);
        showError(block, `Répondez à « ${this.properties[name].title} »${this.properties[name]["x-inconnu"] ? ", ou « " + this.properties[name]["x-inconnu"] + " »" : ""}.`);
      } else {
        values[name] = value;
      }
    }
    if (missing.length) {
      message.textContent = `Il manque une réponse : ${missing.join(", ")}.`;
      message.hidden = false;
      form.querySelector("[aria-invalid=true]")?.focus();
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const error = await this.handlers.answer(values, commune);
    button.disabled = false;
    if (error) {
      const block = form.querySelector(`[data-champ="${error.champ}"]`) || form.querySelector(`[data-champ="${unitOf(error.champ, this.properties)}"]`);
      if (block && block.dataset.champ !== "commune") showError(block, error.message);
      message.textContent = error.message;
      message.hidden = false;
    }
  }
}
