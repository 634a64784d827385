// Every budget gate on both sides of its limit and exactly at it: a gate that never fails, always
// fails, or moves its boundary by one unit must turn at least one row red.
import { describe, expect, it } from "vitest";
import { compareReports } from "../../src/compare/compare.js";
import {
  evaluateGates,
  failedGatesMessage,
  type GateConfig,
  type GateResult,
} from "../../src/compare/gates.js";
import type { ReportStep } from "../../src/report/schema.js";
import { makeReport, step } from "../support/report.js";

const NONE: GateConfig = {
  maxImageSize: null,
  maxImageGrowth: null,
  maxWarmSeconds: null,
  minCacheHitRatio: null,
  failOnCacheRegression: false,
};
/** Four cacheable steps, three cached: a cache hit ratio of exactly 0.75. */
const HIT_75 = [
  step("COPY requirements.txt .", "cached", null, 6),
  step("RUN pip install -r requirements.txt", "cached", null, 7),
  step("RUN make deps", "cached", null, 8),
  step("COPY . .", "done", 0.1, 9),
];
const BASE_SIZE = 100_000_000;

function gate(
  config: Partial<GateConfig>,
  head: { size?: number; warmSeconds?: number; warm?: ReportStep[] },
) {
  const base = makeReport({ warm: HIT_75, sizeBytes: BASE_SIZE });
  const report = makeReport({
    warm: head.warm ?? HIT_75,
    sizeBytes: head.size ?? BASE_SIZE,
    warmSeconds: head.warmSeconds ?? 10,
  });
  const gates = evaluateGates(report, compareReports(base, report), BASE_SIZE, { ...NONE, ...config });
  expect(gates).toHaveLength(1);
  return gates[0] as GateResult;
}

describe("max-image-size: passes up to and at the limit, fails one byte over", () => {
  it.each([
    { name: "below", size: 99_999_999, passed: true },
    { name: "at the limit", size: 100_000_000, passed: true },
    { name: "one byte over", size: 100_000_001, passed: false },
  ])("$name", ({ size, passed }) => {
    expect(gate({ maxImageSize: 100_000_000 }, { size }).passed).toBe(passed);
  });

  it("names the size and the limit", () => {
    expect(gate({ maxImageSize: 50_000_000 }, { size: 120_000_000 })).toEqual({
      id: "max-image-size",
      passed: false,
      limit: "50.0 MB",
      actual: "120 MB",
      message: "image size 120 MB (uncompressed) exceeds max-image-size 50.0 MB",
    });
    expect(gate({ maxImageSize: 200_000_000 }, { size: 120_000_000 }).message).toBe(
      "image size 120 MB (uncompressed) is within max-image-size 200 MB",
    );
  });
});

