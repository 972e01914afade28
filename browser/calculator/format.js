// French formatting of numbers, amounts and dates (narrow no-break space for thousands, comma for
// decimals), and HTML escaping of texts coming from the data or the address.

const whole = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const plain = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 6 });

/** `12 500 €`, `109,25 €` (whole euros without decimals, else to the cent). */
export function formatEuros(value) {
  if (value === null || value === undefined || value === "") return "";
  const n = Number(value);
  return `${Number.isInteger(n) ? whole.format(n) : cents.format(n)}\u00a0€`;
}

/** `100 000`, `17,5`. */
export function formatNumber(value) {
  return plain.format(Number(value));
}

/** `01/03/2026` from `2026-03-01`. */
export function formatDate(iso) {
  if (!iso) return "";
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/** `décembre 2019` from `2019-12-09`. */
export function formatMonth(iso) {
  if (!iso) return "";
  const [year, month] = iso.split("-");
  return `${MONTHS[Number(month) - 1]} ${year}`;
}

/** HTML-escape a text coming from the data. */
export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
