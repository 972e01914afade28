// Parity runner: the engine inside Pyodide under Node (the same npm package as the site).
// Usage: node tests/parite/parite.mjs ENGINE.whl PROFILES.json OUT.json
// PROFILES.json: [{"profil": {...}, "date": "AAAA-MM-JJ"}, ...]; OUT.json receives, for each
// profile, the engine's JSON text (json.dumps, ensure_ascii=False), or the ProfileError JSON.
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const [roue, entree, sortie] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const indexURL = path.dirname(require.resolve("pyodide/package.json")) + path.sep;
const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));

const pyodide = await loadPyodide({ indexURL, packages: [path.resolve(roue)] });
pyodide.runPython(`
import json
import engine

def _calculer(texte, date):
    try:
        return json.dumps(engine.evaluate(json.loads(texte), date), ensure_ascii=False)
    except engine.ProfileError as e:
        return json.dumps(e.as_json(), ensure_ascii=False)
`);
const calculer = pyodide.globals.get("_calculer");
const cas = JSON.parse(await readFile(entree, "utf8"));
const resultats = cas.map(({ profil, date }) => calculer(JSON.stringify(profil), date));
const version = pyodide.runPython("import sys; sys.version.split()[0]");
await writeFile(sortie, JSON.stringify({ python: version, resultats }));
