// The situation in the page address: one query parameter per answered question (lists joined by
// commas, yes/no as `oui`/`non`), plus `date` for the evaluation date. Each edit adds one history
// entry, so the back button returns to the previous situation.

/** Answers and date read from the address; unknown parameters are ignored. */
export function lireAdresse(proprietes) {
  const params = new URLSearchParams(location.search);
  const reponses = {};
  for (const [nom, valeur] of params) {
    const p = proprietes[nom];
    if (!p || valeur === "") continue;
    reponses[nom] = p.type === "array" ? valeur.split(",").filter(Boolean) : valeur;
  }
  return { reponses, date: params.get("date") || "" };
}

/** The query string of a situation (fields in the schema's order). */
export function requete(reponses, date, proprietes) {
  const params = new URLSearchParams();
  for (const nom of Object.keys(proprietes)) {
    const v = reponses[nom];
    if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    params.set(nom, Array.isArray(v) ? v.join(",") : String(v));
  }
  if (date) params.set("date", date);
  const texte = params.toString();
  return texte ? `?${texte}` : "";
}

let saisieOuverte = false;

/**
 * Write the situation into the address. Each edit gets one history entry: the first keystroke of
 * a typed answer adds it, the following ones and the end of the edit (`fin`) update it.
 */
export function ecrireAdresse(reponses, date, proprietes, fin) {
  const adresse = location.pathname + requete(reponses, date, proprietes) + location.hash;
  const ajouter = !saisieOuverte;
  saisieOuverte = !fin;
  if (adresse === location.pathname + location.search + location.hash) return;
  // A null state: Material's instant navigation leaves these entries to the page.
  if (ajouter) history.pushState(null, "", adresse);
  else history.replaceState(history.state, "", adresse);
}

/** Forget an unfinished edit (after back/forward). */
export function fermerSaisie() {
  saisieOuverte = false;
}
