import { describe, expect, it } from "vitest";
import { compareReports } from "../../src/compare/compare.js";
import { evaluateGates, failedGates, type GateConfig } from "../../src/compare/gates.js";
import { makeReport, step } from "../support/report.js";

const NONE: GateConfig = {
  maxImageSize: null,
  maxImageGrowth: null,
  maxWarmSeconds: null,
  minCacheHitRatio: null,
  failOnCacheRegression: false,
};
const GOOD = [
  step("COPY requirements.txt .", "cached", null, 6),
  step("RUN pip install -r requirements.txt", "cached", null, 7),
  step("COPY . .", "done", 0.1, 8),
];
const BAD = [step("COPY . .", "done", 0.1, 6), step("RUN pip install -r requirements.txt", "done", 41, 7)];

describe("evaluateGates", () => {
  it("no budgets set: no gates", () => {
    expect(evaluateGates(makeReport({ warm: GOOD }), null, null, NONE)).toEqual([]);
  });

  it.each([
    { name: "size within", config: { maxImageSize: 200_000_000 }, size: 100_000_000, passed: true },
    { name: "size over", config: { maxImageSize: 50_000_000 }, size: 100_000_000, passed: false },
    {
      name: "growth % within",
      config: { maxImageGrowth: { kind: "ratio" as const, ratio: 0.1 } },
      size: 105_000_000,
      passed: true,
    },
    {
      name: "growth % over",
      config: { maxImageGrowth: { kind: "ratio" as const, ratio: 0.1 } },
      size: 120_000_000,
      passed: false,
    },
    {
      name: "growth bytes over",
      config: { maxImageGrowth: { kind: "bytes" as const, bytes: 1_000_000 } },
      size: 102_000_000,
      passed: false,
    },
    { name: "warm within", config: { maxWarmSeconds: 20 }, size: 100_000_000, passed: true },
    { name: "hit ratio below", config: { minCacheHitRatio: 0.9 }, size: 100_000_000, passed: false },
  ])("$name", ({ config, size, passed }) => {
    const base = makeReport({ warm: GOOD, sizeBytes: 100_000_000 });
    const head = makeReport({ warm: GOOD, sizeBytes: size, warmSeconds: 10 });
    const [gate] = evaluateGates(head, compareReports(base, head), base.image.sizeBytes, {
      ...NONE,
      ...config,
    });
    expect(gate?.passed).toBe(passed);
  });

  it("cache regression: the gate fails on a head that moved COPY . . above the install, and names the step", () => {
    const base = makeReport({ warm: GOOD });
    const head = makeReport({ warm: BAD });
    const gates = evaluateGates(head, compareReports(base, head), base.image.sizeBytes, {
      ...NONE,
      failOnCacheRegression: true,
    });
    expect(failedGates(gates).map((g) => g.id)).toEqual(["fail-on-cache-regression"]);
    expect(gates[0]?.message).toContain("RUN pip install -r requirements.txt (line 7)");
  });

  it("a head that only edits code does not trip the regression gate", () => {
    const base = makeReport({ warm: GOOD, warmSeconds: 3 });
    const head = makeReport({ warm: GOOD, warmSeconds: 9 });
    const gates = evaluateGates(head, compareReports(base, head), base.image.sizeBytes, {
      ...NONE,
      failOnCacheRegression: true,
    });
    expect(failedGates(gates)).toEqual([]);
  });

  it("relative gates without a baseline are not judged (never a failure on a first run)", () => {
    const gates = evaluateGates(makeReport({ warm: BAD }), null, null, {
      ...NONE,
      failOnCacheRegression: true,
      maxImageGrowth: { kind: "ratio", ratio: 0 },
    });
    expect(gates.map((g) => g.passed)).toEqual([null, null]);
    expect(failedGates(gates)).toEqual([]);
  });
});
