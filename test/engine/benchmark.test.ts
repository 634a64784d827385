// The engine against the real Docker engine, on both docker paths. Each test benchmarks a copy of
// a project and asserts what the warm build did after the touch.
import { describe, expect, it } from "vitest";
import { runBenchmark } from "../../src/benchmark.js";
import { BuildFailedError } from "../../src/errors.js";
import { ReportSchema, type Report } from "../../src/report/schema.js";
import { currentEngine } from "../support/engine.js";
import { benchOptions, copyProject, MODES, snapshotTree } from "./helpers.js";

const warmStep = (r: Report, instruction: RegExp) =>
  r.warm.steps.find((s) => s.instruction && instruction.test(s.instruction));
const coldStep = (r: Report, instruction: RegExp) =>
  r.cold.steps.find((s) => s.instruction && instruction.test(s.instruction));

describe.each(MODES)("engine via $label", ({ docker, mode }) => {
  it("bad order: the dependency install rebuilds after a code touch", async () => {
    const dir = await copyProject("examples/python-bad-order");
    const before = await snapshotTree(dir);
    const report = await runBenchmark(benchOptions(dir, { docker, mode }));

    expect(ReportSchema.parse(report)).toBeTruthy();
    expect(report.docker.mode).toBe(mode);
    expect(report.touched).toHaveLength(1);
    expect(report.touched[0]).toMatch(/^app\/.*\.py$/);
    const install = warmStep(report, /^RUN pip install/);
    expect(install?.status).toBe("done");
    expect(install?.line).toBe(7);
    expect(install?.seconds).toBeGreaterThan(1);
    expect(coldStep(report, /^RUN pip install/)?.status).toBe("done");
    expect(warmStep(report, /^WORKDIR/)?.status).toBe("cached");
    expect(report.summary.firstRebuilt?.line).toBe(6);
    expect(report.touch.effective).toBe(true);
    expect(report.image.sizeBytes).toBeGreaterThan(1_000_000);
    expect(
      report.image.layers.some((l) => l.instruction.startsWith("RUN pip install") && l.sizeBytes > 1_000_000),
    ).toBe(true);
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("good order: the dependency install stays cached, only the code copy rebuilds", async () => {
    const dir = await copyProject("examples/python-good-order");
    const report = await runBenchmark(benchOptions(dir, { docker, mode }));

    expect(warmStep(report, /^RUN pip install/)?.status).toBe("cached");
    expect(warmStep(report, /^COPY requirements\.txt/)?.status).toBe("cached");
    const copy = warmStep(report, /^COPY \. \./);
    expect(copy?.status).toBe("done");
    expect(copy?.line).toBe(8);
    expect(report.summary.rebuiltSteps).toBe(1);
    expect(report.summary.cacheHitRatio).toBeGreaterThan(0.5);
  });

  it("a .dockerignore that hides files: the touch still hits a file the build copies", async () => {
    const dir = await copyProject("test/engine/projects/ignored");
    const report = await runBenchmark(benchOptions(dir, { docker, mode }));

    expect(report.touched).toEqual(["src/server.py"]);
    expect(report.touch.effective).toBe(true);
    expect(warmStep(report, /^COPY \. \./)?.status).toBe("done");
  });

  it("a warm build that fails: a typed error naming the step and exit code, and the file is restored", async () => {
    const dir = await copyProject("test/engine/projects/fails-on-touch");
    const before = await snapshotTree(dir);
    const error = await runBenchmark(benchOptions(dir, { docker, mode })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BuildFailedError);
    const e = error as BuildFailedError;
    expect(e.phase).toBe("warm");
    expect(e.exitCode).toBe(3);
    expect(e.step).toMatch(/RUN size=/);
    expect(e.message).toMatch(
      /warm build failed at step ".*RUN size=.*" \(Dockerfile line 7\) with exit code 3/,
    );
    // The warm build's record (found by its tag: a failed build writes no metadata file) agrees.
    if (currentEngine().serverMajor >= 24) {
      expect(e.failure).toMatchObject({ source: "record", line: 7, endLine: 7 });
      expect(e.failure.record).toMatchObject({ line: 7, exitCode: 3, disagreements: [] });
    } else expect(e.failure.record).toBeUndefined();
    expect(await snapshotTree(dir)).toEqual(before);
  });
});

describe("repeat", () => {
  it("every warm build pays for its own touch; the report keeps the median", async () => {
    const dir = await copyProject("examples/python-bad-order");
    const report = await runBenchmark(benchOptions(dir, { repeat: 3 }));

    expect(report.warmRepeats).toHaveLength(3);
    // Each repeat reinstalls the dependencies (8 packages × 0.4 s in the stand-in pip): a repeat
    // that hit the previous one's cache would take well under a second.
    for (const s of report.warmRepeats ?? []) expect(s).toBeGreaterThan(2);
    const sorted = [...(report.warmRepeats ?? [])].sort((a, b) => a - b);
    expect(report.warm.wallSeconds).toBe(sorted[1]);
  });
});