describe("max-image-growth: passes up to and at the allowed growth, fails one byte over", () => {
  const ratio = { kind: "ratio" as const, ratio: 0.1 };
  const bytes = { kind: "bytes" as const, bytes: 1_000_000 };
  it.each([
    { name: "10%: shrank", growth: ratio, size: 90_000_000, passed: true },
    { name: "10%: just below", growth: ratio, size: 109_999_999, passed: true },
    { name: "10%: exactly +10%", growth: ratio, size: 110_000_000, passed: true },
    { name: "10%: one byte over", growth: ratio, size: 110_000_001, passed: false },
    { name: "1 MB: unchanged", growth: bytes, size: BASE_SIZE, passed: true },
    { name: "1 MB: exactly +1 MB", growth: bytes, size: 101_000_000, passed: true },
    { name: "1 MB: one byte over", growth: bytes, size: 101_000_001, passed: false },
    {
      name: "0%: any growth fails",
      growth: { kind: "ratio" as const, ratio: 0 },
      size: 100_000_001,
      passed: false,
    },
  ])("$name", ({ growth, size, passed }) => {
    expect(gate({ maxImageGrowth: growth }, { size }).passed).toBe(passed);
  });

  it.each([
    {
      name: "ratio, over",
      growth: ratio,
      size: 120_000_000,
      want: {
        passed: false,
        limit: "+10%",
        actual: "+20.0 MB (+20%)",
        message: "image grew +20.0 MB (+20%) against the base, over max-image-growth +10%",
      },
    },
    {
      name: "unchanged",
      growth: ratio,
      size: BASE_SIZE,
      want: {
        passed: true,
        limit: "+10%",
        actual: "+0 B (+0%)",
        message: "image grew +0 B (+0%) against the base, within max-image-growth +10%",
      },
    },
    {
      name: "bytes, shrank",
      growth: bytes,
      size: 97_500_000,
      want: {
        passed: true,
        limit: "+1.00 MB",
        actual: "−2.50 MB (−2.5%)",
        message: "image grew −2.50 MB (−2.5%) against the base, within max-image-growth +1.00 MB",
      },
    },
  ])("says how much it grew: $name", ({ growth, size, want }) => {
    expect(gate({ maxImageGrowth: growth }, { size })).toEqual({ id: "max-image-growth", ...want });
  });

  it("is not judged against a base whose size is from another image store", () => {
    const base = makeReport({ warm: HIT_75, sizeBytes: BASE_SIZE });
    const head = makeReport({ warm: HIT_75, sizeBytes: 500_000_000 });
    head.image.sizeKind = "compressed";
    const comparison = compareReports(base, head);
    expect(comparison.comparable.size).toBe(false);
    const [result] = evaluateGates(head, comparison, BASE_SIZE, { ...NONE, maxImageGrowth: ratio });
    expect(result).toMatchObject({ passed: null, actual: "no baseline" });
  });
});

describe("max-warm-seconds: passes up to and at the limit, fails above it", () => {
  it.each([
    { name: "well within", limit: 20, passed: true },
    { name: "at the limit", limit: 10, passed: true },
    { name: "just over", limit: 9.99, passed: false },
    { name: "far over", limit: 1, passed: false },
  ])("$name", ({ limit, passed }) => {
    expect(gate({ maxWarmSeconds: limit }, { warmSeconds: 10 }).passed).toBe(passed);
  });

  it("names the warm time and the limit", () => {
    expect(gate({ maxWarmSeconds: 5 }, { warmSeconds: 12.34 })).toEqual({
      id: "max-warm-seconds",
      passed: false,
      limit: "5.0s",
      actual: "12.3s",
      message: "warm build after a code change took 12.3s, over max-warm-seconds 5.0s",
    });
    expect(gate({ maxWarmSeconds: 90 }, { warmSeconds: 12.34 }).message).toBe(
      "warm build after a code change took 12.3s, within max-warm-seconds 1m 30s",
    );
  });
});

describe("min-cache-hit-ratio: passes above and at the minimum, fails below it", () => {
  it.each([
    { name: "above", min: 0.5, passed: true },
    { name: "at the minimum", min: 0.75, passed: true },
    { name: "just below", min: 0.76, passed: false },
    { name: "far below", min: 1, passed: false },
  ])("$name", ({ min, passed }) => {
    expect(gate({ minCacheHitRatio: min }, {}).passed).toBe(passed);
  });

  it("a build with no cacheable step has no ratio, which passes", () => {
    const onlyFrom = [step("FROM python:3.12", "cached", null, 1)];
    expect(gate({ minCacheHitRatio: 0.9 }, { warm: onlyFrom })).toMatchObject({ passed: true, actual: "–" });
  });

  it("names the ratio and the minimum", () => {
    expect(gate({ minCacheHitRatio: 0.9 }, {})).toEqual({
      id: "min-cache-hit-ratio",
      passed: false,
      limit: "90%",
      actual: "75%",
      message: "cache hit ratio after a code change is 75%, below min-cache-hit-ratio 90%",
    });
    expect(gate({ minCacheHitRatio: 0.75 }, {}).message).toBe(
      "cache hit ratio after a code change is 75%, at or above min-cache-hit-ratio 75%",
    );
  });
});

