// The outputs and job summary of a run of several images (src/action/images-output.ts).
import { describe, expect, it } from "vitest";
import { buildImagesSummary, imagesOutputValues } from "../../src/action/images-output.js";
import { MAX_SUMMARY_BYTES } from "../../src/action/outputs.js";
import { compareImages, NO_BASELINE } from "../../src/compare/images.js";
import { entryOf } from "../../src/report/report-set.js";
import type { FailedReport } from "../../src/report/schema.js";
import { makeReport, step } from "../support/report.js";

const NOISE = { seconds: 2, ratio: 0.1 };
const GATES = {
  maxImageSize: null,
  maxImageGrowth: null,
  maxWarmSeconds: 5,
  minCacheHitRatio: null,
  failOnCacheRegression: false,
};
const report = (id: string, warmSeconds: number) => ({
  ...makeReport({ warm: [step("COPY . .", "done", 0.1, 3)], warmSeconds }),
  benchmarkId: id,
});
const baseline = (commit: string) => ({
  report: report("base", 4),
  info: { source: "cache" as const, commit, exact: true, branch: "main" },
  note: null,
});

function failed(id: string): FailedReport {
  const { summary: _s, image: _i, findings: _f, touch: _t, touched: _d, ...rest } = report(id, 1);
  return {
    ...rest,
    error: {
      phase: "cold",
      step: "RUN make",
      line: 4,
      exitCode: 2,
      message: "cold build failed",
      logTail: [],
    },
  } as unknown as FailedReport;
}

describe("imagesOutputValues", () => {
  it("several images: numbers empty, gates as image:gate, the shared baseline commit", () => {
    const images = [entryOf(report("api", 9)), entryOf(report("web", 3))];
    const outcomes = compareImages(images, () => baseline("c0ffee"), NOISE, GATES);
    const v = imagesOutputValues({ outcomes, reportPath: "/r.json", comment: null });
    expect(v).toMatchObject({
      "cold-seconds": "",
      "warm-seconds": "",
      "failed-gates": "api:max-warm-seconds",
      passed: "false",
      "baseline-commit": "c0ffee",
      "report-path": "/r.json",
    });
  });

  it("baselines of different commits leave baseline-commit empty; all gates passing is passed", () => {
    const images = [entryOf(report("api", 3)), entryOf(report("web", 3))];
    const outcomes = compareImages(images, (id) => baseline(id === "api" ? "aaa" : "bbb"), NOISE, GATES);
    const v = imagesOutputValues({ outcomes, reportPath: "/r.json", comment: null });
    expect(v).toMatchObject({ passed: "true", "failed-gates": "", "baseline-commit": "" });
  });

  it("one image of a set has its numbers; a failed build is not passed", () => {
    const one = compareImages([entryOf(report("api", 3))], () => NO_BASELINE, NOISE, GATES);
    expect(imagesOutputValues({ outcomes: one, reportPath: "", comment: null })["warm-seconds"]).toBe("3");
    const broken = compareImages(
      [entryOf(report("api", 3)), entryOf(failed("web"))],
      () => NO_BASELINE,
      NOISE,
      GATES,
    );
    expect(imagesOutputValues({ outcomes: broken, reportPath: "", comment: null }).passed).toBe("false");
  });
});

describe("buildImagesSummary", () => {
  const input = (outcomes: ReturnType<typeof compareImages>) => ({
    marker: "<!-- m -->",
    benchmarkId: "docker-bake.hcl",
    images: outcomes,
    summaryUrl: null,
  });

  it("the comment (no marker), then each image's full report", () => {
    const outcomes = compareImages(
      [entryOf(report("api", 3)), entryOf(report("web", 3))],
      () => NO_BASELINE,
      NOISE,
      GATES,
    );
    const s = buildImagesSummary(input(outcomes));
    expect(s).not.toContain("<!-- m -->");
    expect(s).toMatch(/^### 🐳 Docker build benchmark · <code>docker-bake.hcl<\/code> · 2 images/);
    expect(s.indexOf("Full report of <code>api</code>")).toBeLessThan(
      s.indexOf("Full report of <code>web</code>"),
    );
  });

  it("full reports that do not fit under the runner's 1 MiB limit are left for the report file", () => {
    const big = (id: string) => {
      const r = report(id, 3);
      for (let i = 0; i < 1200; i++)
        r.warm.steps.push(step(`RUN echo ${"x".repeat(100)} ${i}`, "done", 0.1, 3));
      return r;
    };
    const ids = ["api", "web", "worker"];
    const outcomes = compareImages(
      ids.map((id) => entryOf(big(id))),
      () => NO_BASELINE,
      NOISE,
      GATES,
    );
    const s = buildImagesSummary(input(outcomes));
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(s).toContain("they are in the report file (output `report-path`)");
    // The comment whole, then the full reports in order while they fit.
    expect(s).toContain("· 3 images");
    const shown = ids.filter((id) => s.includes(`Full report of <code>${id}</code>`));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(ids.slice(0, shown.length));
    expect(shown.length).toBeLessThan(ids.length);
  });
});
