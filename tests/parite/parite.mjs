// Parity runner: the engine inside Pyodide under Node (the same npm package as the site).
// Usage: node tests/parite/parite.mjs ENGINE.whl PROFILES.json OUT.json
// PROFILES.json: [{"profil": {...}, "date": "AAAA-MM-JJ"}, ...]; OUT.json receives, for each
// profile, what engine.api.evaluate_json returns (the entry point the calculator's worker calls).
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const [roue, entree, sortie] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const indexURL = path.dirname(require.resolve("pyodide/package.json")) + path.sep;
const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));

const pyodide = await loadPyodide({ indexURL, packages: [path.resolve(roue)] });
pyodide.runPython("from engine.api import evaluate_json, warm_up\nwarm_up()");
const calculer = pyodide.globals.get("evaluate_json");
const cas = JSON.parse(await readFile(entree, "utf8"));
const resultats = cas.map(({ profil, date }) => calculer(JSON.stringify(profil), date));
const version = pyodide.runPython("import sys; sys.version.split()[0]");
await writeFile(sortie, JSON.stringify({ python: version, resultats }));