describe("max-image-growth against an empty base image", () => {
  it("has no percentage to show, and any growth over the bytes allowed fails", () => {
    const base = makeReport({ warm: HIT_75, sizeBytes: 0 });
    const head = makeReport({ warm: HIT_75, sizeBytes: 2_000 });
    const [result] = evaluateGates(head, compareReports(base, head), 0, {
      ...NONE,
      maxImageGrowth: { kind: "bytes", bytes: 1_000 },
    });
    expect(result).toMatchObject({ passed: false, actual: "+2.00 kB", limit: "+1.00 kB" });
  });
});

describe("fail-on-cache-regression", () => {
  const cached = (instruction: string, line: number) => step(instruction, "cached", null, line);
  const rebuilt = (instruction: string, line: number) => step(instruction, "done", 5, line);
  const BASE = [cached("COPY requirements.txt .", 6), cached("RUN pip install", 7), cached("RUN make", 8)];
  const judge = (head: ReportStep[], touched?: string[]) => {
    const base = makeReport({ warm: BASE });
    const report = makeReport({ warm: head });
    if (touched) report.touched = touched;
    const [result] = evaluateGates(report, compareReports(base, report), BASE_SIZE, {
      ...NONE,
      failOnCacheRegression: true,
    });
    return result;
  };

  it.each([
    {
      name: "none lost",
      head: BASE,
      want: { passed: true, actual: "none", message: "no step lost its cache against the base" },
    },
    {
      name: "one lost, with its line",
      head: [cached("COPY requirements.txt .", 6), rebuilt("RUN pip install", 7), cached("RUN make", 8)],
      want: {
        passed: false,
        actual: "1 step",
        message:
          "cache regression: RUN pip install (line 7) stayed cached after a code change on the base but rebuilds now",
      },
    },
    {
      name: "two lost, one without a line",
      head: [
        cached("COPY requirements.txt .", 6),
        rebuilt("RUN pip install", 7),
        { ...rebuilt("RUN make", 8), line: null },
      ],
      want: {
        passed: false,
        actual: "2 steps",
        message:
          "cache regression: RUN pip install (line 7); RUN make stayed cached after a code change on the base but rebuilds now",
      },
    },
  ])("$name", ({ head, want }) => {
    expect(judge(head)).toEqual({ id: "fail-on-cache-regression", limit: "none", ...want });
  });

  it("is not judged when the two builds touched different files, and says why", () => {
    expect(judge(BASE, ["other.py"])).toEqual({
      id: "fail-on-cache-regression",
      passed: null,
      limit: "none",
      actual: "not comparable",
      message:
        "fail-on-cache-regression not checked: base and head touched different files (app/main.py vs other.py), so their rebuilds do not compare; set `touch:` to fix the file",
    });
  });

  it("is not judged without a baseline, and says so", () => {
    const [result] = evaluateGates(makeReport({ warm: BASE }), null, null, {
      ...NONE,
      failOnCacheRegression: true,
    });
    expect(result).toEqual({
      id: "fail-on-cache-regression",
      passed: null,
      limit: "none",
      actual: "no baseline",
      message: "fail-on-cache-regression not checked: no baseline to compare with yet",
    });
  });
});

describe("failedGatesMessage", () => {
  const result = (id: GateResult["id"], passed: boolean | null): GateResult => ({
    id,
    passed,
    limit: "x",
    actual: "y",
    message: `${id} says why`,
  });
  it.each([
    {
      name: "none failed",
      gates: [result("max-image-size", true), result("max-image-growth", null)],
      want: null,
    },
    {
      name: "one failed",
      gates: [result("max-image-size", false), result("max-warm-seconds", true)],
      want: "1 gate failed:\n- max-image-size: max-image-size says why",
    },
    {
      name: "two failed",
      gates: [result("max-image-size", false), result("min-cache-hit-ratio", false)],
      want: "2 gates failed:\n- max-image-size: max-image-size says why\n- min-cache-hit-ratio: min-cache-hit-ratio says why",
    },
  ])("$name", ({ gates, want }) => {
    expect(failedGatesMessage(gates)).toBe(want);
  });
});
