import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { outputValues } from "../../src/action/outputs.js";
import {
  DESCRIPTION_LIMIT,
  readActionMetadata,
  renderInputsTable,
  renderOutputsTable,
  replaceGenerated,
} from "../../scripts/action-docs.js";
import { generatedFiles, renderCliCommands } from "../../scripts/generate.js";
import { makeReport, step } from "../support/report.js";

const ROOT = join(import.meta.dirname, "../..");
const ACTION_YML = readFileSync(join(ROOT, "action.yml"), "utf8");

describe("action.yml", () => {
  it("has a Marketplace-sized description and describes every input and output", () => {
    const meta = readActionMetadata(ACTION_YML);
    expect(meta.description.length).toBeLessThanOrEqual(DESCRIPTION_LIMIT);
    expect(meta.inputs.length).toBeGreaterThan(0);
  });

  it("declares exactly the outputs the Action sets", () => {
    const declared = readActionMetadata(ACTION_YML).outputs.map(([name]) => name);
    const set = outputValues({
      head: makeReport({ warm: [step("RUN make", "done", 1, 3)] }),
      comparison: null,
      gates: [],
      reportPath: "r.json",
      comment: null,
      baselineCommit: null,
    });
    // …plus the ones set by name on the failure path.
    const action = join(ROOT, "src/action");
    const byName = readdirSync(action).flatMap((f) =>
      [...readFileSync(join(action, f), "utf8").matchAll(/setOutput\("([a-z-]+)"/g)].map((m) => m[1]),
    );
    expect(declared.sort()).toEqual([...new Set([...Object.keys(set), ...byName])].sort());
  });

  it.each([
    {
      name: "a long description",
      yml: `description: ${"x".repeat(DESCRIPTION_LIMIT + 1)}\ninputs: {}\n`,
      error: /description is 126 characters/,
    },
    { name: "no description", yml: "inputs: {}\n", error: /has no description/ },
    {
      name: "an undocumented input and output",
      yml: "description: d\ninputs:\n  a:\n    default: x\noutputs:\n  b:\n    description: ' '\n",
      error: /input a has no description; output b has no description/,
    },
  ])("refuses $name", ({ yml, error }) => {
    expect(() => readActionMetadata(yml)).toThrow(error);
  });
});

describe("README tables", () => {
  const meta = readActionMetadata(
    [
      "description: d",
      "inputs:",
      "  mode:",
      "    description: |",
      "      `a` | `b`,",
      "      on two lines.",
      "    required: true",
      "  token:",
      "    description: The token.",
      "    default: ${{ github.token }}",
      "outputs:",
      "  passed:",
      "    description: Whether it passed.",
    ].join("\n"),
  );

  it("render one row per entry, pipes escaped, lines joined, defaults as code", () => {
    expect(renderInputsTable(meta).split("\n").slice(2)).toEqual([
      "| `mode` (required) |  | `a` \\| `b`, on two lines. |",
      "| `token` | `${{ github.token }}` | The token. |",
    ]);
    expect(renderOutputsTable(meta)).toBe(
      "| output | description |\n|---|---|\n| `passed` | Whether it passed. |",
    );
  });

  it("replace only what stands between the markers, and need the markers", () => {
    const start = "<!-- generated:t (npm run generate; do not edit) -->";
    const text = `# A\n${start}\nold\n<!-- /generated:t -->\n## B\n`;
    expect(replaceGenerated(text, "t", "new")).toBe(`# A\n${start}\nnew\n<!-- /generated:t -->\n## B\n`);
    expect(() => replaceGenerated("# A\n", "t", "new")).toThrow(/no "<!-- generated:t/);
  });

  it("the README's CLI commands are --help's first paragraph as it prints it", () => {
    const usage =
      "Usage:\n  tool run X     does\n                 more\n  tool parse\n\nOptions for run:\n  -q";
    expect(renderCliCommands(usage)).toBe(
      "```text\ntool run X     does\n               more\ntool parse\n```",
    );
  });

  it("the committed README and report schema equal a fresh generation", () => {
    for (const { path, text } of generatedFiles(ROOT)) {
      expect(readFileSync(join(ROOT, path), "utf8"), `${path} is stale: npm run generate`).toBe(text);
    }
  });
});
