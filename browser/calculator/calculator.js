// The calculator page: mounts the form and the results on #calculateur, starts the engine (once
// per visit), keeps the situation in the address, and evaluates on every change.
// data-state on #calculateur: "loading" until the first result is shown, then "ready";
// "error" when the engine cannot start (the page then points to the static tables).

import { ecrireAdresse, fermerSaisie, lireAdresse } from "./url-state.js";
import { html } from "./format.js";
import { Formulaire } from "./form.js";
import { configuration, moteur } from "./engine-client.js";
import { afficherResultat, rendreDetails } from "./results.js";

const ETAPES = {
  pyodide: "Chargement de Python (Pyodide, WebAssembly)…",
  python: "Démarrage de Python…",
  moteur: "Chargement du moteur de calcul et des dispositifs…",
  pret: "Calcul en cours…",
};
const TOUJOURS = ["beneficiaire", "region", "departement"];
const donnees = new Map();
let actif = null;

function chargerDonnees(url) {
  if (!donnees.has(url)) {
    donnees.set(url, fetch(url).then((r) => {
      if (!r.ok) throw new Error(`données du calculateur introuvables (${r.status})`);
      return r.json();
    }));
  }
  return donnees.get(url);
}

function enregistrerServiceWorker(base) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register(new URL("sw-calculateur.js", base).href, { scope: base.pathname })
    .catch(() => { /* the calculator works without it */ });
}

class Calculateur {
  constructor(racine) {
    this.racine = racine;
    this.base = new URL(racine.dataset.racine || "./", document.baseURI);
    this.etat = racine.querySelector(".calculateur__etat");
    this.annonce = racine.querySelector(".calculateur__annonce");
    this.resultats = racine.querySelector(".calculateur__resultats");
    this.manquants = null;
    this.dernier = null;
    this.moteur = moteur(configuration(racine));
    this.desabonner = this.moteur.ecouter((etat) => this.progres(etat));
    this.resultats.addEventListener("click", (e) => this.ouvrirDetails(e));
    chargerDonnees(new URL(racine.dataset.donnees, this.base).href)
      .then((d) => this.preparer(d))
      .catch((e) => this.echec(e.message));
  }

  preparer(d) {
    if (!this.racine.isConnected) return;
    this.donnees = d;
    this.proprietes = d.schema.properties;
    const form = this.racine.querySelector(".calculateur__formulaire");
    this.formulaire = new Formulaire(form, d, (nom, fin) => this.changement(nom, fin));
    this.actions();
    this.relire();
  }

  /** Fill a card's conditions and sources on its first opening (before the box opens). */
  ouvrirDetails(evenement) {
    const details = evenement.target.closest("summary")?.parentElement;
    if (details && details.hasAttribute("data-differe")) this.remplirDetails(details);
  }

  remplirDetails(details) {
    if (!this.dernier) return;
    const id = details.closest("[data-aide]").dataset.aide;
    const aide = this.dernier.aides.find((a) => a.id === id);
    if (!aide) return;
    details.removeAttribute("data-differe");
    details.insertAdjacentHTML("beforeend", rendreDetails(aide));
  }

  /** Open a situation given from elsewhere (a simulation file): the form, the address, the result. */
  charger(reponses, date) {
    this.formulaire.remplir(reponses, date);
    ecrireAdresse(this.formulaire.reponses, this.formulaire.date, this.proprietes, true);
    this.afficherQuestions();
    this.evaluer();
  }

  /** (Re)load the situation from the address: first display, and back/forward. */
  relire() {
    const { reponses, date } = lireAdresse(this.proprietes);
    this.formulaire.remplir(reponses, date);
    this.afficherQuestions();
    this.evaluer();
  }

