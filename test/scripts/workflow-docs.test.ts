// The example workflows (docs/workflows/, linted by actionlint) and every YAML block of the
// README and docs/workflows.md: what actionlint cannot know about this Action — its input names,
// and whether the halves of a workflow hand the report over (artifact names, paths, workflow names).
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { readActionMetadata } from "../../scripts/action-docs.js";
import { exampleWorkflows, renderWorkflowsDoc } from "../../scripts/workflow-docs.js";
import { globToRegExp } from "../../src/baseline/report-files.js";

const ROOT = join(import.meta.dirname, "../..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const INPUTS = readActionMetadata(read("action.yml")).inputs.map(([name]) => name);

interface Step {
  uses?: string;
  with?: Record<string, string>;
}
interface Workflow {
  name: string;
  on: Record<string, { workflows?: string[] } | null>;
  jobs: Record<string, { needs?: string; if?: string; steps: Step[] }>;
}

const workflow = (path: string) => yaml.load(read(path)) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const step = (w: Workflow, action: string) => steps(w).filter((s) => s.uses?.startsWith(`${action}@`));
/** `${{ matrix.id }}` stands for any value. */
const anyValue = (s: string) => s.replace(/\$\{\{[^}]*\}\}/g, "x");

/** Every `uses: docker-cache-bench/…` step anywhere in a YAML document (workflows and snippets). */
function ourSteps(doc: unknown): Step[] {
  if (Array.isArray(doc)) return doc.flatMap(ourSteps);
  if (typeof doc !== "object" || doc === null) return [];
  const here = (doc as Step).uses?.startsWith("docker-cache-bench/docker-cache-bench@") ? [doc as Step] : [];
  return [...here, ...Object.values(doc).flatMap(ourSteps)];
}

const yamlBlocks = (md: string) => [...md.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => m[1]!);

/** Where the report an upload step sends lands when `download` fetches it: the path `report:` must match. */
function downloadedReport(upload: Step, download: Step): string {
  const name = anyValue(upload.with?.name ?? "");
  const w = download.with ?? {};
  if (w.name) expect(w.name).toBe(name);
  else expect(name).toMatch(globToRegExp(w.pattern ?? ""));
  // With `pattern`, each artifact gets a directory of its own under `path` (no merge-multiple).
  return `${w.path}/${w.name ? "" : `${name}/`}report.json`;
}

describe("example workflows", () => {
  const files = exampleWorkflows(ROOT);

  it("docs/workflows.md shows every one, and the README and that page only use inputs action.yml has", () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    const docs = [...yamlBlocks(read("README.md")), ...yamlBlocks(read("docs/workflows.md"))];
    const used = docs.flatMap((d) => ourSteps(yaml.load(d))).flatMap((s) => Object.keys(s.with ?? {}));
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !INPUTS.includes(name))).toEqual([]);
  });

  it.each(files.filter((f) => f.endsWith("-fork-comment.yml")))(
    "%s comments on the measuring workflow's runs of pull requests, from its artifacts",
    (path) => {
      const comment = workflow(path);
      const measure = workflow(path.replace("-comment.yml", "-measure.yml"));
      expect(comment.on.workflow_run?.workflows).toEqual([measure.name]);
      expect(Object.values(comment.jobs)[0]?.if).toBe("github.event.workflow_run.event == 'pull_request'");
      expect(step(measure, "docker-cache-bench/docker-cache-bench")[0]?.with?.comment).toBe("never");
      const download = step(comment, "actions/download-artifact")[0]!;
      expect(download.with?.["run-id"]).toBe("${{ github.event.workflow_run.id }}");
      const report = downloadedReport(step(measure, "actions/upload-artifact")[0]!, download);
      expect(report).toMatch(
        globToRegExp(step(comment, "docker-cache-bench/docker-cache-bench")[0]?.with?.report ?? ""),
      );
    },
  );

  it("the matrix's last job merges every job's report after all of them, on pull requests", () => {
    const w = workflow("docs/workflows/matrix.yml");
    expect(w.jobs.comment?.needs).toBe("bench");
    expect(w.jobs.comment?.if).toContain("github.event_name == 'pull_request'");
    const measure = w.jobs.bench!.steps;
    expect(measure.find((s) => s.uses?.startsWith("docker-cache-bench/"))?.with?.comment).toBe("never");
    const upload = measure.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    const report = downloadedReport(upload, step(w, "actions/download-artifact")[0]!);
    const merge = w.jobs.comment!.steps.find((s) => s.uses?.startsWith("docker-cache-bench/"));
    expect(report).toMatch(globToRegExp(merge?.with?.report ?? ""));
  });

  it("a workflow file the page does not show is an error", () => {
    const root = mkdtempSync(join(tmpdir(), "dcb-workflows-"));
    mkdirSync(join(root, "docs/workflows"), { recursive: true });
    writeFileSync(join(root, "docs/workflows/a.yml"), "name: a\n");
    writeFileSync(join(root, "docs/workflows/b.yml"), "name: b\n");
    const doc =
      "<!-- generated:docs/workflows/a.yml (npm run generate; do not edit) -->\n<!-- /generated:docs/workflows/a.yml -->\n";
    expect(() => renderWorkflowsDoc(root, doc)).toThrow("shows no block for docs/workflows/b.yml");
    expect(renderWorkflowsDoc(root, doc + doc.replaceAll("a.yml", "b.yml"))).toContain(
      "```yaml\nname: b\n```",
    );
  });
});
