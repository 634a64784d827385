import { describe, expect, it } from "vitest";
import { baselinesFromSet, compareImages } from "../../src/compare/images.js";
import { entryOf, makeReportSet } from "../../src/report/report-set.js";
import { makeReport, step } from "../support/report.js";

const report = (id: string, warmSeconds: number) => ({
  ...makeReport({ warm: [step("COPY . .", "done", 0.1, 3)], warmSeconds }),
  benchmarkId: id,
});
const NOISE = { seconds: 2, ratio: 0.1 };
const GATES = {
  maxImageSize: null,
  maxImageGrowth: null,
  maxWarmSeconds: null,
  minCacheHitRatio: null,
  failOnCacheRegression: false,
};

describe("compareImages", () => {
  it("matches every image to its own baseline by id, never by position", () => {
    const base = makeReportSet([entryOf(report("web", 30)), entryOf(report("api", 20))], {
      version: "0.1.0",
    });
    const heads = [entryOf(report("api", 10)), entryOf(report("web", 10)), entryOf(report("new", 10))];
    const out = compareImages(heads, baselinesFromSet(base, null, heads.length), NOISE, GATES);
    expect(out.map((o) => o.comparison?.metrics.find((m) => m.key === "warmSeconds")?.base ?? null)).toEqual([
      20,
      30,
      null,
    ]);
    expect(out[2]?.baselineNote).toBe("The baseline file has no report for new.");
    expect(out[0]?.baseline).toMatchObject({ source: "file" });
  });

  it("one image against a baseline of one compares whatever the ids", () => {
    const base = makeReportSet([entryOf(report("examples/app", 30))], { version: "0.1.0" });
    const heads = [entryOf(report("/tmp/x/examples/app", 10))];
    const out = compareImages(heads, baselinesFromSet(base, null, 1), NOISE, GATES);
    expect(out[0]?.comparison).not.toBeNull();
    const two = [...heads, entryOf(report("web", 1))];
    expect(
      compareImages(two, baselinesFromSet(base, null, 2), NOISE, GATES).map((o) => o.comparison),
    ).toEqual([null, null]);
  });
});
