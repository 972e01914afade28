// An answer in words, as the interview's summary lines, the result's « Votre situation » and the
// printed dossier show it: `Oui`, `ZIP (zone…)`, `2 médecins : 8 demi-journées, 28 heures ; …`,
// `100 000 habitants`, `Je ne sais pas`.

import { formatDate, formatNumber } from "./format.js";
import { UNKNOWN } from "./url-state.js";

const NUMBERS = ["entier", "decimal", "montant"];

function numberText(value, unit) {
  return `${formatNumber(String(value).replace(",", "."))}${unit ? ` ${unit}` : ""}`;
}

/** The answer `value` to field `name` in words (`properties`: the profile's JSON Schema properties). */
export function answerText(name, value, properties) {
  const p = properties[name];
  if (value === UNKNOWN) return p["x-inconnu"];
  const type = p["x-type"];
  const labels = p["x-libelles"] || {};
  if (type === "booleen") return { oui: "Oui", non: "Non", true: "Oui", false: "Non" }[String(value)] ?? String(value);
  if (type === "liste") return value.length ? value.map((v) => labels[v] ?? v).join(", ") : p["x-aucun"] || "Aucun";
  if (type === "groupe") {
    const label = p["x-libelle-membre"].toLowerCase();
    if (!value.length) return `aucun ${label}`;
    const members = value.map((m) => p["x-membres"].map((f) => (m[f] === undefined ? "?" : numberText(m[f], p.items.properties[f]["x-unite"]))).join(", "));
    return `${value.length} ${label}${value.length > 1 ? "s" : ""} : ${members.join(" ; ")}`;
  }
  if (type === "date") return formatDate(String(value));
  if (labels[value] !== undefined) return labels[value];
  const unit = p["x-unite"] || (type === "montant" ? "€" : "");
  return NUMBERS.includes(type) ? numberText(value, unit) : `${value}${unit ? ` ${unit}` : ""}`;
}
