// docs/workflows.md shows the example workflows of docs/workflows/ verbatim: each file (which
// `npm run lint` checks with actionlint) fills the generated block named after it, so the page
// cannot show a workflow that was never linted.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { replaceGenerated } from "./action-docs.js";

export const WORKFLOWS_DIR = "docs/workflows";
export const WORKFLOWS_DOC = "docs/workflows.md";

/** The example workflow files, by path relative to the repository root. */
export function exampleWorkflows(root: string): string[] {
  return readdirSync(join(root, WORKFLOWS_DIR))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => `${WORKFLOWS_DIR}/${f}`);
}

/** The blocks the page names (`<!-- generated:docs/workflows/NAME.yml … -->`), in its order. */
export function namedWorkflows(doc: string): string[] {
  return [...doc.matchAll(/<!-- generated:(docs\/workflows\/[^ ]+\.ya?ml) /g)].map((m) => m[1]!);
}

/** The page with every named block filled from its file; a file the page does not show is an error. */
export function renderWorkflowsDoc(root: string, doc: string): string {
  const files = exampleWorkflows(root);
  const named = namedWorkflows(doc);
  const unshown = files.filter((f) => !named.includes(f));
  if (unshown.length) throw new Error(`${WORKFLOWS_DOC} shows no block for ${unshown.join(", ")}`);
  return named.reduce(
    (text, path) =>
      replaceGenerated(text, path, `\`\`\`yaml\n${readFileSync(join(root, path), "utf8").trimEnd()}\n\`\`\``),
    doc,
  );
}
