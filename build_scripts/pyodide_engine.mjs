// Pyodide under Node with the engine installed the way the calculator's worker installs it: the
// wheel unzipped into site-packages by the worker's own code (INSTALLER, read from
// browser/calculator/worker.js). Used by the build (python_stdlib.mjs) and the parity test
// (tests/parite/parite.mjs).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const WORKER = readFileSync(new URL("../browser/calculator/worker.js", import.meta.url), "utf8");
const INSTALLER = WORKER.match(/^const INSTALLER = `([^`]*)`;$/m)?.[1];
if (!INSTALLER) throw new Error("browser/calculator/worker.js : const INSTALLER introuvable");

/** Pyodide (options: loadPyodide's) with the engine's wheel `roue` installed. */
export async function pyodideAvecMoteur(roue, options = {}) {
  const require = createRequire(import.meta.url);
  const indexURL = path.dirname(require.resolve("pyodide/package.json")) + path.sep;
  const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));
  const pyodide = await loadPyodide({ indexURL, stdout: () => {}, ...options });
  pyodide.FS.writeFile("/tmp/moteur.whl", readFileSync(roue));
  pyodide.runPython(INSTALLER);
  return pyodide;
}
