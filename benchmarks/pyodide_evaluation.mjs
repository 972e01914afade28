// Times the engine inside Pyodide under Node (the same npm package as the site).
// Usage: node benchmarks/pyodide_evaluation.mjs ENGINE.whl PROFILES.json [FUNCTION]
// Prints {"python", "fonction", "evaluations", "mediane_ms", "p95_ms", "max_ms"}: the time of one
// call of `engine.api.FUNCTION` (default `evaluate_json`; the calculator worker calls
// `evaluate_json` and `compare_json`), after one warm-up call.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const [roue, entree, fonction = "evaluate_json"] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const indexURL = path.dirname(require.resolve("pyodide/package.json")) + path.sep;
const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL, packages: [path.resolve(roue)] });
pyodide.runPython(`from engine.api import ${fonction}, warm_up\nwarm_up()`);
const evaluer = pyodide.globals.get(fonction);
const cas = JSON.parse(await readFile(entree, "utf8"));
evaluer(JSON.stringify(cas[0].profil), cas[0].date);
const durees = cas.map(({ profil, date }) => {
  const t = performance.now();
  evaluer(JSON.stringify(profil), date);
  return performance.now() - t;
}).sort((a, b) => a - b);
const version = pyodide.runPython("import sys; sys.version.split()[0]");
const arrondi = (x) => Math.round(x * 100) / 100;
console.log(JSON.stringify({ python: version, fonction, evaluations: durees.length,
  mediane_ms: arrondi(durees[Math.floor(durees.length / 2)]),
  p95_ms: arrondi(durees[Math.min(durees.length - 1, Math.floor(durees.length * 0.95))]),
  max_ms: arrondi(durees[durees.length - 1]) }));
