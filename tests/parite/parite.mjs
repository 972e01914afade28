// Parity runner: the engine inside Pyodide under Node (the same npm package as the site), installed
// and started as the calculator's worker does it (build_scripts/pyodide_engine.mjs), on the
// standard library and lock file the site gives it (build_scripts/python_stdlib.py).
// Usage: node tests/parite/parite.mjs ENGINE.whl PROFILES.json OUT.json STDLIB.zip LOCK.json
// PROFILES.json: [{"profil": {...}, "date": "AAAA-MM-JJ"}, ...]; OUT.json receives, for each
// profile, what engine.api.evaluate_json returns (the entry point the calculator's worker calls).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { pyodideAvecMoteur } from "../../build_scripts/pyodide_engine.mjs";

const [roue, entree, sortie, stdlib, verrou] = process.argv.slice(2);
const pyodide = await pyodideAvecMoteur(roue, {
  stdLibURL: path.resolve(stdlib),
  lockFileContents: await readFile(verrou, "utf8"),
});
pyodide.runPython("from engine.api import evaluate_json, warm_up\nwarm_up()");
const calculer = pyodide.globals.get("evaluate_json");
const cas = JSON.parse(await readFile(entree, "utf8"));
const resultats = cas.map(({ profil, date }) => calculer(JSON.stringify(profil), date));
const version = pyodide.runPython("import sys; sys.version.split()[0]");
await writeFile(sortie, JSON.stringify({ python: version, resultats }));
