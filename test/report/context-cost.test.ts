import { describe, expect, it } from "vitest";
import { contextCostLine, contextSizeText } from "../../src/report/context-cost.js";
import type { ContextFacts, Report } from "../../src/report/schema.js";
import { renderTerminal } from "../../src/report/terminal.js";
import { makeReport } from "../support/report.js";

function report(ctx: Partial<ContextFacts>, cold: number, warm: number): Report {
  const r = makeReport({ warm: [] });
  return {
    ...r,
    summary: { ...r.summary, coldSeconds: cold, warmSeconds: warm },
    context: { transferBytes: 898_000, dockerignore: false, gitSent: false, ...ctx },
    findings: [
      { rule: "no-dockerignore", line: null, severity: "warning", message: "m", fix: "f", seconds: 10.8 },
    ],
  };
}

describe("contextCostLine", () => {
  it.each([
    {
      name: "a large part of both builds",
      r: report({ files: 30_005, bytes: 2_770_000, coldSeconds: 10.8, warmSeconds: 2.4 }, 30.3, 9.6),
      want: "Build context: 2.77 MB on disk in 30,005 files; BuildKit transferred 898 kB; `load build context` took 10.8s of the 30.3s cold build and 2.4s of the 9.6s warm build (see `no-dockerignore`).",
    },
    {
      name: "BuildKit did not show the transfer: the walk's size alone",
      r: report(
        { transferBytes: null, files: 30_005, bytes: 2_770_000, coldSeconds: 10.8, warmSeconds: null },
        30.3,
        9.6,
      ),
      want: "Build context: 2.77 MB on disk in 30,005 files; `load build context` took 10.8s of the 30.3s cold build (see `no-dockerignore`).",
    },
    {
      name: "a small part of builds that take long anyway",
      r: report({ files: 30_005, bytes: 2_770_000, coldSeconds: 1.1, warmSeconds: 1.0 }, 60, 30),
      want: null,
    },
    {
      name: "a tiny context that was slow to set up",
      r: report({ files: 12, bytes: 3_000, coldSeconds: 1.5, warmSeconds: 1.2 }, 3.6, 3.5),
      want: null,
    },
    { name: "an old report without the measurement", r: report({}, 3.6, 3.5), want: null },
  ])("$name", ({ r, want }) => {
    expect(contextCostLine(r)).toBe(want);
  });
});

describe("contextSizeText: each size says whose it is", () => {
  const base: ContextFacts = { transferBytes: 898_000, dockerignore: false, gitSent: false };
  it.each<{ name: string; ctx: Partial<ContextFacts>; want: string | null }>([
    {
      name: "the walk and BuildKit",
      ctx: { files: 30_005, bytes: 2_770_000 },
      want: "2.77 MB on disk in 30,005 files; BuildKit transferred 898 kB",
    },
    {
      name: "one file",
      ctx: { files: 1, bytes: 20 },
      want: "20 B on disk in 1 file; BuildKit transferred 898 kB",
    },
    {
      name: "a walk stopped at its bound: lower bounds",
      ctx: { files: 500_000, bytes: 9_100_000_000, truncated: true, transferBytes: null },
      want: "at least 9.10 GB on disk in 500,000 files",
    },
    { name: "an old report: BuildKit's number only", ctx: {}, want: "BuildKit transferred 898 kB" },
    { name: "neither", ctx: { transferBytes: null }, want: null },
  ])("$name", ({ ctx, want }) => {
    expect(contextSizeText({ ...base, ...ctx })).toBe(want);
  });

  it("the CLI's Context row names both, as the headline does", () => {
    const r = report({ files: 30_005, bytes: 2_770_000, coldSeconds: 10.8, warmSeconds: 2.4 }, 30.3, 9.6);
    const row = renderTerminal(r)
      .split("\n")
      .find((l) => l.trimStart().startsWith("Context"));
    expect(row?.trim()).toBe(
      "Context        2.77 MB on disk in 30,005 files; BuildKit transferred 898 kB; load build context 10.8s cold, 2.4s warm",
    );
  });
});