  actions() {
    const barre = document.createElement("div");
    barre.className = "calculateur__actions";
    barre.innerHTML = `<button type="button" class="md-button" data-action="copier">Copier le lien</button>
      <button type="button" class="md-button" data-action="imprimer">Imprimer</button>
      <span class="calculateur__message" role="status" aria-live="polite"></span>`;
    barre.addEventListener("click", (e) => {
      const action = e.target.closest("[data-action]")?.dataset.action;
      if (action === "copier") this.copierLien(barre.querySelector(".calculateur__message"));
      if (action === "imprimer") window.print();
    });
    this.resultats.parentElement.prepend(barre);
  }

  async copierLien(message) {
    const adresse = location.href;
    try {
      await navigator.clipboard.writeText(adresse);
      message.textContent = "Lien copié : il rouvre cette situation.";
    } catch {
      const champ = document.createElement("input");
      champ.value = adresse;
      this.racine.append(champ);
      champ.select();
      const ok = document.execCommand && document.execCommand("copy");
      champ.remove();
      message.textContent = ok ? "Lien copié : il rouvre cette situation." : `Copiez cette adresse : ${adresse}`;
    }
  }

  progres(etat) {
    if (!this.racine.isConnected) {
      this.desabonner();
      return;
    }
    if (etat.erreur) {
      this.echec(etat.erreur);
      return;
    }
    const texte = this.etat.querySelector(".calculateur__progression-texte");
    const barre = this.etat.querySelector("progress");
    if (etat.pret) {
      this.etat.hidden = true;
    } else {
      texte.textContent = ETAPES[etat.etape] || texte.textContent;
      barre.value = etat.valeur;
    }
  }

  /** A French reason from the browser's (English) error text; the original stays as a detail. */
  static raison(texte) {
    const t = String(texte);
    if (/fetch|network|load|404|réseau/i.test(t)) return "un fichier du moteur n'a pas pu être téléchargé";
    if (/webassembly|wasm|compile|instantiat/i.test(t)) return "WebAssembly est bloqué ou indisponible";
    if (/[àéèêç]/.test(t)) return t; // already French (our own messages)
    return "erreur inattendue";
  }

  echec(raison) {
    if (this.racine.dataset.state === "error") return;
    this.racine.dataset.state = "error";
    const lien = (src, texte) => `<a href="${html(new URL(src, this.base).href)}">${texte}</a>`;
    const pages = (this.donnees && this.donnees.pages) || { tableaux: "tableaux/", aides: "aides/" };
    this.etat.hidden = false;
    this.etat.innerHTML = `<div class="calculateur__erreur admonition warning">
      <p class="admonition-title">Le calculateur ne peut pas fonctionner dans ce navigateur</p>
      <p>Le moteur de calcul (Python exécuté par WebAssembly) n'a pas pu démarrer : ${html(Calculateur.raison(raison))}
      <small>(détail technique : ${html(raison)})</small>.
      Essayez un navigateur récent, ou vérifiez qu'aucune extension ne bloque WebAssembly.</p>
      <p>Les ${lien(pages.tableaux || "tableaux/", "tableaux des aides")} et les ${lien(pages.aides || "aides/", "fiches des dispositifs")}
      donnent les mêmes conditions et montants, sans calculateur.</p></div>`;
  }

  /** Questions shown: who you are and where, the answers given, and what the engine still needs. */
  afficherQuestions() {
    const r = this.formulaire.reponses;
    const qui = r.beneficiaire;
    const noms = new Set(TOUJOURS);
    if (qui) {
      for (const nom of Object.keys(r)) noms.add(nom);
      if (this.manquants) for (const m of this.manquants) noms.add(m.champ);
      else noms.add("zone");
    }
    for (const nom of [...noms]) {
      const pour = this.proprietes[nom] && this.proprietes[nom]["x-pour"];
      if (!this.proprietes[nom] || (pour && !pour.includes(qui))) noms.delete(nom);
    }
    const suivante = this.manquants && qui ? (this.manquants.find((m) => noms.has(m.champ) && r[m.champ] === undefined) || {}).champ : undefined;
    this.formulaire.montrer(noms, suivante);
  }

