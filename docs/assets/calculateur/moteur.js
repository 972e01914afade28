// The engine seen from the page: one module worker for the whole visit (created at most once,
// kept across Material's instant navigation), a promise of readiness, and evaluations that
// coalesce (while one runs, only the latest request waits; older ones are dropped).

const DELAI_MAX_MS = 120000;

let instance = null;

class Moteur {
  constructor(config) {
    this.ecouteurs = new Set();
    this.etat = { etape: "pyodide", valeur: 5, pret: false, erreur: null };
    this.enCours = null;
    this.enAttente = null;
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
    const base = new URL(config.racine, document.baseURI);
    const index = new URL(config.pyodide, base).href;
    const roue = new URL(config.roue, base).href;
    const instantane = "caches" in self && config.instantane
      ? { cache: config.instantane, cle: new URL(`instantane-${config.empreinte}.bin`, index).href }
      : null;
    try {
      this.worker = new Worker(new URL("worker.js", import.meta.url), { type: "module", name: "calculateur" });
    } catch (e) {
      this.echec("le worker du calculateur n'a pas pu être créé");
      return;
    }
    this.worker.onmessage = (event) => this.recevoir(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.echec(event.message || "le script du calculateur n'a pas pu être chargé");
    };
    this.minuterie = setTimeout(() => this.echec("le chargement a pris trop de temps"), DELAI_MAX_MS);
    this.worker.postMessage({ type: "demarrer", index, roue, instantane });
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
      this.signaler({ etape: "pret", valeur: 100, pret: true });
      this.resoudre(this);
    } else if (m.type === "erreur") {
      this.echec(m.message);
    } else if (m.type === "resultat") {
      const { resoudre } = this.enCours;
      this.enCours = null;
      resoudre({ resultat: JSON.parse(m.json), duree: m.duree });
      this.suivant();
    }
  }

  suivant() {
    if (this.enCours || !this.enAttente) return;
    const { profil, date, resoudre } = this.enAttente;
    this.enAttente = null;
    const id = ++this.compteur;
    this.enCours = { id, resoudre };
    this.worker.postMessage({ type: "evaluer", id, profil, date });
  }

  /** Evaluate a raw profile; resolves with {resultat, duree}, or null when superseded. */
  evaluer(profil, date) {
    return this.pret.then(() => new Promise((resoudre) => {
      if (this.enAttente) this.enAttente.resoudre(null);
      this.enAttente = { profil, date, resoudre };
      this.suivant();
    }));
  }
}

/**
 * The single engine of the visit (created on the first call), from the calculator element's
 * data attributes: racine (site root, relative to the page), pyodide, roue, empreinte, instantane.
 */
export function moteur(config) {
  if (!instance) instance = new Moteur(config);
  return instance;
}
