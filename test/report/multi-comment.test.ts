// The multi-image comment on hand-built reports; rendered comments go to test/report/rendered/.
import { describe, expect, it } from "vitest";
import { compareImages, failedImagesMessage, type ImageBaseline } from "../../src/compare/images.js";
import type { GateConfig } from "../../src/compare/gates.js";
import { MAX_COMMENT_CHARS } from "../../src/report/comment.js";
import { interest, renderMultiComment, type ImageOutcome } from "../../src/report/multi-comment.js";
import { entryOf } from "../../src/report/report-set.js";
import type { FailedReport, Report } from "../../src/report/schema.js";
import { BAD_STEPS, GOOD_STEPS, makeReport, step } from "../support/report.js";

const GATES: GateConfig = {
  maxImageSize: 250_000_000,
  maxImageGrowth: null,
  maxWarmSeconds: null,
  minCacheHitRatio: null,
  failOnCacheRegression: true,
};
const MARKER = "<!-- docker-cache-bench:bake -->";
const URL = "https://github.com/acme/app/actions/runs/1";

function named(r: Report, id: string): Report {
  return { ...r, benchmarkId: id };
}

function baselines(map: Record<string, Report>): (id: string) => ImageBaseline {
  return (id) =>
    map[id]
      ? {
          report: map[id],
          info: { source: "cache", commit: "0123456789abcdef", exact: true, branch: "main" },
          note: null,
        }
      : { report: null, info: null, note: "No baseline for this image yet." };
}

/** api regressed (its gate fails), web is unchanged, worker has no baseline. */
function threeImages(): ImageOutcome[] {
  const heads = [
    named(makeReport({ warm: BAD_STEPS, warmSeconds: 44.6, sizeBytes: 120_400_000 }), "api"),
    named(makeReport({ warm: GOOD_STEPS, warmSeconds: 3.3 }), "web"),
    named(makeReport({ warm: GOOD_STEPS, warmSeconds: 2.9, sizeBytes: 80_000_000 }), "worker"),
  ];
  const bases = {
    api: makeReport({ warm: GOOD_STEPS, warmSeconds: 3.1, sizeBytes: 120_000_000 }),
    web: makeReport({ warm: GOOD_STEPS, warmSeconds: 3.1 }),
  };
  return compareImages(
    heads.map((r) => entryOf(r)),
    baselines(bases),
    { seconds: 2, ratio: 0.1 },
    GATES,
  );
}

describe("renderMultiComment", () => {
  it("three images: one headline row each, a regression fails only its own gate", async () => {
    const images = threeImages();
    expect(images.map((o) => o.gates.filter((g) => g.passed === false).length)).toEqual([1, 0, 0]);
    const body = renderMultiComment({ marker: MARKER, benchmarkId: "bake", images, summaryUrl: URL });
    expect(body.startsWith(MARKER)).toBe(true);
    const rows = body.split("\n").filter((l) => /^\| (❌|⚠️|✅) <code>/.test(l));
    expect(rows.map((r) => r.match(/<code>([^<]+)<\/code>/)?.[1])).toEqual(["api", "web", "worker"]);
    expect(rows[0]).toContain("44.6s (+41.5s");
    expect(rows[0]).toContain("❌ 1 of 2");
    expect(rows[1]).toContain("✅ 2 of 2");
    expect(body).toContain("❌ **1 gate failed** in 1 of 3 images: <code>api</code>: cache regression");
    expect(body.match(/<details><summary>/g)?.length).toBeGreaterThanOrEqual(3);
    expect(failedImagesMessage(images)).toMatch(/^1 gate failed:\n- api: fail-on-cache-regression: /);
    await expect(body).toMatchFileSnapshot("rendered/multi-comment.md");
  });

  it("a failed build is a row and a verdict, and its detail is the failure", () => {
    const failed: FailedReport = {
      schemaVersion: 1,
      tool: { name: "docker-cache-bench", version: "0.1.0" },
      createdAt: "2026-12-01T00:00:00.000Z",
      build: {
        context: "services/web",
        dockerfile: "Dockerfile",
        target: null,
        platform: null,
        buildArgs: [],
      },
      docker: makeReport({ warm: GOOD_STEPS }).docker,
      cold: makeReport({ warm: GOOD_STEPS }).cold,
      warm: null,
      error: {
        phase: "cold",
        step: "[3/4] RUN make",
        line: 7,
        exitCode: 2,
        message: "[3/4] RUN make (line 7) failed with exit code 2",
        logTail: ["make: *** No rule to make target"],
      },
    };
    const images = [
      ...threeImages(),
      ...compareImages(
        [entryOf(failed, "web-2")],
        () => ({ report: null, info: null, note: null }),
        { seconds: 2, ratio: 0.1 },
        GATES,
      ),
    ];
    const body = renderMultiComment({ marker: MARKER, benchmarkId: "bake", images, summaryUrl: URL });
    expect(body).toContain("❌ **A build failed**: <code>web-2</code>");
    expect(body).toContain("| ❌ <code>web-2</code> | cold build failed |");
    expect(body).toContain("No rule to make target");
    expect(interest(images[3] as ImageOutcome)).toBeGreaterThan(interest(images[0] as ImageOutcome));
  });

  it("all unchanged: a green verdict", () => {
    const heads = ["a", "b"].map((id) => named(makeReport({ warm: GOOD_STEPS, warmSeconds: 3.2 }), id));
    const base = makeReport({ warm: GOOD_STEPS, warmSeconds: 3.1 });
    const images = compareImages(
      heads.map((r) => entryOf(r)),
      baselines({ a: base, b: base }),
      { seconds: 2, ratio: 0.1 },
      GATES,
    );
    const body = renderMultiComment({ marker: MARKER, benchmarkId: "ci", images, summaryUrl: null });
    expect(body).toContain("✅ No change beyond noise against the base in 2 of 2 images");
    expect(body).toContain("baseline: cached report of <code>0123456</code> on main");
  });

  it("over GitHub's limit: the least interesting images lose their detail first, and it says so", () => {
    const many = (n: number) =>
      Array.from({ length: 400 }, (_, i) => step(`RUN echo ${"x".repeat(60)} ${n}-${i}`, "done", 1, i + 2));
    const heads = ["quiet-1", "quiet-2", "regressed"].map((id, n) =>
      named(makeReport({ warm: id === "regressed" ? [...BAD_STEPS, ...many(n)] : many(n) }), id),
    );
    const images = compareImages(
      heads.map((r) => entryOf(r)),
      baselines({ regressed: makeReport({ warm: [...GOOD_STEPS, ...many(2)] }) }),
      { seconds: 2, ratio: 0.1 },
      GATES,
    );
    const full = renderMultiComment(
      { marker: MARKER, benchmarkId: "bake", images, summaryUrl: URL },
      Infinity,
    );
    expect(full.length).toBeGreaterThan(MAX_COMMENT_CHARS);
    const body = renderMultiComment({ marker: MARKER, benchmarkId: "bake", images, summaryUrl: URL });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body).toMatch(/✂️ To fit GitHub's 65,536-character limit, the detail of <code>quiet-2<\/code>/);
    expect(body).not.toMatch(/the detail of [^.]*<code>regressed<\/code>/);
    // The regressed image keeps its full step table; every headline row stays.
    expect(body).toContain("regressed</code>: 1 gate failed</summary>");
    expect(body).toContain("RUN echo " + "x".repeat(60) + " 2-399");
    expect(body.split("\n").filter((l) => /^\| (❌|⚠️|✅) <code>/.test(l))).toHaveLength(3);
  });
});
