import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findCycles, importGraph } from "../../scripts/check-cycles.js";

let root = "";
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = "";
});

function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), "dcb-cycles-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const names = (cycles: string[][]): string[][] => cycles.map((c) => c.map((f) => f.slice(root.length + 1)));

interface Case {
  name: string;
  files: Record<string, string>;
  cycles: string[][];
}

describe("check-cycles", () => {
  it.each<Case>([
    {
      name: "a type-only import back is a cycle",
      files: {
        "run.ts": 'import { x } from "./parts/comment.js";\nexport interface Ctx { a: 1 }\n',
        "parts/comment.ts": 'import type { Ctx } from "../run.js";\nexport const x = 1;\n',
      },
      cycles: [["parts/comment.ts", "run.ts"]],
    },
    {
      name: "a three-module ring through an index file",
      files: {
        "a.ts": 'import "./b.js";',
        "b.ts": 'export * from "./c/index.js";',
        "c/index.ts": 'import { a } from "../a.js";',
      },
      cycles: [["a.ts", "b.ts", "c/index.ts"]],
    },
    {
      name: "shared types below both sides: no cycle",
      files: {
        "context.ts": "export interface Ctx { a: 1 }\n",
        "run.ts": 'import type { Ctx } from "./context.js";\nimport "./comment.js";\n',
        "comment.ts": 'import type { Ctx } from "./context.js";\nimport { z } from "zod";\n',
      },
      cycles: [],
    },
  ])("$name", ({ files, cycles }) => {
    expect(names(findCycles(importGraph(tree(files))))).toEqual(cycles);
  });

  it("src/ has no import cycle", () => {
    expect(findCycles(importGraph("src"))).toEqual([]);
  });
});
