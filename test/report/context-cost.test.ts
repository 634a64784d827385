import { describe, expect, it } from "vitest";
import { contextCostLine } from "../../src/report/context-cost.js";
import type { Report } from "../../src/report/schema.js";
import { makeReport } from "../support/report.js";

function report(ctx: Partial<NonNullable<Report["context"]>>, cold: number, warm: number): Report {
  const r = makeReport({ warm: [] });
  return {
    ...r,
    summary: { ...r.summary, coldSeconds: cold, warmSeconds: warm },
    context: { transferBytes: 2_500_000, dockerignore: false, gitSent: false, ...ctx },
    findings: [
      { rule: "no-dockerignore", line: null, severity: "warning", message: "m", fix: "f", seconds: 10.8 },
    ],
  };
}

describe("contextCostLine", () => {
  it.each([
    {
      name: "a large part of both builds",
      r: report({ files: 30_005, bytes: 2_500_000, coldSeconds: 10.8, warmSeconds: 2.4 }, 30.3, 9.6),
      want: "Build context: 30,005 files (2.50 MB) sent; `load build context` took 10.8s of the 30.3s cold build and 2.4s of the 9.6s warm build (see `no-dockerignore`).",
    },
    {
      name: "a small part of builds that take long anyway",
      r: report({ files: 30_005, bytes: 2_500_000, coldSeconds: 1.1, warmSeconds: 1.0 }, 60, 30),
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
