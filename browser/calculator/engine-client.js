// The engine seen from the page: one module worker for the whole visit (created at most once,
// kept across Material's instant navigation), a promise of readiness, and calls that coalesce
// (while one runs, only the latest request of each kind waits — an evaluation before a comparison;
// older ones are dropped).
// The start's steps are recorded as performance marks (calculateur:worker, calculateur:python,
// calculateur:moteur, and calculateur:instantane once a first start has stored its memory snapshot,
// see worker.js).

const DELAI_MAX_MS = 120000;

let instance = null;

class Moteur {
  constructor(config) {
    this.ecouteurs = new Set();
    this.etat = { etape: "pyodide", valeur: 5, pret: false, erreur: null };
    this.enCours = null;
    this.enAttente = { evaluer: null, comparer: null };
    this.compteur = 0;
    this.pret = new Promise((resoudre, rejeter) => {
      this.resoudre = resoudre;
      this.rejeter = rejeter;
    });
    this.pret.catch(() => {});
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      this.echec("ce navigateur ne permet pas d'exécuter WebAssembly dans un worker");
      return;
    }
    const precoce = globalThis.__calculateurPrecoce;
    if (precoce && !precoce.adopte) {
      // Started from the page's <head> (full page load): adopt that worker and its first messages.
      precoce.adopte = true;
      this.worker = precoce.worker;
      this.demarrage = precoce.demarrage;
    } else {
      const base = new URL(config.racine, document.baseURI);
      const index = new URL(config.pyodide, base).href;
      const stockage = "caches" in self;
      const instantane = stockage && config.instantane
        ? { cache: config.instantane, cle: new URL(`instantane-${config.empreinte}.bin`, index).href }
        : null;
      this.demarrage = {
        type: "demarrer", index, stdlib: new URL(config.stdlib, base).href, verrou: config.verrou,
        roue: new URL(config.roue, base).href, fichiers: stockage ? config.fichiers : null, instantane,
      };
      try {
        this.worker = new Worker(new URL("worker.js", import.meta.url), { type: "module", name: "calculateur" });
      } catch (e) {
        this.echec("le worker du calculateur n'a pas pu être créé");
        return;
      }
      this.worker.postMessage(this.demarrage);
      this.worker.postMessage({ type: "lancer" });
    }
    this.worker.onmessage = (event) => this.recevoir(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.echec(event.message || "le script du calculateur n'a pas pu être chargé");
    };
    this.minuterie = setTimeout(() => this.echec("le chargement a pris trop de temps"), DELAI_MAX_MS);
    if (precoce && precoce.worker === this.worker) {
      for (const m of precoce.messages.splice(0)) this.recevoir(m);
    }
  }

  ecouter(fonction) {
    this.ecouteurs.add(fonction);
    fonction(this.etat);
    return () => this.ecouteurs.delete(fonction);
  }

  signaler(modif) {
    Object.assign(this.etat, modif);
    for (const f of this.ecouteurs) f(this.etat);
  }

  echec(raison) {
    if (this.etat.erreur || this.etat.pret) return;
    clearTimeout(this.minuterie);
    if (this.worker) this.worker.terminate();
    this.signaler({ erreur: raison });
    this.rejeter(new Error(raison));
  }

  recevoir(m) {
    if (m.type === "progres") {
      this.signaler({ etape: m.etape, valeur: m.valeur });
    } else if (m.type === "pret") {
      clearTimeout(this.minuterie);
      this.mesures = m.mesures;
      for (const etape of ["debut", "python", "moteur"]) {
        const nom = etape === "debut" ? "calculateur:worker" : `calculateur:${etape}`;
        performance.mark(nom, { startTime: m.mesures[etape] - performance.timeOrigin });
      }
      if (m.mesures.instantaneRejete) console.warn("Instantané du moteur rejeté :", m.mesures.instantaneRejete);
      this.signaler({ etape: "pret", valeur: 100, pret: true });
      this.resoudre(this);
    } else if (m.type === "instantane") {
      this.instantaneFait = m.ok;
      if (m.ok) performance.mark("calculateur:instantane");
    } else if (m.type === "erreur") {
      this.echec(m.message);
    } else if (m.type === "resultat") {
      const { resoudre } = this.enCours;
      this.enCours = null;
      resoudre({ resultat: JSON.parse(m.json), json: m.json, duree: m.duree });
      this.suivant();
    }
  }

  suivant() {
    const type = ["evaluer", "comparer"].find((t) => this.enAttente[t]);
    if (this.enCours || !type) return;
    const { profil, date, resoudre } = this.enAttente[type];
    this.enAttente[type] = null;
    const id = ++this.compteur;
    this.enCours = { id, resoudre };
    this.worker.postMessage({ type, id, profil, date });
  }

  demander(type, profil, date) {
    return this.pret.then(() => new Promise((resoudre) => {
      if (this.enAttente[type]) this.enAttente[type].resoudre(null);
      this.enAttente[type] = { profil, date, resoudre };
      this.suivant();
    }));
  }

  /** Evaluate a raw profile; resolves with {resultat, json, duree}, or null when superseded. */
  evaluer(profil, date) {
    return this.demander("evaluer", profil, date);
  }

  /** « Et ailleurs ? » for a raw profile (engine/variants.py); same answer, or null when superseded. */
  comparer(profil, date) {
    return this.demander("comparer", profil, date);
  }
}

/** The engine's addresses, from the calculator element's data attributes (set at build time). */
export function configuration(element) {
  const d = element.dataset;
  return {
    racine: d.racine || "./", pyodide: d.pyodide, stdlib: d.stdlib, verrou: d.verrou, roue: d.roue,
    empreinte: d.empreinte, instantane: d.instantane, fichiers: d.fichiers,
  };
}

/** The single engine of the visit (created on the first call). */
export function moteur(config) {
  if (!instance) instance = new Moteur(config);
  return instance;
}
