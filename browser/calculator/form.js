// The questions' controls, generated from the engine's profile JSON Schema (French title, help
// text, unit, bounds, choices `x-libelles`, « je ne sais pas » `x-inconnu`, « aucun » `x-aucun`,
// repeated groups `x-membres`), shared by the interview (one step at a time) and by the form that
// shows every question at once (`FullForm`, the expert's view). Which questions to ask is the
// engine's decision (engine/interview.py); this module only draws and reads them.

import { escapeHtml, formatNumber } from "./format.js";
import { NONE, UNKNOWN, valueSchema } from "./url-state.js";

const EMPTY = "";
const YES_NO = { oui: "Oui", non: "Non" };

function hint(p) {
  const v = valueSchema(p);
  const unit = p["x-unite"] ? ` ${p["x-unite"]}` : "";
  if (p["x-type"] === "montant") return "Montant en euros.";
  if (v.maximum !== undefined) return `Entre ${formatNumber(v.minimum ?? 0)} et ${formatNumber(v.maximum)}${unit}.`;
  if (v.minimum !== undefined && v.minimum > 0) return `Au moins ${formatNumber(v.minimum)}${unit}.`;
  return unit ? `En ${p["x-unite"]}.` : "";
}

/** The answers a choice question offers: its values (less those the engine closes), « je ne sais pas ». */
function choices(p, offered) {
  const v = valueSchema(p);
  const type = p["x-type"];
  let labels;
  let values;
  if (type === "booleen") {
    labels = { ...YES_NO };
    values = ["oui", "non"];
  } else {
    labels = { ...(p["x-libelles"] || {}) };
    values = (v.enum || []).map(String);
    if (type === "code_departement") {
      values = [...values].sort();
      labels = Object.fromEntries(values.map((d) => [d, `${labels[d]} (${d})`]));
    } else if (type === "code_region") {
      values = [...values].sort((a, b) => labels[a].localeCompare(labels[b], "fr"));
    }
    if (offered) values = values.filter((x) => offered.map(String).includes(x));
  }
  if (p["x-inconnu"]) {
    values.push(UNKNOWN);
    labels[UNKNOWN] = p["x-inconnu"];
  }
  return { labels, values };
}

function described(id, p) {
  return `aria-describedby="${p.description ? `${id}-aide ` : ""}${id}-indication ${id}-erreur"`;
}

function memberRow(name, p, index, prefix) {
  const member = p.items.properties;
  const label = p["x-libelle-membre"];
  const inputs = p["x-membres"].map((m) => {
    const id = `${prefix}-${name}-${index}-${m}`;
    const unit = member[m]["x-unite"] || "";
    return `<div class="champ__membre-champ"><label for="${id}">${escapeHtml(member[m].title)}</label>
      <span class="champ__saisie"><input type="text" inputmode="decimal" autocomplete="off" id="${id}" name="${m}" data-membre="${m}">${unit ? `<span class="champ__unite">${escapeHtml(unit)}</span>` : ""}</span></div>`;
  }).join("");
  return `<fieldset class="champ__membre" data-index="${index}"><legend>${escapeHtml(label)} ${index + 1}</legend>${inputs}
    <button type="button" class="md-button champ__retirer" data-action="retirer-membre">Retirer ${escapeHtml(label.toLowerCase())} ${index + 1}</button></fieldset>`;
}

/**
 * The HTML of one question: a `.champ[data-champ=name]` block whose control(s) carry `name`.
 * `style`: "radios" (the interview) or "select" (the form of every question); `offered`: the
 * choices the engine keeps open; `prefix`: makes the ids unique on the page.
 */
