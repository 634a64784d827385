// Regenerates what is derived from the source: the README's Action input/output tables (from
// action.yml) and CLI command list (from the CLI's --help text), docs/report.schema.json (from src/report/schema.ts) and the workflows shown in
// docs/workflows.md (from docs/workflows/, where actionlint checks them). `--check` rewrites
// nothing and fails when a committed file differs from a fresh generation (CI runs it).
// Usage: npm run generate [-- --check]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  readActionMetadata,
  renderInputsTable,
  renderOutputsTable,
  replaceGenerated,
} from "./action-docs.js";
import { USAGE } from "../src/cli/args.js";
import { renderReportSchema } from "./report-schema.js";
import { renderWorkflowsDoc, WORKFLOWS_DOC } from "./workflow-docs.js";

/** The commands of `docker-cache-bench --help` as it prints them (its first paragraph, unindented). */
export function renderCliCommands(usage: string): string {
  const [first = ""] = usage.split("\n\n");
  const commands = first
    .split("\n")
    .slice(1)
    .map((l) => l.replace(/^ {2}/, ""));
  return ["```text", ...commands, "```"].join("\n");
}

export function generatedFiles(root: string): { path: string; text: string }[] {
  const meta = readActionMetadata(readFileSync(join(root, "action.yml"), "utf8"));
  let readme = readFileSync(join(root, "README.md"), "utf8");
  readme = replaceGenerated(readme, "action-inputs", renderInputsTable(meta));
  readme = replaceGenerated(readme, "action-outputs", renderOutputsTable(meta));
  readme = replaceGenerated(readme, "cli-commands", renderCliCommands(USAGE));
  const workflows = renderWorkflowsDoc(root, readFileSync(join(root, WORKFLOWS_DOC), "utf8"));
  return [
    { path: "README.md", text: readme },
    { path: WORKFLOWS_DOC, text: workflows },
    { path: "docs/report.schema.json", text: renderReportSchema() },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  for (const { path, text } of generatedFiles(process.cwd())) {
    let current: string | null = null;
    try {
      current = readFileSync(path, "utf8");
    } catch {
      // a missing file is stale
    }
    if (current === text) continue;
    stale.push(path);
    if (!check) writeFileSync(path, text);
  }
  if (check && stale.length > 0) {
    console.error(`out of date: ${stale.join(", ")} — run \`npm run generate\` and commit the result`);
    process.exit(1);
  }
  console.log(stale.length === 0 ? "generated files are up to date" : `regenerated ${stale.join(", ")}`);
}
