// Makes the calculator's trimmed Python standard library (see build_scripts/python_stdlib.py), in
// Pyodide under Node: start Pyodide with its whole library and the engine installed as the
// calculator installs it (pyodide_engine.mjs), run python_stdlib_trim.py's `trim` on the workload,
// copy the zip it writes out.
// Usage: node build_scripts/python_stdlib.mjs ENGINE.whl WORKLOAD.json OUT.zip
import { readFileSync, writeFileSync } from "node:fs";

import { pyodideAvecMoteur } from "./pyodide_engine.mjs";

const [roue, charge, sortie] = process.argv.slice(2);
const pyodide = await pyodideAvecMoteur(roue, { env: { PYTHONNODEBUGRANGES: "1" } });
pyodide.FS.writeFile("/tmp/python_stdlib_trim.py", readFileSync(new URL("python_stdlib_trim.py", import.meta.url)));
pyodide.globals.set("travail", pyodide.toPy(JSON.parse(readFileSync(charge, "utf8"))));
pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp")
from python_stdlib_trim import trim
trim(next(p for p in sys.path if p.endswith(".zip")), travail, "/tmp/stdlib.zip")
`);
writeFileSync(sortie, pyodide.FS.readFile("/tmp/stdlib.zip"));
