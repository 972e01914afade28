// French formatting of numbers and amounts (narrow no-break space for thousands, comma for decimals).

const entier = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const nombre = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 6 });

/** `12 500 €`, `109,25 €` (whole euros without decimals, else to the cent). */
export function euros(valeur) {
  if (valeur === null || valeur === undefined || valeur === "") return "";
  const n = Number(valeur);
  return `${Number.isInteger(n) ? entier.format(n) : decimal.format(n)}\u00a0€`;
}

/** `100 000`, `17,5`. */
export function nombreFr(valeur) {
  return nombre.format(Number(valeur));
}

/** `01/03/2026` from `2026-03-01`. */
export function dateFr(iso) {
  if (!iso) return "";
  const [a, m, j] = iso.split("-");
  return `${j}/${m}/${a}`;
}

/** HTML-escape a text coming from the data. */
export function html(texte) {
  return String(texte ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
