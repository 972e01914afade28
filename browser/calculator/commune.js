// The commune field: type a name or a postcode, pick a commune from the suggestions, and the
// région and the département are filled. ARIA 1.2 combobox pattern (list autocomplete): the input
// has role=combobox and aria-activedescendant; arrows move in the listbox, Enter picks, Escape
// closes (then clears); a polite status says how many communes match. The communes' file
// (build_scripts/communes.py) is fetched on first use only; the service worker keeps it.

import { escapeHtml } from "./format.js";

const MAX_SUGGESTIONS = 12;
const files = new Map();

/** The communes of the data file at `url` (fetched once per visit). */
export function loadCommunes(url) {
  if (!files.has(url)) {
    files.set(url, fetch(url).then((r) => {
      if (!r.ok) throw new Error(`liste des communes introuvable (${r.status})`);
      return r.json();
    }).then((d) => d.communes.map(([name, code, departement, postcodes]) => ({
      name, code, departement, postcodes, key: normalise(name),
    }))));
  }
  return files.get(url);
}

function normalise(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/['’-]/g, " ").replace(/\bst\b/g, "saint").replace(/\bste\b/g, "sainte").replace(/\s+/g, " ").trim();
}

/** The communes matching `query`: a postcode (or INSEE code) prefix, or the start of the name or
 * of one of its words; the most populated first (the file's order). */
export function search(communes, query) {
  const q = normalise(query);
  if (!q) return [];
  const digits = /^\d[\dab]*$/i.test(q);
  const starts = [];
  const words = [];
  for (const c of communes) {
    if (digits) {
      if (c.postcodes.some((p) => p.startsWith(q)) || c.code.toLowerCase() === q) starts.push(c);
    } else if (c.key.startsWith(q)) {
      starts.push(c);
    } else if (c.key.includes(` ${q}`)) {
      words.push(c);
    }
    if (starts.length >= MAX_SUGGESTIONS) break;
  }
  const exact = starts.filter((c) => c.key === q);
  return [...exact, ...starts.filter((c) => c.key !== q), ...words].slice(0, MAX_SUGGESTIONS);
}

export class CommuneField {
  /**
   * @param {HTMLElement} container where the field goes
   * @param {object} options dataUrl, departments (code -> {name, region}), initial (a commune
   *   code), onChoose(commune | null), idPrefix
   */
  constructor(container, options) {
    this.options = options;
    this.departments = options.departments;
    this.suggestions = [];
    this.active = -1;
    const id = `${options.idPrefix || "calc"}-commune`;
    container.insertAdjacentHTML("beforeend", `<div class="commune">
      <label for="${id}">Commune du lieu d'exercice (ou du stage)</label>
      <p class="champ__aide" id="${id}-aide">Tapez le nom de la commune ou son code postal, puis choisissez-la dans la liste : la région et le département sont remplis.</p>
      <div class="commune__saisie">
        <input type="text" id="${id}" name="commune" role="combobox" aria-autocomplete="list" aria-expanded="false"
          aria-controls="${id}-liste" autocomplete="off" spellcheck="false" aria-describedby="${id}-aide ${id}-etat ${id}-erreur">
        <ul class="commune__liste" id="${id}-liste" role="listbox" aria-label="Communes proposées" hidden></ul>
      </div>
      <p class="commune__etat" id="${id}-etat" role="status" aria-live="polite"></p>
      <p class="champ__erreur" id="${id}-erreur" hidden></p></div>`);
    this.root = container.lastElementChild;
    this.input = this.root.querySelector("input");
    this.list = this.root.querySelector("ul");
    this.status = this.root.querySelector(".commune__etat");
    this.error = this.root.querySelector(".champ__erreur");
    this.chosen = null;
    this.input.addEventListener("input", () => this.update());
    this.input.addEventListener("focus", () => this.data().catch(() => {}));
    this.input.addEventListener("keydown", (e) => this.key(e));
    this.input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    this.list.addEventListener("mousedown", (e) => e.preventDefault());
    this.list.addEventListener("click", (e) => {
      const option = e.target.closest("[role=option]");
      if (option) this.choose(this.suggestions[Number(option.dataset.index)]);
    });
    if (options.initial) {
      this.data().then((all) => {
        const c = all.find((x) => x.code === options.initial);
        if (c && !this.input.value) this.show(c);
      }).catch(() => {});
    }
  }

  data() {
    return loadCommunes(this.options.dataUrl).catch((e) => {
      this.status.textContent = `La liste des communes n'a pas pu être chargée : ${e.message}.`;
      throw e;
    });
  }

  label(c) {
    const d = this.departments[c.departement];
    return d ? `${c.name} (${d.name}, ${c.departement})` : `${c.name} (collectivité d'outre-mer, ${c.departement})`;
  }

  async update() {
    this.chosen = null;
    const query = this.input.value;
    const all = await this.data().catch(() => null);
    if (!all || query !== this.input.value) return;
    this.suggestions = search(all, query);
    this.active = -1;
    this.list.innerHTML = this.suggestions.map((c, i) => `<li role="option" id="${this.input.id}-option-${i}" data-index="${i}" aria-selected="false">${escapeHtml(this.label(c))}<span class="commune__cp">${escapeHtml(c.postcodes.slice(0, 3).join(", "))}${c.postcodes.length > 3 ? "…" : ""}</span></li>`).join("");
    const open = this.suggestions.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
    this.input.removeAttribute("aria-activedescendant");
    if (!query.trim()) this.status.textContent = "";
    else if (open) this.status.textContent = `${this.suggestions.length}${this.suggestions.length === MAX_SUGGESTIONS ? " premières" : ""} commune${this.suggestions.length > 1 ? "s" : ""} proposée${this.suggestions.length > 1 ? "s" : ""} : flèches haut et bas pour les parcourir, Entrée pour choisir.`;
    else this.status.textContent = "Aucune commune ne correspond : vérifiez l'orthographe ou tapez le code postal.";
  }

  move(step) {
    if (!this.suggestions.length) return;
    if (this.list.hidden) {
      this.list.hidden = false;
      this.input.setAttribute("aria-expanded", "true");
    }
    this.active = (this.active + step + this.suggestions.length) % this.suggestions.length;
    for (const [i, li] of [...this.list.children].entries()) li.setAttribute("aria-selected", String(i === this.active));
    const li = this.list.children[this.active];
    this.input.setAttribute("aria-activedescendant", li.id);
    li.scrollIntoView({ block: "nearest" });
  }

  key(e) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      this.move(1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      this.move(-1);
    } else if (e.key === "Enter") {
      if (!this.list.hidden && this.active >= 0) {
        e.preventDefault();
        this.choose(this.suggestions[this.active]);
      } else if (!this.list.hidden && this.suggestions.length === 1) {
        e.preventDefault();
        this.choose(this.suggestions[0]);
      }
    } else if (e.key === "Escape") {
      if (!this.list.hidden) this.close();
      else this.input.value = "";
    }
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  show(c) {
    this.chosen = c;
    this.input.value = this.label(c);
  }

  choose(c) {
    this.show(c);
    this.close();
    const d = this.departments[c.departement];
    this.status.textContent = d ? `${c.name} choisie : ${d.name}, région ${d.regionName}.` : "";
    this.setError(d ? "" : `${c.name} est dans une collectivité d'outre-mer : les aides de ce guide couvrent les régions et les départements, outre-mer compris (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte), pas cette collectivité.`);
    this.options.onChoose(d ? { code: c.code, name: c.name, departement: c.departement, region: d.region } : null);
  }

  setError(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
    if (message) this.input.setAttribute("aria-invalid", "true");
    else this.input.removeAttribute("aria-invalid");
  }
}