  changement(nom, fin) {
    const r = this.formulaire.reponses;
    if (nom === "beneficiaire") {
      for (const autre of Object.keys(r)) {
        const pour = this.proprietes[autre]["x-pour"];
        if (pour && !pour.includes(r.beneficiaire)) delete r[autre];
      }
      this.formulaire.remplir(r, this.formulaire.date);
    }
    ecrireAdresse(r, this.formulaire.date, this.proprietes, fin);
    this.afficherQuestions();
    this.evaluer();
  }

  async evaluer() {
    const r = { ...this.formulaire.reponses };
    const reponse = await this.moteur.evaluer(r, this.formulaire.date).catch(() => null);
    if (!reponse || !this.racine.isConnected) return;
    const resultat = reponse.resultat;
    if (resultat.erreur) {
      const { champ, message } = resultat.erreur;
      this.derniereCle = null;
      const place = this.formulaire.erreur(champ, message);
      this.resultats.classList.add("calculateur__resultats--perime");
      let alerte = this.resultats.querySelector(".calculateur__alerte");
      if (!alerte) {
        alerte = document.createElement("p");
        alerte.className = "calculateur__alerte";
        alerte.setAttribute("role", "alert");
        this.resultats.prepend(alerte);
      }
      alerte.textContent = place ? `${message} Le résultat sera mis à jour une fois la réponse corrigée.` : message;
    } else {
      this.formulaire.effacerErreurs();
      this.resultats.classList.remove("calculateur__resultats--perime");
      // The same answers give the same result: keep the DOM as it is (no flicker, and a box
      // the person is opening is not replaced under the pointer).
      const cle = JSON.stringify([this.formulaire.reponses, this.formulaire.date]) + reponse.json;
      if (cle === this.derniereCle) return;
      this.derniereCle = cle;
      this.manquants = resultat.manquants;
      this.dernier = resultat;
      this.afficherQuestions();
      // Boxes the person opened stay open across updates.
      const ouverts = [...this.resultats.querySelectorAll("details[open]")]
        .map((d) => (d.closest("[data-aide]") ? `[data-aide="${d.closest("[data-aide]").dataset.aide}"] ` : "") + `details.${d.classList[0]}`);
      afficherResultat(this.resultats, {
        resultat,
        reponses: this.formulaire.reponses,
        date: this.formulaire.date,
        donnees: this.donnees,
        racine: this.racine.dataset.racine || "",
        moteur: this.moteur,
        charger: (reponses, date) => this.charger(reponses, date),
      });
      // Screen readers hear the summary (counts, best combination) each time the result changes.
      this.annonce.textContent = [...this.resultats.querySelectorAll(".resultat__synthese p")]
        .map((p) => p.textContent.trim()).join(" ");
      for (const selecteur of ouverts) {
        const d = this.resultats.querySelector(selecteur);
        if (!d) continue;
        if (d.hasAttribute("data-differe")) this.remplirDetails(d);
        d.open = true;
      }
    }
    if (this.racine.dataset.state !== "ready") {
      const mesures = this.moteur.mesures || {};
      this.racine.dataset.demarrage = mesures.instantane ? "instantane" : "complet";
      this.racine.dataset.state = "ready";
      performance.mark("calculateur:pret");
      this.etat.hidden = true;
      setTimeout(() => enregistrerServiceWorker(this.base), 2000);
    }
  }
}

// The printed page shows the situation in words, even when its box is closed on screen.
addEventListener("beforeprint", () => {
  for (const d of document.querySelectorAll(".calculateur__situation:not([open])")) {
    d.open = true;
    d.dataset.refermer = "";
  }
});
addEventListener("afterprint", () => {
  for (const d of document.querySelectorAll(".calculateur__situation[data-refermer]")) {
    d.open = false;
    delete d.dataset.refermer;
  }
});

addEventListener("popstate", () => {
  fermerSaisie();
  if (actif && actif.racine.isConnected && actif.formulaire) actif.relire();
});

/** Mount the calculator on its root element (once per element). */
export function monter(racine) {
  actif = new Calculateur(racine);
}