export function fieldHtml(name, p, { style = "select", offered = null, prefix = "calc", hidden = false } = {}) {
  const id = `${prefix}-${name}`;
  const help = p.description ? `<p class="champ__aide" id="${id}-aide">${escapeHtml(p.description)}</p>` : "";
  const error = `<p class="champ__erreur" id="${id}-erreur" hidden></p>`;
  const indication = `<p class="champ__indication" id="${id}-indication">${escapeHtml(hint(p))}</p>`;
  const type = p["x-type"];
  const attrs = `data-champ="${name}"${hidden ? " hidden" : ""}`;
  if (type === "groupe") {
    const label = p["x-libelle-membre"].toLowerCase();
    return `<fieldset class="champ champ--groupe" name="${name}" ${attrs} ${described(id, p)}>
      <legend>${escapeHtml(p.title)}</legend>${help}<div class="champ__membres" data-prefix="${prefix}">${memberRow(name, p, 0, prefix)}</div>
      <button type="button" class="md-button" data-action="ajouter-membre">Ajouter un ${escapeHtml(label)}</button>
      <p class="champ__indication" id="${id}-indication">Retirez tous les ${escapeHtml(label)}s s'il n'y en a aucun.</p>${error}</fieldset>`;
  }
  if (type === "liste") {
    const labels = p["x-libelles"];
    const boxes = valueSchema(p).items.enum.map((v) => `<label class="champ__case"><input type="checkbox" name="${name}" value="${escapeHtml(v)}"> ${escapeHtml(labels[v] ?? v)}</label>`);
    if (p["x-aucun"]) boxes.push(`<label class="champ__case champ__case--aucun"><input type="checkbox" name="${name}" value="${NONE}"> ${escapeHtml(p["x-aucun"])}</label>`);
    return `<fieldset class="champ champ--liste" ${attrs} ${described(id, p)}>
      <legend>${escapeHtml(p.title)}</legend>${help}<div class="champ__cases">${boxes.join("")}</div>${indication}${error}</fieldset>`;
  }
  if (valueSchema(p).enum || type === "booleen") {
    const { labels, values } = choices(p, offered);
    if (style === "radios" && values.length <= 9) {
      const radios = values.map((v, i) => `<label class="champ__case${v === UNKNOWN ? " champ__case--inconnu" : ""}"><input type="radio" name="${name}" id="${id}-${i}" value="${escapeHtml(v)}"> ${escapeHtml(labels[v] ?? v)}</label>`);
      return `<fieldset class="champ champ--choix" ${attrs} ${described(id, p)}>
        <legend>${escapeHtml(p.title)}</legend>${help}<div class="champ__cases">${radios.join("")}</div>${error}</fieldset>`;
    }
    const options = [`<option value="">— Choisir —</option>`, ...values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(labels[v] ?? v)}</option>`)];
    return `<div class="champ" ${attrs}><label for="${id}">${escapeHtml(p.title)}</label>${help}
      <select id="${id}" name="${name}" ${described(id, p)}>${options.join("")}</select>${error}</div>`;
  }
  let control;
  if (type === "date") {
    control = `<input type="date" id="${id}" name="${name}" ${described(id, p)}>`;
  } else {
    const unit = p["x-unite"] && p["x-unite"] !== "%" ? p["x-unite"] : (p["x-unite"] || (type === "montant" ? "€" : ""));
    control = `<span class="champ__saisie"><input type="text" inputmode="decimal" autocomplete="off" id="${id}" name="${name}" ${described(id, p)}>${unit ? `<span class="champ__unite">${escapeHtml(unit)}</span>` : ""}</span>`;
  }
  return `<div class="champ" ${attrs}><label for="${id}">${escapeHtml(p.title)}</label>${help}${control}${indication}${error}</div>`;
}

/** Add or remove a member row of a group (the buttons of `fieldHtml`). */
export function editGroup(button, p) {
  const block = button.closest(".champ--groupe");
  const rows = block.querySelector(".champ__membres");
  const name = block.dataset.champ;
  if (button.dataset.action === "ajouter-membre") {
    rows.insertAdjacentHTML("beforeend", memberRow(name, p, rows.children.length, rows.dataset.prefix));
    rows.lastElementChild.querySelector("input").focus();
  } else {
    const values = readField(block, p).filter((_m, i) => i !== Number(button.closest(".champ__membre").dataset.index));
    fillField(block, p, values);
    block.querySelector("[data-action=ajouter-membre]").focus();
  }
}

/** The answer a question's block holds: a string, a list, a group's members; undefined if none. */
export function readField(block, p) {
  const name = block.dataset.champ;
  const type = p["x-type"];
  if (type === "groupe") {
    return [...block.querySelectorAll(".champ__membre")].map((row) => {
      const member = {};
      for (const input of row.querySelectorAll("input")) {
        if (input.value.trim() !== EMPTY) member[input.dataset.membre] = input.value.trim();
      }
      return member;
    });
  }
  if (type === "liste") {
    const ticked = [...block.querySelectorAll(`input[name="${name}"]:checked`)].map((c) => c.value);
    if (ticked.includes(NONE)) return [];
    return ticked.length ? ticked : undefined;
  }
  const radio = block.querySelector(`input[type=radio][name="${name}"]:checked`);
  if (radio) return radio.value;
  const control = block.querySelector(`select[name="${name}"], input[name="${name}"]:not([type=radio])`);
  const value = control ? control.value.trim() : EMPTY;
  return value === EMPTY ? undefined : value;
}

/** Put an answer into a question's block. */
export function fillField(block, p, value) {
  const name = block.dataset.champ;
  const type = p["x-type"];
  if (type === "groupe") {
    const rows = block.querySelector(".champ__membres");
    const members = Array.isArray(value) ? value : [{}];
    rows.innerHTML = members.map((_m, i) => memberRow(name, p, i, rows.dataset.prefix)).join("");
    members.forEach((m, i) => {
      for (const input of rows.children[i].querySelectorAll("input")) input.value = m[input.dataset.membre] ?? EMPTY;
    });
    return;
  }
  for (const el of block.querySelectorAll(`[name="${name}"]`)) {
    if (el.type === "checkbox") el.checked = Array.isArray(value) && (value.length ? value.includes(el.value) : el.value === NONE);
    else if (el.type === "radio") el.checked = value !== undefined && String(value) === el.value;
    else el.value = value === undefined ? EMPTY : String(value);
  }
}

/** « Aucun » and the other boxes of a list exclude one another. */
export function exclusiveNone(box) {
  if (box.type !== "checkbox") return;
  const block = box.closest(".champ--liste");
  if (!block || !box.checked) return;
  for (const other of block.querySelectorAll("input[type=checkbox]")) {
    if (other !== box && (box.value === NONE || other.value === NONE)) other.checked = false;
  }
}

/** The engine's message on a question's block. */
export function showError(block, message) {
  const p = block.querySelector(":scope > .champ__erreur, .champ__erreur");
  p.textContent = message;
  p.hidden = false;
  block.classList.add("champ--invalide");
  for (const el of block.querySelectorAll("input, select")) el.setAttribute("aria-invalid", "true");
}

export function clearErrors(root) {
  for (const block of root.querySelectorAll(".champ--invalide")) {
    block.classList.remove("champ--invalide");
    for (const p of block.querySelectorAll(".champ__erreur")) p.hidden = true;
    for (const el of block.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  }
}

/**
 * Every question at once (today's form, for experts): the questions that concern the kind of
 * applicant chosen, less those the engine finds irrelevant at the date, and the situation's date.
 */
export class FullForm {
  /**
   * @param {HTMLFormElement} form the empty form
   * @param {object} properties the profile's JSON Schema properties
   * @param {(name: string, value: any, done: boolean) => void} onChange after each edit
   */
  constructor(form, properties, onChange) {
    this.form = form;
    this.properties = properties;
    this.onChange = onChange;
    const blocks = Object.entries(properties).map(([name, p]) => fieldHtml(name, p, { hidden: true }));
    blocks.push(`<div class="champ champ--date" data-champ="date">
      <label for="calc-date">Date de la situation</label>
      <p class="champ__aide" id="calc-date-aide">Les dispositifs ouverts, fermés ou modifiés à cette date (aujourd'hui si vide).</p>
      <input type="date" id="calc-date" name="date" aria-describedby="calc-date-aide calc-date-erreur">
      <p class="champ__erreur" id="calc-date-erreur" hidden></p></div>`);
    form.innerHTML = blocks.join("");
    this.blocks = Object.fromEntries([...form.querySelectorAll("[data-champ]")].map((b) => [b.dataset.champ, b]));
    form.addEventListener("change", (e) => this.read(e.target, true));
    form.addEventListener("input", (e) => {
      if (e.target.matches("input[type=text]")) this.read(e.target, false);
    });
    form.addEventListener("click", (e) => {
      const button = e.target.closest("[data-action$=-membre]");
      if (!button) return;
      const block = button.closest("[data-champ]");
      editGroup(button, properties[block.dataset.champ]);
      this.onChange(block.dataset.champ, readField(block, properties[block.dataset.champ]), true);
    });
    form.addEventListener("submit", (e) => e.preventDefault());
  }

  read(target, done) {
    const block = target.closest("[data-champ]");
    if (!block) return;
    const name = block.dataset.champ;
    if (name === "date") {
      this.onChange("date", target.value, done);
      return;
    }
    exclusiveNone(target);
    this.onChange(name, readField(block, this.properties[name]), done);
  }

  /** Put the answers into the controls (on arrival, and after Back / Forward). */
  fill(answers, date) {
    for (const [name, block] of Object.entries(this.blocks)) {
      if (name === "date") block.querySelector("input").value = date || EMPTY;
      else fillField(block, this.properties[name], answers[name]);
    }
  }

  /** Show the questions that concern this applicant, less those the engine finds irrelevant at the
   * date, and the choices it keeps open; clear the answers it drops. */
  showFor(answers, applicant, irrelevant, closed, dropped) {
    for (const [name, block] of Object.entries(this.blocks)) {
      if (name === "date") continue;
      const p = this.properties[name];
      const concerns = !p["x-pour"] || !applicant || p["x-pour"].includes(applicant);
      const visible = name === "beneficiaire" || (Boolean(applicant) && concerns && !irrelevant.includes(name)) || Object.hasOwn(answers, name);
      if (block.hidden === visible) block.hidden = !visible;
      const select = block.querySelector("select");
      if (select && closed[name]) {
        for (const option of select.options) option.hidden = closed[name].map(String).includes(option.value);
      }
      if (dropped.includes(name)) fillField(block, p, undefined);
    }
  }

  /** The engine's message on the field it names (false when it is not shown). */
  error(name, message) {
    clearErrors(this.form);
    const block = this.blocks[name];
    if (!block || block.hidden) return false;
    showError(block, message);
    return true;
  }
}
