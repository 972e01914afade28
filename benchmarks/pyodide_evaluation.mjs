// Times the engine's evaluation inside Pyodide under Node (the same npm package as the site).
// Usage: node benchmarks/pyodide_evaluation.mjs ENGINE.whl PROFILES.json
// Prints {"python", "evaluations", "mediane_ms"}: the median time of one `engine.evaluate` call
// (JSON in, JSON out, as the calculator's worker does), after one warm-up call.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const [roue, entree] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const indexURL = path.dirname(require.resolve("pyodide/package.json")) + path.sep;
const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL, packages: [path.resolve(roue)] });
pyodide.runPython(`
import json
import engine

engine.default_catalogue()

def _evaluer(texte, date):
    return json.dumps(engine.evaluate(json.loads(texte), date), ensure_ascii=False)
`);
const evaluer = pyodide.globals.get("_evaluer");
const cas = JSON.parse(await readFile(entree, "utf8"));
evaluer(JSON.stringify(cas[0].profil), cas[0].date);
const durees = cas.map(({ profil, date }) => {
  const t = performance.now();
  evaluer(JSON.stringify(profil), date);
  return performance.now() - t;
}).sort((a, b) => a - b);
const version = pyodide.runPython("import sys; sys.version.split()[0]");
console.log(JSON.stringify({ python: version, evaluations: durees.length,
  mediane_ms: Math.round(durees[Math.floor(durees.length / 2)] * 100) / 100 }));
