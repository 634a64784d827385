// COPY --link on the modern engine: BuildKit runs it as two vertices of one progress group, which
// buildx plain prints as one block and rawjson and the 20.10 client print as two. The report must
// show one step per instruction, with the same statuses and hit ratio, on every docker path.
// Runs when DCB_ENGINE selects a modern engine (the 20.10 daemon's frontend has no --link).
import { describe, expect, it } from "vitest";
import { runBenchmark } from "../../src/benchmark.js";
import type { Report } from "../../src/report/schema.js";
import { benchOptions, copyProject, MODES } from "./helpers.js";

const MODERN = (process.env.DCB_ENGINE ?? "").startsWith("modern");

interface Run {
  label: string;
  docker: string;
  mode: "buildx" | "builtin";
  progress: "plain" | "rawjson";
}

const RUNS: Run[] = MODES.flatMap(({ label, docker, mode }): Run[] =>
  mode === "buildx"
    ? (["plain", "rawjson"] as const).map((progress) => ({
        label: `${label} ${progress}`,
        docker,
        mode,
        progress,
      }))
    : [{ label, docker, mode, progress: "plain" }],
);

// Dockerfile order. FROM's text varies by mode (`docker.io/${BASE}@sha256:…`) and its status by
// whether the engine re-resolved the image (done) or not (cached): only its line counts.
const rows = (steps: Report["warm"]["steps"]) =>
  steps
    .filter((s) => s.instruction !== null)
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    .map((s) =>
      s.instruction?.startsWith("FROM ") ? ["FROM", s.line, "resolved"] : [s.instruction, s.line, s.status],
    );

const shape = (r: Report) => ({
  cold: rows(r.cold.steps),
  warm: rows(r.warm.steps),
  summary: { steps: r.summary.steps, cached: r.summary.cachedSteps, ratio: r.summary.cacheHitRatio },
});

describe.skipIf(!MODERN)("COPY --link, one step per instruction", () => {
  const reports = new Map<string, Report>();

  it.each(RUNS)("$label", async ({ label, docker, mode, progress }) => {
    const dir = await copyProject("test/engine/projects/copy-link");
    const report = await runBenchmark(benchOptions(dir, { docker, mode, progress }));
    reports.set(label, report);
    expect(report.cold.format).toBe(progress);
    expect(report.touched).toEqual(["app/main.py"]);
    const s = shape(report);
    expect(s.warm).toEqual([
      ["FROM", 4, "resolved"],
      ["WORKDIR /app", 5, "cached"],
      ["COPY --link requirements.txt .", 6, "cached"],
      ["RUN pip install --no-cache-dir -r requirements.txt", 7, "cached"],
      ["COPY --link app/ ./app/", 8, "done"],
      ['RUN echo "compiling" && wc -c app/main.py', 9, "done"],
    ]);
    expect(s.summary).toEqual({ steps: 5, cached: 3, ratio: 0.6 });
    expect(report.cold.steps.some((s) => s.name?.includes("LINK"))).toBe(false);
  });

  it("every docker path gives the same steps and hit ratio", () => {
    const shapes = [...reports.values()].map((r) => ({ warm: shape(r).warm, summary: shape(r).summary }));
    expect(shapes).toHaveLength(RUNS.length);
    for (const s of shapes) expect(s).toEqual(shapes[0]);
  });
});
