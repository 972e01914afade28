// The situation in the page address, so that a link reopens it and Back undoes the last answer:
// one query parameter per answered question, in the order answered; lists joined by commas
// (`aucun` for the explicit « none »); yes/no as `oui`/`non`; « je ne sais pas » as `ne_sait_pas`;
// a repeated group as its members joined by commas, each member's fields joined by `_` in the
// group's order (`8_28,6_21`). Besides the answers: `date` (the situation's date), `commune` (the
// INSEE code of the commune chosen, for its name), `vue=tout` (every question at once) and
// `exemple=<scheme>` (a scheme page's worked example, replaced by its answers on arrival).

export const UNKNOWN = "ne_sait_pas";
export const NONE = "aucun";
const EXTRAS = ["date", "commune", "vue", "exemple"];

/** The value schema of a property (« je ne sais pas » puts it under anyOf). */
export function valueSchema(p) {
  return p.anyOf ? p.anyOf[0] : p;
}

function decode(p, text) {
  if (text === UNKNOWN) return UNKNOWN;
  const type = p["x-type"];
  if (type === "liste") return text === NONE ? [] : text.split(",").filter(Boolean);
  if (type === "groupe") {
    if (text === NONE) return [];
    return text.split(",").map((member) => {
      const values = member.split("_");
      const out = {};
      p["x-membres"].forEach((name, i) => {
        if (values[i] !== undefined && values[i] !== "") out[name] = values[i];
      });
      return out;
    });
  }
  return text;
}

function encode(p, value) {
  if (value === UNKNOWN) return UNKNOWN;
  const type = p["x-type"];
  if (type === "liste") return value.length ? value.join(",") : NONE;
  if (type === "groupe") {
    if (!value.length) return NONE;
    return value.map((m) => p["x-membres"].map((name) => m[name] ?? "").join("_")).join(",");
  }
  return String(value);
}

/** The situation read from the address: answers (in the address's order), date, commune, view. */
export function readAddress(properties) {
  const params = new URLSearchParams(location.search);
  const answers = {};
  for (const [name, text] of params) {
    const p = Object.hasOwn(properties, name) ? properties[name] : null;
    if (!p || text === "" || Object.hasOwn(answers, name)) continue;
    answers[name] = decode(p, text);
  }
  const extra = Object.fromEntries(EXTRAS.map((k) => [k, params.get(k) || ""]));
  return { answers, ...extra };
}

/** The query string of a situation (answers in their order, then the extras). */
export function queryString(state, properties) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(state.answers)) {
    if (!Object.hasOwn(properties, name) || value === undefined || value === "") continue;
    params.set(name, encode(properties[name], value));
  }
  for (const key of EXTRAS) if (state[key]) params.set(key, state[key]);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The full address that reopens a situation (its answers, date and extras), its date always
 * written in: the same result next year. */
export function situationAddress(state, properties) {
  return location.origin + location.pathname + queryString(state, properties);
}

/** Write the situation into the address: a new history entry (Back undoes it), or in place. */
export function writeAddress(state, properties, { replace = false } = {}) {
  const address = location.pathname + queryString(state, properties) + location.hash;
  if (address === location.pathname + location.search + location.hash) return;
  // A null state: Material's instant navigation leaves these entries to the page.
  if (replace) history.replaceState(history.state, "", address);
  else history.pushState(null, "", address);
}

/** Answers from a profile of the data (a scheme's worked example): the address's spelling. */
export function answersFromProfile(profile, properties) {
  const answers = {};
  for (const [name, value] of Object.entries(profile)) {
    if (!Object.hasOwn(properties, name)) continue;
    if (typeof value === "boolean") answers[name] = value ? "oui" : "non";
    else if (Array.isArray(value)) answers[name] = value.map((v) => (typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : String(v)));
    else answers[name] = String(value);
  }
  return answers;
}
