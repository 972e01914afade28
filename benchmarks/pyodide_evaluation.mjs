// Times the engine's evaluation inside Pyodide under Node (the same npm package as the site).
// Usage: node benchmarks/pyodide_evaluation.mjs ENGINE.whl PROFILES.json
// Prints {"python", "evaluations", "mediane_ms", "max_ms"}: the median (and the longest) time of one
// `engine.api.evaluate_json` call (the calculator worker's entry point), after one warm-up call.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const [roue, entree] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const indexURL = path.dirname(require.resolve("pyodide/package.json")) + path.sep;
const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL, packages: [path.resolve(roue)] });
pyodide.runPython("from engine.api import evaluate_json, warm_up\nwarm_up()");
const evaluer = pyodide.globals.get("evaluate_json");
const cas = JSON.parse(await readFile(entree, "utf8"));
evaluer(JSON.stringify(cas[0].profil), cas[0].date);
const durees = cas.map(({ profil, date }) => {
  const t = performance.now();
  evaluer(JSON.stringify(profil), date);
  return performance.now() - t;
}).sort((a, b) => a - b);
const version = pyodide.runPython("import sys; sys.version.split()[0]");
console.log(JSON.stringify({ python: version, evaluations: durees.length,
  mediane_ms: Math.round(durees[Math.floor(durees.length / 2)] * 100) / 100,
  max_ms: Math.round(durees[durees.length - 1] * 100) / 100 }));
